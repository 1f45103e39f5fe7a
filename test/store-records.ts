import {mkdtemp, open, rm, writeFile, type FileHandle} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {SlidingWindow} from '../source/core/sliding-window.js';
import {type StoredBatch, storeRecords} from '../source/io/store-records.js';
import {answers, bruteReport, parseLines} from './helpers/brute-count.js';

/* A run of lines into the store in parts read at once, each part a lane of the run: what stays stored is one stretch from the start, whatever part fails, and it is what the batches told say. */

let directory: string;

test.before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'dashboard-store-records-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

const hosts = ['a', 'b', 'Hanny', 'é', '日本'];

/* A handle whose reads of byte `failAt` fail: the parts after it read on. */
function failingAt(file: FileHandle, failAt: number): FileHandle {
	return {
		async read(buffer: Uint8Array, offset: number, length: number, position: number) {
			if (position <= failAt && position + length > failAt) {
				throw new Error(`EIO: i/o error, read at ${position}`);
			}

			return file.read(buffer, offset, length, position);
		},
	} as unknown as FileHandle;
}

test('parts read at once keep, on a failure in any of them, exactly the lines before it, told in file order; reading on from there counts every line once', async t => {
	await fc.assert(fc.asyncProperty(fc.integer({min: 200, max: 1500}), fc.integer({min: 1, max: 4}), fc.option(fc.double({min: 0, max: 1, noNaN: true}), {nil: undefined}), fc.integer({min: 1, max: 1_000_000}), async (count, parts, failure, seed) => {
		let random = seed;
		const next = (n: number) => {
			random = ((random * 1_103_515_245) + 12_345) % 2_147_483_648;
			return random % n;
		};

		const text = Array.from({length: count}, (_, i) => `${1_600_000_000 + Math.max(0, (i * 3) - next(40))}.${String(next(1000)).padStart(3, '0')} ${hosts[next(5)]!} ${hosts[next(5)]!}\n`).join('');
		const path = join(directory, `log-${seed}-${count}.log`);
		await writeFile(path, text);
		const size = Buffer.byteLength(text);
		const file = await open(path);
		try {
			const failAt = failure === undefined ? Number.POSITIVE_INFINITY : Math.floor(failure * size);
			const store = new SlidingWindow();
			store.countFrom(0);
			const told: StoredBatch[] = [];
			let error: unknown;
			let end = 0;
			try {
				({end} = await storeRecords(store, failingAt(file, failAt), {start: 0, end: size, atFileEnd: true}, {parts, partBytes: 64, threshold: Number.POSITIVE_INFINITY, chunkSize: 256, capacity: 16, stored: batch => told.push(batch)}));
			} catch (caught) {
				error = caught;
			}

			t.is(error !== undefined, failAt < size, 'rejects when a read failed');
			const taken = told.at(-1)?.end ?? 0;
			t.deepEqual(told.map(batch => batch.end), [...told.map(batch => batch.end)].sort((a, b) => a - b), 'told in file order');
			if (error === undefined) {
				t.is(end, size);
				t.is(taken, size);
			} else {
				t.true(taken <= failAt, 'nothing told from beyond the failure');
			}

			const kept = parseLines(Buffer.from(text).subarray(0, taken).toString());
			t.is(told.reduce((sum, batch) => sum + batch.lines, 0), kept.length);
			t.is(store.keptLines, kept.length);
			const from = 1_600_000_000_000;
			const to = from + (count * 3000);
			t.deepEqual(answers(store.report({host: 'a', from, to, topBy: 'involved'})), bruteReport(kept, 'a', from, to, 'involved'));
			// As a follower does after a failure: the rest from where the told batches end, line by line.
			const rest = Buffer.from(text).subarray(taken);
			for (const line of parseLines(rest.toString())) {
				const bytes = Buffer.from(`${line.source} ${line.destination}`);
				const split = Buffer.byteLength(line.source);
				store.add(bytes, 0, split, split + 1, bytes.length, line.timestamp);
			}

			t.deepEqual(answers(store.report({host: '日本', from, to, topBy: 'source'})), bruteReport(parseLines(text), '日本', from, to, 'source'));
		} finally {
			await file.close();
		}
	}), {numRuns: 60});
});
