import {read} from 'node:fs';
import {parentPort, workerData} from 'node:worker_threads';
import type {FileState} from '../core/formats/connection-cursor.js';
import type {LogFormat} from '../core/formats/log-format.js';
import {snapshotBuffers, type TallySnapshot, type WindowTallyOptions} from '../core/window-tally.js';
import {type ByteSource, scanRange, type ScanRange, tallyFor} from './scan-file.js';

/** What `scanParallel` hands a worker: a part of a file to count, by a descriptor the threads share. */
export type ScanJob = {
	readonly fd: number;
	readonly range: ScanRange;
	readonly tally: WindowTallyOptions;
	/** The compiled scanner kernel, so that the thread need not compile it again; native files only. */
	readonly kernel: WebAssembly.Module | undefined;
	readonly format: LogFormat;
	/** The header state of the file's head, for the part's first lines. */
	readonly state?: FileState;
};

/** What a worker sends back: its counts, with buffers transferred rather than copied. */
export type ScanJobResult = {
	readonly snapshot: TallySnapshot;
	readonly bytesRead: number;
	/** The header state at the end of the part, for the part after it. */
	readonly state?: FileState;
};

/* Threads of one process share file descriptors, so the worker reads through the main thread's open file: no second open that could find another file at the path. */
function descriptorSource(fd: number): ByteSource {
	return {
		async read(buffer, offset, length, position) {
			return new Promise((resolve, reject) => {
				read(fd, buffer, offset, length, position, (error, bytesRead) => {
					if (error) {
						reject(error);
					} else {
						resolve({bytesRead});
					}
				});
			});
		},
	};
}

const job = workerData as ScanJob;
const tally = tallyFor(job, () => job.kernel!, job.tally);
const {bytesRead} = await scanRange(descriptorSource(job.fd), job.range, tally);
const snapshot = tally.snapshot();
const result: ScanJobResult = {snapshot, bytesRead, state: tally.fileState};
parentPort!.postMessage(result, snapshotBuffers(snapshot));
