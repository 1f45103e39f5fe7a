import {read} from 'node:fs';
import {parentPort, workerData} from 'node:worker_threads';
import {LineRecords, type RecordBatch} from '../core/line-records.js';
import {type ReadRecordsResult, recordRange} from './read-records.js';
import type {ByteSource, ScanRange} from './scan-file.js';

/** What `readRecords` hands its thread: a part of a file, by a descriptor the threads share. */
export type RecordsJob = {
	readonly fd: number;
	readonly range: ScanRange;
	readonly kernel: WebAssembly.Module;
	readonly capacity: number;
	/** Batches sent and not yet taken before the thread waits: bounds the memory between the threads. */
	readonly inFlight: number;
	readonly chunkSize: number;
};

/** What the thread sends: a batch, or at the end what it read. */
export type RecordsMessage = {readonly kind: 'batch'; readonly batch: RecordBatch} | {readonly kind: 'end'; readonly result: ReadRecordsResult};

const job = workerData as RecordsJob;
const port = parentPort!;
let taken = 0;
let sent = 0;
let wake: (() => void) | undefined;
port.on('message', () => {
	taken++;
	wake?.();
});

const source: ByteSource = {
	async read(buffer, offset, length, position) {
		return new Promise((resolve, reject) => {
			read(job.fd, buffer, offset, length, position, (error, bytesRead) => {
				if (error) {
					reject(error);
				} else {
					resolve({bytesRead});
				}
			});
		});
	},
};

async function send(batch: RecordBatch): Promise<void> {
	while (sent - taken >= job.inFlight) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise<void>(resolve => {
			wake = resolve;
		});
		wake = undefined;
	}

	sent++;
	const message: RecordsMessage = {kind: 'batch', batch};
	port.postMessage(message, [batch.timestamps.buffer, batch.sources.buffer, batch.destinations.buffer, batch.names.buffer, batch.nameEnds.buffer] as ArrayBuffer[]);
}

const result = await recordRange(new LineRecords(job.kernel, job.capacity), source, job.range, job.chunkSize, send, true);
const end: RecordsMessage = {kind: 'end', result};
port.postMessage(end);
// Nothing more comes: let the thread end.
port.close();
