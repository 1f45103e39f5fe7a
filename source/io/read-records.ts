import type {FileHandle} from 'node:fs/promises';
import {defaultRecordCapacity, LineRecords, type RecordBatch} from '../core/line-records.js';
import {maxLineBytes} from '../core/formats/connection-cursor.js';
import {loadKernel} from './load-kernel.js';
import {type ByteSource, chunkSize, type ScanRange} from './scan-file.js';
import type {RecordsJob, RecordsMessage} from './records-worker.js';
import {startWorker} from './start-worker.js';

/*
Records of a file's lines for the live store, as the kernel's records mode makes them: the API a live start-up reads its window with. A large range is read in a worker thread while the caller feeds each batch to its store here, so that parsing and storing run on both cores at once, in file order.
*/

export type ReadRecordsOptions = {
	/** Ranges smaller than this are read in this thread: starting a worker costs tens of ms. */
	readonly threshold?: number;
	/** Records a batch holds. */
	readonly capacity?: number;
	/** Batches the thread may have sent ahead of the caller: what it holds in memory between the threads (a batch is 16 bytes a record). */
	readonly inFlight?: number;
	/** Bytes read at a time. */
	readonly chunkSize?: number;
};

export type ReadRecordsResult = {
	readonly bytesRead: number;
	/** File offset after the last line read: where a follower goes on (an unfinished last line is left there, unless the range ends the file). */
	readonly end: number;
	/** `end` is inside a line longer than `maxLineBytes`, skipped so far: the follower skips the rest up to its newline. */
	readonly skipping: boolean;
};

/** About a tenth of a second of reading: below it a worker's start-up eats the gain. */
export const defaultRecordsThreshold = 32 * 1024 * 1024;

/**
Read the records of `range` batch by batch, in file order. A batch's host ids are those of the reader's own table, named by the batches so far (`firstHost`, `names`); a batch is valid only during the call to `onBatch`.
*/
export async function readRecords(file: FileHandle, range: ScanRange, onBatch: (batch: RecordBatch) => void, options: ReadRecordsOptions = {}): Promise<ReadRecordsResult> {
	const capacity = options.capacity ?? defaultRecordCapacity;
	const chunk = options.chunkSize ?? chunkSize;
	const length = range.end - range.start;
	const kernel = loadKernel();
	if (!Number.isFinite(length) || length < (options.threshold ?? defaultRecordsThreshold)) {
		const records = new LineRecords(kernel, capacity);
		return recordRange(records, file, range, chunk, async batch => {
			onBatch(batch);
		}, false);
	}

	return readInWorker({fd: file.fd, range, kernel, capacity, inFlight: options.inFlight ?? 4, chunkSize: chunk}, onBatch);
}

/**
Read `range` with `records`, handing each batch to `emit` (awaited, so that a slow taker holds the reading back). Also the loop of the records thread.

@param copy Copy each batch out of the kernel's memory (to send it to another thread).
*/
export async function recordRange(records: LineRecords, source: ByteSource, range: ScanRange, chunkBytes: number, emit: (batch: RecordBatch) => Promise<void>, copy: boolean): Promise<ReadRecordsResult> {
	let capacity = chunkBytes;
	let position = range.start;
	let carried = 0;
	let bytesRead = 0;
	let end = range.start;
	let pending = false;
	let skipping = false;
	for (;;) {
		if (carried === capacity) {
			if (capacity * 2 > maxLineBytes) {
				// No newline in all of this: one malformed line, skipped to its newline rather than held.
				skipping = true;
				carried = 0;
			} else {
				// A line longer than the chunk: make room for the rest of it.
				capacity *= 2;
			}
		}

		const chunk = records.chunk(capacity);
		const wanted = Math.min(capacity - carried, range.end - position);
		// eslint-disable-next-line no-await-in-loop
		const got = wanted > 0 ? (await source.read(chunk, carried, wanted, position)).bytesRead : 0;
		position += got;
		bytesRead += got;
		const filled = carried + got;
		const finished = got === 0 || position >= range.end;
		let start = 0;
		if (skipping) {
			const newline = chunk.subarray(0, filled).indexOf(0x0A);
			if (newline < 0) {
				if (finished) {
					end = position;
					break;
				}

				carried = 0;
				continue;
			}

			skipping = false;
			records.lines++;
			records.malformed++;
			pending = true;
			start = newline + 1;
		}

		do {
			const count = records.read(start, filled, finished && (range.atFileEnd || got === 0));
			start = records.position;
			if (count > 0) {
				// eslint-disable-next-line no-await-in-loop
				await emit({...records.batch(copy), end: position - filled + records.position});
				pending = false;
			} else {
				// Malformed lines alone make no batch yet: they are told with the next one.
				pending ||= records.lines > 0;
			}
		} while (records.full);

		if (finished) {
			end = position - filled + records.position;
			break;
		}

		carried = records.carry(filled);
	}

	if (pending) {
		// The last read made no record: this batch has none, only the lines and hosts since the last one.
		const last = records.batch(copy);
		if (last.lines > 0 || last.nameEnds.length > 0) {
			await emit({...last, end});
		}
	}

	return {bytesRead, end, skipping};
}

async function readInWorker(job: RecordsJob, onBatch: (batch: RecordBatch) => void): Promise<ReadRecordsResult> {
	return new Promise((resolve, reject) => {
		const worker = startWorker(import.meta.url, 'records-worker', {workerData: job});
		let result: ReadRecordsResult | undefined;
		let failure: unknown;
		worker.on('message', (message: RecordsMessage) => {
			if (failure !== undefined) {
				// Batches already on their way when the taker failed.
				return;
			}

			if (message.kind === 'end') {
				result = message.result;
				return;
			}

			try {
				onBatch(message.batch);
				worker.postMessage('taken');
			} catch (error) {
				// The caller's failure ends the reading; it is what the promise rejects with.
				failure = error;
				void worker.terminate();
			}
		});
		worker.once('error', reject);
		worker.once('exit', code => {
			if (failure !== undefined) {
				reject(failure);
			} else if (result) {
				resolve(result);
			} else {
				reject(new Error(`a reading thread stopped with code ${code}`));
			}
		});
	});
}
