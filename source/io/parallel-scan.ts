import type {FileHandle} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import {isDeepStrictEqual} from 'node:util';
import {WindowTally, type WindowTallyOptions} from '../core/window-tally.js';
import {loadKernel} from './load-kernel.js';
import {splitAtLines} from './line-parts.js';
import {nativeReading, scanRange, type ScanRange, type ScanReading, tallyFor} from './scan-file.js';
import type {ScanJob, ScanJobResult} from './scan-worker.js';
import {startWorker} from './start-worker.js';

export type ParallelOptions = {
	/** Ranges smaller than this are scanned in this thread: starting a worker costs tens of ms. */
	readonly threshold?: number;
	/** Threads in all, this one included. */
	readonly threads?: number;
	/** Bytes this thread's part is larger by, for the workers' start-up. */
	readonly headStart?: number;
	/** How the file's lines are read: native when absent. */
	readonly reading?: ScanReading;
};

export type ParallelResult = {
	readonly tally: WindowTally;
	readonly bytesRead: number;
};

/** About 0.2 s of scanning for one thread: below it a worker's start-up eats the gain. */
export const defaultThreshold = 64 * 1024 * 1024;

/** What this thread scans while a worker starts (tens of ms): added to its own part so the threads finish together. */
export const defaultHeadStart = 16 * 1024 * 1024;

/**
Count `range` of a file, splitting a large range at line starts across worker threads (one part stays in this thread) and merging their tallies in file order.

Every part of a file with header state (Zeek's columns, VPC's) starts with the state of the file's head. A header line inside a part (a second log put after the first) changes it for the parts after: each part says the state it ended with, and a part that started with another state than its predecessor ended with is counted again, here, with the right one. Files of one header, nearly all, are never counted twice.
*/
export async function scanParallel(file: FileHandle, range: ScanRange, tallyOptions: WindowTallyOptions, options: ParallelOptions = {}): Promise<ParallelResult> {
	const threshold = options.threshold ?? defaultThreshold;
	const threads = Math.max(1, options.threads ?? availableParallelism());
	const reading = options.reading ?? nativeReading;
	const kernel = reading.format === 'native' ? loadKernel() : undefined;
	const tally = new WindowTally(tallyOptions);
	const length = range.end - range.start;
	if (threads === 1 || !Number.isFinite(length) || length < threshold) {
		const {bytesRead, snapshot} = await scanHere(file, range, kernel, tallyOptions, reading);
		tally.merge(snapshot);
		return {tally, bytesRead};
	}

	const parts = await splitAtLines(file, range, threads, options.headStart ?? defaultHeadStart);
	const [first, ...rest] = parts;
	const workers = rest.map(async part => runWorker({fd: file.fd, range: part, tally: tallyOptions, kernel, format: reading.format, state: reading.state}));
	// Settle all before throwing, so that no worker is left reading a file that is about to be closed.
	const outcomes = await Promise.allSettled([scanHere(file, first!, kernel, tallyOptions, reading), ...workers]);
	const failed = outcomes.find(outcome => outcome.status === 'rejected');
	if (failed) {
		throw (failed as PromiseRejectedResult).reason;
	}

	const results = outcomes.map(outcome => (outcome as PromiseFulfilledResult<ScanJobResult>).value);
	let bytesRead = 0;
	for (const [index, part] of parts.entries()) {
		let result = results[index]!;
		const before = results[index - 1];
		// A part after one that stopped early counts nothing in the window, whatever its state.
		if (before && !tally.done && !isDeepStrictEqual(before.state, reading.state)) {
			// eslint-disable-next-line no-await-in-loop
			result = await scanHere(file, part, kernel, tallyOptions, {format: reading.format, state: before.state});
			results[index] = result;
		}

		tally.merge(result.snapshot);
		bytesRead += result.bytesRead;
	}

	return {tally, bytesRead};
}

/* This thread's part, down to its snapshot: the kernel and its memory (tens of MB with a million hosts) can go before the parts are merged. */
async function scanHere(file: FileHandle, range: ScanRange, kernel: WebAssembly.Module | undefined, tallyOptions: WindowTallyOptions, reading: ScanReading): Promise<ScanJobResult> {
	const counts = tallyFor(reading, () => kernel!, tallyOptions);
	const {bytesRead} = await scanRange(file, range, counts);
	return {bytesRead, snapshot: counts.snapshot(), state: counts.fileState};
}

async function runWorker(job: ScanJob): Promise<ScanJobResult> {
	return new Promise((resolve, reject) => {
		const worker = startWorker(import.meta.url, 'scan-worker', {workerData: job});
		let result: ScanJobResult | undefined;
		worker.once('message', (message: ScanJobResult) => {
			result = message;
		});
		worker.once('error', reject);
		worker.once('exit', code => {
			if (result) {
				resolve(result);
			} else {
				reject(new Error(`a scanning thread stopped with code ${code}`));
			}
		});
	});
}
