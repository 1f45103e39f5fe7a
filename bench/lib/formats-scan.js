// One format's cursor over a file already in memory, in the chunks the file scanner reads (whole lines, about 2 MB), so that neither the disk nor the counting blurs what the parser costs. Each format runs in a process of its own, as a reader of one format would.
//
//	node formats-scan.js DIST FORMAT FILE ROUNDS   ->   {"seconds":[...],"lines":N,"skipped":N,"malformed":N}
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';

const [dist, format, file, rounds = '5'] = process.argv.slice(2);
const {createCursor} = await import(pathToFileURL(join(dist, 'source/core/formats/log-format.js')).href);
const {lineResult} = await import(pathToFileURL(join(dist, 'source/core/line-cursor.js')).href);
const data = readFileSync(file);
const chunk = 2 * 1024 * 1024;
const cuts = [];
for (let start = 0; start < data.length;) {
	let end = Math.min(data.length, start + chunk);
	if (end < data.length) {
		end = data.lastIndexOf(0x0A, end - 1) + 1;
	}

	cuts.push(start, end);
	start = end;
}

function scan() {
	const cursor = createCursor(format);
	let lines = 0;
	let skipped = 0;
	let malformed = 0;
	let checksum = 0;
	for (let index = 0; index < cuts.length; index += 2) {
		cursor.reset(data, cuts[index], cuts[index + 1]);
		for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
			if (result === lineResult.line) {
				lines++;
				// Use what a reader uses, so that nothing can be optimised away.
				checksum += cursor.timestamp + cursor.sourceEnd - cursor.destinationStart;
			} else if (result === lineResult.skipped) {
				skipped++;
			} else {
				malformed++;
			}
		}
	}

	return {lines, skipped, malformed, checksum};
}

scan();
const seconds = [];
let counts;
for (let round = 0; round < Number(rounds); round++) {
	const started = process.hrtime.bigint();
	counts = scan();
	seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
}

process.stdout.write(`${JSON.stringify({seconds, lines: counts.lines, skipped: counts.skipped, malformed: counts.malformed, bytes: data.length})}\n`);
