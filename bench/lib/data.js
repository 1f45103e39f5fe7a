// Test data, written by the project's own generator (`dashboard generate --fast`, fixed seed), so that benchmarks read what the live generator would write.
import {spawnSync} from 'node:child_process';
import {closeSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';

export const epoch = Date.parse('2020-01-01T00:00:00Z');

/**
Write one file of `lines` lines (connections, for another `format` than native) at `rate` a second of log time starting at `start` (ms), with `hostCount` hosts, into `path`.
@returns {path, bytes, lines, first, last} (first and last: the times of the first and last line, ms).
*/
export function generate(cli, path, {lines, rate, hostCount, start = epoch, seed = 7, format = 'native'}) {
	const directory = `${path}.gen`;
	rmSync(directory, {recursive: true, force: true});
	const args = [cli, 'generate', '--fast', '--start', String(start), '--seed', String(seed), '--rate', String(rate),
		'--lines', String(lines), '--lines-per-file', String(lines), '--max-file-age', '100000h', '--host-count', String(hostCount), '--dir', directory, '--format', format];
	const result = spawnSync('node', args, {stdio: ['ignore', 'ignore', 'pipe']});
	if (result.status !== 0) {
		throw new Error(`generate failed: ${result.stderr}`);
	}

	const files = readdirSync(directory);
	if (files.length !== 1) {
		throw new Error(`generate wrote ${files.length} files into ${directory}, expected one`);
	}

	renameSync(join(directory, files[0]), path);
	rmSync(directory, {recursive: true, force: true});
	return {path, bytes: statSync(path).size, lines, first: start, last: start + Math.floor(((lines - 1) * 1000) / rate)};
}

/** Bytes a line (a connection, with what comes with it in another format) takes on average with these settings: from a sample of 200 000. */
export function bytesPerLine(cli, directory, settings) {
	const sample = generate(cli, join(directory, 'sample.log'), {...settings, lines: 200_000});
	rmSync(sample.path);
	return sample.bytes / sample.lines;
}

/** The busiest source in the first megabyte of a file: a host with rows in every pane, as the dashboard would open on. */
export function busyHost(path) {
	const fd = openSync(path, 'r');
	const buffer = Buffer.alloc(1 << 20);
	const bytes = readSync(fd, buffer, 0, buffer.length, 0);
	closeSync(fd);
	const counts = new Map();
	for (const line of buffer.subarray(0, bytes).toString('latin1').split('\n').slice(0, -1)) {
		const source = line.split(' ')[1];
		counts.set(source, (counts.get(source) ?? 0) + 1);
	}

	return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}
