import assert from 'node:assert/strict';
import {mkdtemp, open, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import type {WindowTally} from '../source/core/window-tally.js';
import {scanParallel} from '../source/io/parallel-scan.js';
import {seekWindowEnd, seekWindowStart} from '../source/io/seek.js';
import {bruteTimestamp} from './helpers/brute-count.js';

/*
The seeking query must answer exactly what a brute-force reading of the whole file answers, for random roughly sorted logs (disorder up to the tolerance) and random windows. The brute force below is written from SPEC sections 1 and 2 with plain strings, sharing no code with the engine.
*/

const tolerance = 3000;
let directory: string;
let fileNumber = 0;

test.before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'dashboard-property-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

type Counts = Map<string, number>;

type Answers = {
	readonly connectedTo: Counts;
	readonly receivedFrom: Counts;
	readonly top: Counts;
	readonly lines: number;
};

type Truth = Answers & {
	/** Malformed lines between the first and the last line of the window, in file order. */
	readonly malformedInside: number;
	readonly malformedAll: number;
};

function bruteForce(text: string, host: string, from: number, to: number, topBy: 'source' | 'involved'): Truth {
	const connectedTo: Counts = new Map();
	const receivedFrom: Counts = new Map();
	const top: Counts = new Map();
	const add = (map: Counts, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	let lines = 0;
	let malformedAll = 0;
	let malformedSinceWindowLine = 0;
	let malformedInside = 0;
	let seenWindow = false;
	const rows = text.split('\n');
	for (const row of rows) {
		const fields = row.replace(/\r$/, '').split(/[ \t]+/).filter(field => field !== '');
		if (fields.length === 0) {
			continue;
		}

		const [stamp = '', source = '', destination = ''] = fields;
		const timestamp = fields.length === 3 ? bruteTimestamp(stamp) : undefined;
		if (timestamp === undefined) {
			malformedAll++;
			malformedSinceWindowLine++;
			continue;
		}
		if (timestamp < from || timestamp > to) {
			continue;
		}

		if (seenWindow) {
			malformedInside += malformedSinceWindowLine;
		}

		seenWindow = true;
		malformedSinceWindowLine = 0;
		lines++;
		add(top, source);
		if (topBy === 'involved' && destination !== source) {
			add(top, destination);
		}

		if (destination === host) {
			add(connectedTo, source);
		}

		if (source === host) {
			add(receivedFrom, destination);
		}
	}

	return {connectedTo, receivedFrom, top, lines, malformedInside, malformedAll};
}

function fromTally(tally: WindowTally): Answers {
	const map = (counts: ArrayLike<number>): Counts => {
		const result: Counts = new Map();
		for (let id = 0; id < tally.hosts.size; id++) {
			if (counts[id]! > 0) {
				result.set(tally.hosts.name(id), counts[id]!);
			}
		}

		return result;
	};

	return {connectedTo: map(tally.connectedTo), receivedFrom: map(tally.receivedFrom), top: map(tally.top), lines: tally.lines};
}

const hostNames = ['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa', 'hannibal', 'Hannibal2', 'Ωmega', 'a'];

/** One line of the log, with its place in time before disorder. */
const entry = fc.record({
	step: fc.nat({max: 1000}),
	disorder: fc.nat({max: tolerance}),
	source: fc.constantFrom(...hostNames),
	destination: fc.constantFrom(...hostNames),
	separator: fc.constantFrom(' ', ' ', ' ', '\t', ' \t '),
	ending: fc.constantFrom('\n', '\n', '\n', '\n', '\r\n'),
	noise: fc.constantFrom(undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, '\n', 'garbage\n', '12 x\n', '-5 a b\n', '1 2 3 4\n', '   \n'),
});

const logArbitrary = fc.record({
	entries: fc.array(entry, {minLength: 0, maxLength: 6000, size: 'max'}),
	start: fc.integer({min: 1_000_000_000_000, max: 1_600_000_000_000}),
	/** Milliseconds per step unit: dense logs put hundreds of lines within the tolerance, where seeking has to be careful. */
	stepScale: fc.constantFrom(0.01, 0.05, 0.4),
	finalNewline: fc.boolean(),
	/** Enough padding per line that a few thousand lines make a file of several probe blocks. */
	padding: fc.nat({max: 20}),
});

type Generated = {
	readonly text: string;
	readonly first: number;
	readonly last: number;
};

function render(log: typeof logArbitrary extends fc.Arbitrary<infer T> ? T : never): Generated {
	const parts: string[] = [];
	let time = log.start;
	let last = log.start;
	const pad = '-'.repeat(log.padding);
	for (const line of log.entries) {
		time += Math.round(line.step * log.stepScale);
		// Lines i < j keep ts(i) <= ts(j) + tolerance: the base time never goes back, and no line is more than the tolerance behind it.
		const timestamp = Math.max(0, time - line.disorder);
		last = Math.max(last, timestamp);
		if (line.noise) {
			parts.push(line.noise);
		}

		parts.push(`${timestamp}${line.separator}${line.source}${pad}${line.separator}${line.destination}${pad}${line.ending}`);
	}

	let text = parts.join('');
	if (!log.finalNewline) {
		text = text.replace(/\r?\n$/, '');
	}

	return {text, first: log.start - tolerance, last};
}

const windowArbitrary = fc.record({
	/** Where the window starts, in thousandths of the log's span (integers: fast-check's doubles lean hard on 0). */
	start: fc.integer({min: -100, max: 1100}),
	/** Narrow windows are the ones seeking is for. */
	width: fc.oneof(fc.integer({min: 0, max: 20}), fc.integer({min: 0, max: 1200})),
	host: fc.constantFrom(...hostNames, 'Nobody'),
	topBy: fc.constantFrom<Array<'source' | 'involved'>>('source', 'involved'),
});

async function seekingQuery(text: string, options: {host: string; from: number; to: number; topBy: 'source' | 'involved'}, parallel: boolean): Promise<WindowTally> {
	const path = join(directory, `log-${fileNumber++}.log`);
	await writeFile(path, text);
	const file = await open(path);
	try {
		const {size} = await file.stat();
		const start = await seekWindowStart(file, size, options.from, tolerance);
		const end = await seekWindowEnd(file, size, options.to, tolerance);
		const {tally} = await scanParallel(file, {start, end, atFileEnd: end === size}, {...options, tolerance}, parallel ? {threshold: 1, threads: 3, headStart: 0} : {threshold: Number.POSITIVE_INFINITY});
		return tally;
	} finally {
		await file.close();
	}
}

async function checkSameAnswers(t: import('ava').ExecutionContext, parallel: boolean, runs: number): Promise<void> {
	await t.notThrowsAsync(fc.assert(
		fc.asyncProperty(logArbitrary, windowArbitrary, async (log, window) => {
			const {text, first, last} = render(log);
			const span = last - first;
			const from = Math.round(first + (window.start * span / 1000));
			const to = Math.round(first + ((window.start + window.width) * span / 1000));
			const tally = await seekingQuery(text, {host: window.host, from, to, topBy: window.topBy}, parallel);
			const truth = bruteForce(text, window.host, from, to, window.topBy);
			// Assertions that throw, so that fast-check sees a failure and shrinks it to a small log.
			assert.deepStrictEqual(fromTally(tally), {connectedTo: truth.connectedTo, receivedFrom: truth.receivedFrom, top: truth.top, lines: truth.lines});
			assert.ok(tally.malformed >= truth.malformedInside && tally.malformed <= truth.malformedAll, `malformed ${tally.malformed} within [${truth.malformedInside}, ${truth.malformedAll}]`);
			assert.equal(tally.disorder, undefined, 'a log within the tolerance is not reported');
		}),
		{numRuns: runs, interruptAfterTimeLimit: 40_000, markInterruptAsFailure: true},
	));
}

test('seeking and scanning in one thread equals a brute-force count', async t => {
	await checkSameAnswers(t, false, 150);
});

test('seeking and scanning across worker threads equals a brute-force count', async t => {
	await checkSameAnswers(t, true, 12);
});

test('the brute force itself counts what SPEC section 2 says', t => {
	const truth = bruteForce('1 H H\n2 a H\r\njunk\n3 H b\n4 a b', 'H', 1000, 3000, 'involved');
	t.deepEqual(truth.connectedTo, new Map([['H', 1], ['a', 1]]));
	t.deepEqual(truth.receivedFrom, new Map([['H', 1], ['b', 1]]));
	t.deepEqual(truth.top, new Map([['H', 3], ['a', 1], ['b', 1]]));
	t.is(truth.malformedInside, 1);
});
