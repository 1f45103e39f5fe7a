import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import type {TopBy} from '../source/core/report.js';
import {openLiveReader} from '../source/io/live-reader.js';
import {answers, bruteReport, parseLines} from './helpers/brute-count.js';

/*
The live reader against a brute-force count, on random streams:
- timestamps with disorder up to the tolerance (each line is its true time minus up to the tolerance, so SPEC section 1's bound holds),
- host names with multi-byte UTF-8 characters, CRLF endings, tabs, blank and malformed lines,
- written in random pieces that split lines and characters anywhere, sometimes rotating the file (rename and create),
- refreshed at random points: every report must equal the brute force over the lines completely written before it.
*/

const base = 1_600_000_000_000;
const tolerance = 2000;

const host = fc.constantFrom('a', 'b', 'Hanny', 'é', 'Ω', '日本', '😀', 'x\u00A0y');
const line = fc.record({
	advance: fc.integer({min: 0, max: 400}),
	back: fc.integer({min: 0, max: tolerance}),
	source: host,
	destination: host,
	form: fc.constantFrom('plain', 'plain', 'plain', 'crlf', 'tabs', 'blank', 'malformed'),
});
const operation = fc.oneof(
	{weight: 6, arbitrary: fc.record({kind: fc.constant('write' as const), size: fc.integer({min: 1, max: 40})})},
	{weight: 3, arbitrary: fc.record({kind: fc.constant('refresh' as const), host, topBy: fc.constantFrom<TopBy>('source', 'involved'), jitter: fc.integer({min: 0, max: 1500})})},
	{weight: 1, arbitrary: fc.record({kind: fc.constant('rotate' as const)})},
);

type Line = typeof line extends fc.Arbitrary<infer T> ? T : never;

function render(lines: readonly Line[]): Buffer {
	let now = base;
	const text = lines.map(({advance, back, source, destination, form}) => {
		now += advance;
		const timestamp = now - back;
		switch (form) {
			case 'crlf': {
				return `${timestamp} ${source} ${destination}\r\n`;
			}

			case 'tabs': {
				return `\t${timestamp}\t \t${source}\t${destination} \n`;
			}

			case 'blank': {
				return ' \t\n';
			}

			case 'malformed': {
				return `${timestamp} ${source}\n`;
			}

			default: {
				return `${timestamp} ${source} ${destination}\n`;
			}
		}
	}).join('');
	return Buffer.from(text);
}

async function check(lines: readonly Line[], operations: readonly Operation[], window: number, chunkSize: number, logClock: boolean): Promise<string | undefined> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-property-'));
	const file = path.join(dir, 'app.log');
	const bytes = render(lines);
	let written = 0;
	let lastTo = base;
	const reader = openLiveReader({files: [file], window, tolerance, now: logClock ? undefined : base}, {chunkSize});
	const write = async (end: number) => {
		if (end > written) {
			await fs.appendFile(file, bytes.subarray(written, end));
			written = end;
		}
	};

	const refresh = async (name: string, topBy: TopBy, jitter: number): Promise<string | undefined> => {
		await reader.update();
		// Only the lines whose newline was written (lastIndexOf with -1 would search from the end).
		const complete = written === 0 ? '' : bytes.subarray(0, bytes.lastIndexOf(0x0A, written - 1) + 1).toString('utf8');
		const parsed = parseLines(complete);
		const newest = parsed.length > 0 ? Math.max(...parsed.map(entry => entry.timestamp)) : undefined;
		let to: number;
		if (logClock) {
			if (reader.status.newestTimestamp !== newest) {
				return `newest ${reader.status.newestTimestamp} instead of ${newest}`;
			}

			if (newest === undefined) {
				return undefined;
			}

			to = newest;
		} else {
			to = Math.max(lastTo, (newest ?? base) + jitter);
		}

		lastTo = to;
		const got = answers(reader.report({host: name, from: to - window, to, topBy}));
		const expected = bruteReport(parsed, name, to - window, to, topBy);
		const same = JSON.stringify(got) === JSON.stringify(expected);
		return same ? undefined : `at ${written} bytes, ${name} over [${to - window}, ${to}]:\n${JSON.stringify(got)}\nexpected\n${JSON.stringify(expected)}`;
	};

	try {
		// The reader is running before the writer starts, and looks at least once between two rotations: a file created and rotated away between two looks cannot be known (as with `tail -F`).
		await fs.writeFile(file, '');
		await reader.update();
		let rotated = false;
		for (const step of operations) {
			if (step.kind === 'write') {
				// eslint-disable-next-line no-await-in-loop
				await write(Math.min(bytes.length, written + step.size));
			} else if (step.kind === 'rotate') {
				// The writer finishes its line in the old file, which is renamed away; the new file takes the next lines.
				const next = bytes.indexOf(0x0A, written);
				// eslint-disable-next-line no-await-in-loop
				await write(next < 0 ? bytes.length : next + 1);
				if (rotated) {
					// eslint-disable-next-line no-await-in-loop
					await reader.update();
				}

				rotated = true;
				// eslint-disable-next-line no-await-in-loop
				await fs.rename(file, `${file}.1`).catch(() => undefined);
				// eslint-disable-next-line no-await-in-loop
				await fs.writeFile(file, '');
			} else {
				rotated = false;
				// eslint-disable-next-line no-await-in-loop
				const problem = await refresh(step.host, step.topBy, step.jitter);
				if (problem) {
					return problem;
				}
			}
		}

		await write(bytes.length);
		return await refresh('a', 'source', 0);
	} finally {
		await reader.close();
		await fs.rm(dir, {recursive: true, force: true});
	}
}

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
	lines: fc.array(line, {minLength: 1, maxLength: 60}),
	operations: fc.array(operation, {maxLength: 60}),
	window: fc.integer({min: 1, max: 6000}),
	chunkSize: fc.integer({min: 4, max: 64}),
});

test('wall clock: every refresh equals a brute-force count of the lines written before it', async t => {
	await fc.assert(fc.asyncProperty(scenario, async ({lines, operations, window, chunkSize}) => {
		const problem = await check(lines, operations, window, chunkSize, false);
		if (problem) {
			t.log(problem);
		}

		return problem === undefined;
	}), {numRuns: 300});
	t.pass();
});

test('log clock: every refresh equals a brute-force count over the window ending at the newest line', async t => {
	await fc.assert(fc.asyncProperty(scenario, async ({lines, operations, window, chunkSize}) => {
		const problem = await check(lines, operations, window, chunkSize, true);
		if (problem) {
			t.log(problem);
		}

		return problem === undefined;
	}), {numRuns: 300});
	t.pass();
});
