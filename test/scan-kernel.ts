import assert from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import {KernelTally} from '../source/core/kernel-tally.js';
import {LineCursor} from '../source/core/line-cursor.js';
import {LineRecords} from '../source/core/line-records.js';
import type {TopBy} from '../source/core/report.js';
import {WindowTally, type WindowTallyOptions} from '../source/core/window-tally.js';
import {loadKernel} from '../source/io/load-kernel.js';
import {scanRange} from '../source/io/scan-file.js';
import {bruteTimestamp} from './helpers/brute-count.js';
import {memorySource} from './helpers/memory-source.js';

/*
The scanner kernel against the general path of LineCursor (every line read by the rules, no fast path) and against a brute force over plain strings, on adversarial logs: every rule of SPEC section 1, chunk edges anywhere, long lines and hosts, bytes that are not UTF-8, more hosts than the kernel's table starts with, hosts that share their first sixteen bytes.

Logs are latin1 strings, so that a character is a byte and any byte can be written, and host names are compared as such.
*/

type Line = {readonly offset: number; readonly timestamp: number; readonly source: string; readonly destination: string};

type Parsed = {
	readonly lines: Line[];
	/** Offsets of the malformed lines. */
	readonly malformed: number[];
};

/** The lines of a finished file, by SPEC section 1 with regular expressions: a last line without newline counts. */
function bruteLines(text: string): Parsed {
	const lines: Line[] = [];
	const malformed: number[] = [];
	let offset = 0;
	for (const raw of text.split('\n')) {
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		const fields = line.split(/[ \t]+/).filter(field => field !== '');
		if (fields.length > 0) {
			const timestamp = fields.length === 3 ? bruteTimestamp(fields[0]!) : undefined;
			if (timestamp === undefined) {
				malformed.push(offset);
			} else {
				lines.push({offset, timestamp, source: fields[1]!, destination: fields[2]!});
			}
		}

		offset += raw.length + 1;
	}

	return {lines, malformed};
}

type Answers = {
	readonly connectedTo: Record<string, number>;
	readonly receivedFrom: Record<string, number>;
	readonly top: Record<string, number>;
	readonly lines: number;
	readonly malformed: number;
	readonly done: boolean;
	readonly disorder: {readonly offset: number; readonly behind: number} | undefined;
};

/** What WindowTally's rules give, worked out over the brute force's lines in file order. */
function bruteAnswers(text: string, options: Required<WindowTallyOptions>): Answers {
	const {lines, malformed} = bruteLines(text);
	const host = options.host as string;
	const connectedTo: Record<string, number> = {};
	const receivedFrom: Record<string, number> = {};
	const top: Record<string, number> = {};
	const add = (counts: Record<string, number>, name: string) => {
		counts[name] = (counts[name] ?? 0) + 1;
	};

	let newest = Number.NEGATIVE_INFINITY;
	let count = 0;
	let done = false;
	let stoppedAt = Number.POSITIVE_INFINITY;
	let disorder: Answers['disorder'];
	for (const line of lines) {
		if (line.timestamp > newest) {
			newest = line.timestamp;
			if (line.timestamp > options.to + options.tolerance) {
				done = true;
				stoppedAt = line.offset;
				break;
			}
		} else if (line.timestamp < newest - options.tolerance && !disorder) {
			disorder = {offset: line.offset, behind: newest - line.timestamp};
		}

		if (line.timestamp >= options.from && line.timestamp <= options.to) {
			count++;
			add(top, line.source);
			if (options.topBy === 'involved' && line.destination !== line.source) {
				add(top, line.destination);
			}

			if (line.destination === host) {
				add(connectedTo, line.source);
			}

			if (line.source === host) {
				add(receivedFrom, line.destination);
			}
		}
	}

	return {connectedTo, receivedFrom, top, lines: count, malformed: malformed.filter(offset => offset < stoppedAt).length, done, disorder};
}

function answersOf(tally: WindowTally): Answers {
	const counts = (array: ArrayLike<number>) => {
		const result: Record<string, number> = {};
		for (let id = 0; id < tally.hosts.size; id++) {
			if (array[id]! > 0) {
				result[Buffer.from(tally.hosts.bytes(id)).toString('latin1')] = array[id]!;
			}
		}

		return result;
	};

	return {
		connectedTo: counts(tally.connectedTo),
		receivedFrom: counts(tally.receivedFrom),
		top: counts(tally.top),
		lines: tally.lines,
		malformed: tally.malformed,
		done: tally.done,
		disorder: tally.disorder,
	};
}

function cursorAnswers(text: string, options: WindowTallyOptions, fastPath: boolean): Answers {
	const tally = new WindowTally(options);
	const cursor = new LineCursor({fastPath}).reset(Buffer.from(text, 'latin1'));
	if (tally.consume(cursor, 0)) {
		tally.consume(cursor, 0, true);
	}

	return answersOf(tally);
}

async function kernelTally(text: string, options: WindowTallyOptions, chunkBytes: number): Promise<{answers: Answers; generalLines: number}> {
	const kernel = new KernelTally(loadKernel(), options);
	const bytes = Buffer.from(text, 'latin1');
	await scanRange(memorySource(bytes), {start: 0, end: bytes.length, atFileEnd: true}, kernel, chunkBytes);
	const tally = new WindowTally(options);
	tally.merge(kernel.snapshot());
	// The kernel's own flag: the merge infers `done` from the newest line, which is the same thing.
	assert.equal(kernel.done, tally.done);
	return {answers: answersOf(tally), generalLines: kernel.generalLines};
}

async function kernelAnswers(text: string, options: WindowTallyOptions, chunkBytes: number): Promise<Answers> {
	return (await kernelTally(text, options, chunkBytes)).answers;
}

/* The pieces of adversarial logs. */

const timestamps = fc.oneof(
	fc.constantFrom(
		'0', '000', '1565647204', '1565647204351', '99999999999', '100000000000', '0099999999999', '00000000000000000000100000000000',
		'9007199254740991', '9007199254740992', '09007199254740991', '99999999999999999999',
		'1331901000.486539', '1331901000.4', '1331901000.999999999', '1331901000.1234567890', '0.5', '00.001', '100000000000.5',
		'9007199254740.991', '9007199254740.992', '9007199254740.9919', '5.', '.5', '.', '1..2', '1.2.3', '1.2e3',
		'-5', '+5', '-0', '1e5', '0x1F', '12a', 'a12', '1,5', '\u00B9', '1\u00A05',
	),
	fc.bigInt({min: 0n, max: 10n ** 17n}).map(String),
	fc.tuple(fc.stringMatching(/^\d{1,17}$/), fc.stringMatching(/^\d{0,11}$/)).map(([whole, fraction]) => `${whole}.${fraction}`),
);

/** Names that collide on their first sixteen bytes, or differ only in length or a zero byte. */
const sharedPrefix = 'web-frontend-eu-';
const hosts = fc.oneof(
	fc.constantFrom('H', 'Hannibal', 'hannibal', 'Hannibal2', 'a', 'ab', 'ab\u0000', '\u0000', Buffer.from('Ωmega').toString('latin1'), '\u00FF\u00FE', '\u00C3', 'x\ry', '\r', 'a\u000Bb', 'a\u000Cb', 'a\u00A0b'),
	fc.constantFrom(sharedPrefix, `${sharedPrefix}1`, `${sharedPrefix}12`, `${sharedPrefix}2`, sharedPrefix.slice(0, 15), `${sharedPrefix}${'x'.repeat(40)}`, `${sharedPrefix}${'x'.repeat(41)}`),
	fc.nat({max: 3000}).map(n => `h${n}`),
	fc.string({unit: fc.integer({min: 0, max: 255}).filter(code => code !== 0x20 && code !== 0x09 && code !== 0x0A).map(code => String.fromCharCode(code)), minLength: 1, maxLength: 70}),
);

const blanks = fc.constantFrom(' ', ' ', ' ', '\t', '  ', ' \t ', '\t\t', ' '.repeat(17), `\t${' '.repeat(40)}`);
const around = fc.constantFrom('', '', '', '', ' ', '\t', ' \t', '  ', ' '.repeat(20));
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\r\n', ' \r\n');

const line = fc.oneof(
	{weight: 8, arbitrary: fc.tuple(around, timestamps, blanks, hosts, blanks, hosts, around, lineEnd).map(parts => parts.join(''))},
	{weight: 1, arbitrary: fc.tuple(around, timestamps, blanks, hosts, around, lineEnd).map(parts => parts.join(''))},
	{weight: 1, arbitrary: fc.tuple(timestamps, blanks, hosts, blanks, hosts, blanks, hosts, lineEnd).map(parts => parts.join(''))},
	{weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', ' \n', '\t \t\n', '\r\r\n', 'junk\n', '12\n')},
	{weight: 1, arbitrary: fc.string({unit: fc.integer({min: 0, max: 255}).map(code => String.fromCharCode(code)), maxLength: 40})},
);

const logs = fc.tuple(fc.array(line, {maxLength: 60}), fc.constantFrom('', '', '\r', '\n', '1565647204351 a b', '1565647204351 a b\r', '5. a b')).map(([lines, tail]) => lines.join('') + tail);

/** A window over the log's timestamps, and a host that is in it or not. */
function questionFor(text: string, pick: {readonly host: number; readonly from: number; readonly width: number; readonly topBy: TopBy; readonly tolerance: number}): Required<WindowTallyOptions> {
	const {lines} = bruteLines(text);
	const names = lines.flatMap(line => [line.source, line.destination]);
	const times = lines.map(line => line.timestamp).sort((a, b) => a - b);
	const host = names.length > 0 && pick.host < names.length * 2 ? names[pick.host % names.length]! : 'Nobody';
	const from = times.length > 0 ? times[pick.from % times.length]! - pick.width : 0;
	const spread = times.length > 0 ? times.at(-1)! - times[0]! : 0;
	return {host: Buffer.from(host, 'latin1'), from, to: from + (pick.width * 2) + Math.floor(spread / 2), topBy: pick.topBy, tolerance: pick.tolerance};
}

const picks = fc.record({
	host: fc.nat({max: 200}),
	from: fc.nat({max: 100}),
	width: fc.constantFrom(0, 1000, 1_000_000, 1e15),
	topBy: fc.constantFrom<TopBy[]>('source', 'involved'),
	tolerance: fc.constantFrom(0, 1000, 1e16),
});

test('the kernel counts what the general path and the brute force count, whatever the log and the chunk edges', async t => {
	await t.notThrowsAsync(fc.assert(fc.asyncProperty(logs, picks, fc.integer({min: 1, max: 200}), async (text, pick, chunkBytes) => {
		const options = questionFor(text, pick);
		const brute = bruteAnswers(text, {...options, host: Buffer.from(options.host).toString('latin1')});
		assert.deepStrictEqual(cursorAnswers(text, options, false), brute, 'the general path');
		assert.deepStrictEqual(cursorAnswers(text, options, true), brute, 'LineCursor with its fast path');
		assert.deepStrictEqual(await kernelAnswers(text, options, chunkBytes), brute, 'the kernel');
	}), {numRuns: 400}));
});

/** Records read in chunks of `chunkBytes` and batches of `capacity`, as (timestamp, source, destination) with names. */
function kernelRecords(text: string, chunkBytes: number, capacity: number): {lines: Array<Omit<Line, 'offset'>>; malformed: number; lineCount: number; firstSeen: string[]} {
	const records = new LineRecords(loadKernel(), capacity);
	const bytes = Buffer.from(text, 'latin1');
	const lines: Array<Omit<Line, 'offset'>> = [];
	let position = 0;
	let carried = 0;
	let size = chunkBytes;
	for (;;) {
		if (carried === size) {
			size *= 2;
		}

		const chunk = records.chunk(size);
		const read = Math.min(size - carried, bytes.length - position);
		chunk.set(bytes.subarray(position, position + read), carried);
		position += read;
		const filled = carried + read;
		const atEnd = position === bytes.length;
		let start = 0;
		do {
			const count = records.read(start, filled, atEnd);
			for (let i = 0; i < count; i++) {
				lines.push({timestamp: records.timestamps[i]!, source: Buffer.from(records.hostBytes(records.sources[i]!)).toString('latin1'), destination: Buffer.from(records.hostBytes(records.destinations[i]!)).toString('latin1')});
			}

			assert.ok(count <= capacity);
			start = records.position;
		} while (records.full);

		if (atEnd) {
			break;
		}

		carried = records.carry(filled);
	}

	const firstSeen = Array.from({length: records.hostCount}, (_, id) => Buffer.from(records.hostBytes(id)).toString('latin1'));
	return {lines, malformed: records.malformed, lineCount: records.lines, firstSeen};
}

test('records mode gives every well-formed line in order, with hosts interned in order of first sight', async t => {
	await t.notThrowsAsync(fc.assert(fc.asyncProperty(logs, fc.integer({min: 1, max: 120}), fc.integer({min: 1, max: 7}), async (text, chunkBytes, capacity) => {
		const brute = bruteLines(text);
		const read = kernelRecords(text, chunkBytes, capacity);
		assert.deepStrictEqual(read.lines, brute.lines.map(({timestamp, source, destination}) => ({timestamp, source, destination})));
		assert.equal(read.malformed, brute.malformed.length);
		assert.equal(read.lineCount, brute.lines.length + brute.malformed.length);
		assert.deepStrictEqual(read.firstSeen, [...new Set(brute.lines.flatMap(line => [line.source, line.destination]))]);
	}), {numRuns: 300}));
});

test('the host table grows past what it starts with, through collisions, and keeps every host apart', async t => {
	// 60 000 distinct hosts, many sharing their first sixteen bytes, in random order: the table doubles several times.
	const random = fc.sample(fc.nat({max: 59_999}), {numRuns: 200_000, seed: 11});
	const names = (n: number) => (n % 3 === 0 ? `${sharedPrefix}${n}` : (n % 3 === 1 ? `h${n}` : `${'z'.repeat(n % 40)}${n}`));
	const rows = random.map((n, index) => `${1_600_000_000_000 + index} ${names(n)} ${names((n * 7) % 60_000)}\n`);
	const text = [...Array.from({length: 60_000}, (_, n) => `1600000000000 ${names(n)} ${names(n)}\n`), ...rows].join('');
	const options = {host: sharedPrefix + '3', from: 0, to: 2e12, topBy: 'involved' as const, tolerance: 0};
	const brute = bruteAnswers(text, options);
	t.is(Object.keys(brute.top).length, 60_000);
	t.deepEqual(await kernelAnswers(text, options, 1 << 20), brute);
	const read = kernelRecords(text, 1 << 16, 10_000);
	t.is(read.firstSeen.length, 60_000);
	t.deepEqual(read.lines.slice(-3), bruteLines(text).lines.slice(-3).map(({timestamp, source, destination}) => ({timestamp, source, destination})));
});

test('lines of every length around the kernel\'s 16- and 64-byte steps read as the brute force reads them', async t => {
	// Each line's newline falls one byte further on; fields and blanks of changing sizes move every boundary across the steps.
	const rows: string[] = [];
	for (let length = 1; length <= 140; length++) {
		const source = 's'.repeat(1 + (length % 19));
		const destination = 'd'.repeat(length);
		rows.push(`1565647204${String(length % 1000).padStart(3, '0')} ${source}${length % 3 === 0 ? ' \t ' : ' '}${destination}${length % 4 === 0 ? '\r' : ''}${length % 5 === 0 ? '  ' : ''}\n`, `${length}.${String(length).slice(0, 9)}\t${source}\t${destination}\n`);
	}

	const text = rows.join('');
	const options = {host: 'd'.repeat(64), from: 0, to: 2e15, topBy: 'involved' as const, tolerance: 1e16};
	const brute = bruteAnswers(text, options);
	t.is(brute.lines, 280);
	for (const chunkBytes of [1 << 16, 100, 7]) {
		// eslint-disable-next-line no-await-in-loop
		const {answers, generalLines} = await kernelTally(text, options, chunkBytes);
		t.deepEqual(answers, brute);
		t.is(generalLines, 0, 'every line is of the usual shape: the kernel reads them all itself');
	}

	t.deepEqual(kernelRecords(text, 1 << 16, 1000).lines, bruteLines(text).lines.map(({timestamp, source, destination}) => ({timestamp, source, destination})));
});

test('a line longer than the chunk, with hosts of hundreds of bytes, is read whole', async t => {
	const long = 'v'.repeat(300);
	const text = `1565647204351 ${long}1 ${long}2\n1565647204352\t${long}1  H\r\n`;
	const options = {host: 'H', from: 0, to: 2e12, topBy: 'involved' as const, tolerance: 0};
	t.deepEqual(await kernelAnswers(text, options, 16), {
		connectedTo: {[`${long}1`]: 1},
		receivedFrom: {},
		top: {[`${long}1`]: 2, [`${long}2`]: 1, H: 1},
		lines: 2,
		malformed: 0,
		done: false,
		disorder: undefined,
	});
});

test('decimal seconds are floored to the millisecond and are always seconds', async t => {
	const text = '1331901000.486539 a b\n1331901000.4 a c\n100000000000.5 a d\n0.0009 a e\n9007199254740.991 a f\n9007199254740.992 a g\n5. a h\n.5 a i\n1.1234567890 a j\n';
	const read = kernelRecords(text, 64, 100);
	t.deepEqual(read.lines.map(line => line.timestamp), [1_331_901_000_486, 1_331_901_000_400, 100_000_000_000_500, 0, 9_007_199_254_740_991]);
	t.is(read.malformed, 4);
});
