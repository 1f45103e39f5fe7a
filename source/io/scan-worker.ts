import {read} from 'node:fs';
import {parentPort, workerData} from 'node:worker_threads';
import {KernelTally} from '../core/kernel-tally.js';
import {snapshotBuffers, type TallySnapshot, type WindowTallyOptions} from '../core/window-tally.js';
import {type ByteSource, scanRange, type ScanRange} from './scan-file.js';

/** What `scanParallel` hands a worker: a part of a file to count, by a descriptor the threads share. */
export type ScanJob = {
	readonly fd: number;
	readonly range: ScanRange;
	readonly tally: WindowTallyOptions;
	/** The compiled scanner kernel, so that the thread need not compile it again. */
	readonly kernel: WebAssembly.Module;
};

/** What a worker sends back: its counts, with buffers transferred rather than copied. */
export type ScanJobResult = {
	readonly snapshot: TallySnapshot;
	readonly bytesRead: number;
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
const tally = new KernelTally(job.kernel, job.tally);
const {bytesRead} = await scanRange(descriptorSource(job.fd), job.range, tally);
const snapshot = tally.snapshot();
const result: ScanJobResult = {snapshot, bytesRead};
parentPort!.postMessage(result, snapshotBuffers(snapshot));
