#!/usr/bin/env node
/*
Micro-benchmark of the single-thread hot path of `dashboard query`: the line cursor and the window tally over a file already in memory, in the chunk size the scanner reads, so that neither I/O nor worker start-up blurs the comparison.

	npx tsc && node bench/scan-micro.js FILE --host H [--mb 200] [--runs 7] [--dist dist] [--mode tally|cursor]

`--dist` points at another build (a copy of dist/ from before a change) to compare two versions in one run: give it twice (`--dist a --dist b`) and the runs alternate A B A B. Prints the median and best MB/s of each: on a shared machine the best run is the one least disturbed by other work.
*/
import {openSync, readSync, closeSync, fstatSync} from 'node:fs';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

const args = process.argv.slice(2);
const file = args[0];
const option = (name, fallback) => {
	const values = [];
	for (let i = 0; i < args.length; i++) {
		if (args[i] === `--${name}`) {
			values.push(args[i + 1]);
		}
	}

	return values.length > 0 ? values : [fallback];
};

const host = option('host', 'Hannibal')[0];
const megabytes = Number(option('mb', '200')[0]);
const runs = Number(option('runs', '7')[0]);
const mode = option('mode', 'tally')[0];
const dists = option('dist', 'dist');
const chunk = 2 * 1024 * 1024;

const fd = openSync(file, 'r');
const size = Math.min(fstatSync(fd).size, megabytes * 1e6);
const data = new Uint8Array(size);
for (let done = 0; done < size;) {
	done += readSync(fd, data, done, size - done, done);
}

closeSync(fd);

const versions = await Promise.all(dists.map(async dist => {
	const base = pathToFileURL(resolve(dist, 'source/core') + '/').href;
	const {LineCursor, lineResult} = await import(`${base}line-cursor.js`);
	const {WindowTally} = await import(`${base}window-tally.js`);
	return {dist, LineCursor, lineResult, WindowTally, times: []};
}));

/* Whole lines per chunk, as scanRange hands them to the tally (its carried tail is left out: copying it costs the same in every version). */
function scan({LineCursor, lineResult, WindowTally}) {
	const cursor = new LineCursor();
	const tally = new WindowTally({host, from: 0, to: 9_999_999_999_999, topBy: 'source'});
	let lines = 0;
	for (let offset = 0; offset < size;) {
		const end = Math.min(size, offset + chunk);
		cursor.reset(data, offset, end);
		if (mode === 'cursor') {
			for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
				lines++;
			}
		} else {
			tally.consume(cursor, 0, end === size);
		}

		offset = cursor.position > offset ? cursor.position : end;
	}

	return mode === 'cursor' ? lines : tally.lines;
}

for (let run = 0; run < runs; run++) {
	for (const version of versions) {
		const start = process.hrtime.bigint();
		const lines = scan(version);
		version.times.push(Number(process.hrtime.bigint() - start) / 1e9);
		version.lines = lines;
	}
}

for (const {dist, times, lines} of versions) {
	const sorted = [...times].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	console.log(`${dist.padEnd(24)} ${mode} ${(size / median / 1e6).toFixed(0).padStart(5)} MB/s median, ${(size / sorted[0] / 1e6).toFixed(0).padStart(5)} best (${times.map(t => (size / t / 1e6).toFixed(0)).join(' ')}), ${lines} lines`);
}
