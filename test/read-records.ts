import {mkdtemp, open, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import type {RecordBatch} from '../source/core/line-records.js';
import {readRecords, type ReadRecordsOptions} from '../source/io/read-records.js';
import {parseLines} from './helpers/brute-count.js';

/* The records a live start-up reads its window with, in a thread of their own or in this one, against the brute force's lines. */

let directory: string;

test.before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'dashboard-records-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

type Read = {
	readonly lines: Array<{timestamp: number; source: string; destination: string}>;
	readonly lineCount: number;
	readonly malformed: number;
	readonly batches: number;
	readonly bytesRead: number;
	readonly end: number;
};

/** Every record named through the batches' own host lists, as a store on the other side of the thread would name them. */
async function readAll(text: string, options: ReadRecordsOptions, atFileEnd = true): Promise<Read> {
	const path = join(directory, `log-${Math.random().toString(36).slice(2)}.log`);
	await writeFile(path, text);
	const file = await open(path);
	try {
		const names: string[] = [];
		const lines: Read['lines'] = [];
		let lineCount = 0;
		let malformed = 0;
		let batches = 0;
		const {size} = await file.stat();
		const {bytesRead, end} = await readRecords(file, {start: 0, end: size, atFileEnd}, (batch: RecordBatch) => {
			batches++;
			if (batch.firstHost !== names.length) {
				throw new Error(`batch names hosts from ${batch.firstHost}, ${names.length} known`);
			}

			let start = 0;
			for (const end of batch.nameEnds) {
				names.push(Buffer.from(batch.names.subarray(start, end)).toString('utf8'));
				start = end;
			}

			for (let i = 0; i < batch.count; i++) {
				lines.push({timestamp: batch.timestamps[i]!, source: names[batch.sources[i]!]!, destination: names[batch.destinations[i]!]!});
			}

			lineCount += batch.lines;
			malformed += batch.malformed;
		}, options);
		return {lines, lineCount, malformed, batches, bytesRead, end};
	} finally {
		await file.close();
	}
}

/** 30 000 lines of every shape, among them malformed, blank, CRLF, decimal and long ones. */
function sampleLog(): {text: string; malformed: number} {
	const rows: string[] = [];
	let malformed = 0;
	for (let i = 0; i < 30_000; i++) {
		const time = 1_600_000_000_000 + (i * 7);
		const source = `host-${(i * 7919) % 997}`;
		const destination = i % 101 === 0 ? `${'long-'.repeat(20)}${i % 3}` : `peer-${i % 89}`;
		switch (i % 50) {
			case 7: {
				rows.push('garbage line\n');
				malformed++;
				break;
			}

			case 8: {
				rows.push('\n');
				break;
			}

			case 9: {
				rows.push(`${time / 1000} ${source}\t${destination}\r\n`);
				break;
			}

			default: {
				rows.push(`${time} ${source} ${destination}\n`);
			}
		}
	}

	// The last line without a newline: complete in a finished file.
	rows.push('1600000999999 last one');
	return {text: rows.join(''), malformed};
}

const {text, malformed} = sampleLog();
const expected = parseLines(`${text}\n`).map(({timestamp, source, destination}) => ({timestamp, source, destination}));

for (const [name, options] of [
	['in this thread', {threshold: Number.POSITIVE_INFINITY}],
	['in a thread of their own', {threshold: 1}],
	['in a thread of their own, small batches and chunks, one batch ahead at most', {threshold: 1, capacity: 333, chunkSize: 1000, inFlight: 1}],
] as const) {
	test(`records read ${name} are every line in file order, hosts named by the batches`, async t => {
		const read = await readAll(text, options);
		t.is(read.lines.length, expected.length);
		t.deepEqual(read.lines, expected);
		t.is(read.malformed, malformed);
		t.is(read.lineCount, expected.length + malformed);
		t.is(read.bytesRead, Buffer.byteLength(text));
		t.is(read.end, Buffer.byteLength(text));
		t.true(read.batches >= Math.ceil(expected.length / (options.capacity ?? 65_536)));
	});
}

test('a followed file\'s unfinished last line is left unread, and the end says where it starts', async t => {
	for (const threshold of [1, Number.POSITIVE_INFINITY]) {
		// eslint-disable-next-line no-await-in-loop
		const read = await readAll('1 a b\n2 c d\n3 e', {threshold, chunkSize: 4}, false);
		t.deepEqual(read.lines.map(line => line.timestamp), [1000, 2000]);
		t.is(read.end, 12);
	}
});

test('malformed lines after the last record are still told', async t => {
	const read = await readAll('1 a b\njunk\nmore junk\n', {threshold: 1});
	t.deepEqual(read.lines, [{timestamp: 1000, source: 'a', destination: 'b'}]);
	t.is(read.malformed, 2);
	t.is(read.lineCount, 3);
});

test('a taker that throws ends the reading with its error, and the thread with it', async t => {
	let calls = 0;
	const path = join(directory, 'throws.log');
	await writeFile(path, text);
	const file = await open(path);
	try {
		const error = await t.throwsAsync(readRecords(file, {start: 0, end: Buffer.byteLength(text), atFileEnd: true}, () => {
			calls++;
			throw new Error('store full');
		}, {threshold: 1, capacity: 100}));
		t.is(error?.message, 'store full');
		t.is(calls, 1);
	} finally {
		await file.close();
	}
});
