import type {FileHandle} from 'node:fs/promises';
import type {RecordBatch} from '../core/line-records.js';
import type {SlidingWindow} from '../core/sliding-window.js';
import {splitAtLines} from './line-parts.js';
import {defaultRecordsThreshold, readRecords, type ReadRecordsOptions, type ReadRecordsResult} from './read-records.js';
import type {ScanRange} from './scan-file.js';

/** Lines of a batch to store: its own arrays, or the first `count` of others. */
export type StoredLines = {
	readonly timestamps: Float64Array;
	readonly sources: Uint32Array;
	readonly destinations: Uint32Array;
	readonly count: number;
};

/** What a stored batch read: told for the batches that stay stored, in file order. */
export type StoredBatch = {
	/** Complete lines, well-formed or not. */
	readonly lines: number;
	readonly malformed: number;
	readonly newest: number;
	/** Lines `late` found in it. */
	readonly late: number;
	/** File offset after its last line. */
	readonly end: number;
};

export type StoreRecordsOptions = ReadRecordsOptions & {
	/** Parts of the range read at once, each in a worker thread of its own beyond `threshold`. Only without `select`. */
	readonly parts?: number;
	/** The least a part holds (`threshold` by default): a range too small for `parts` of them is read in fewer. */
	readonly partBytes?: number;
	/** The lines of each batch to store (all of them by default), and whether to read on after it. */
	readonly select?: (batch: RecordBatch) => {readonly lines: StoredLines; readonly more: boolean};
	/** Lines of a batch to tell as late (`StoredBatch.late`). */
	readonly late?: (timestamps: Float64Array, count: number) => number;
	/** After each batch that stays stored, in file order. */
	readonly stored?: (batch: StoredBatch) => void;
};

/* Thrown through the reading to end it early: not a failure. */
const enough = Symbol('enough');

/**
A run of native lines of `range` into the store: the scanner kernel parses them (in worker threads beyond a few tens of MB, so that parsing and storing take every core) and hands over batches of (timestamp, host ids), each host named once, so that the store takes a line without a name to look up. With `parts`, successive parts of the range are parsed at once, each into a lane of the store's run.

A failure rejects; what was stored before it stays stored, and is one stretch from the start of the range: the parts before the first that failed, and that part's batches up to the failure (`stored` tells them). Later parts are taken back out of the store.
*/
export async function storeRecords(store: SlidingWindow, handle: FileHandle, range: ScanRange, options: StoreRecordsOptions = {}): Promise<ReadRecordsResult> {
	const partBytes = options.partBytes ?? options.threshold ?? defaultRecordsThreshold;
	const length = range.end - range.start;
	// A range read to whatever end the source has cannot be cut.
	const wanted = options.select || !Number.isFinite(length) ? 1 : Math.max(1, Math.min(options.parts ?? 1, Math.floor(length / partBytes)));
	const parts = wanted > 1 ? await splitAtLines(handle, range, wanted, 0) : [range];
	store.beginRun(parts.length);
	// The first part's batches are told as they come; a later part's wait until the parts before it are whole.
	const waiting: StoredBatch[][] = parts.map(() => []);
	let stoppedAt: number | undefined;
	const readPart = async (part: ScanRange, lane: number): Promise<ReadRecordsResult> => readRecords(handle, part, batch => {
		let start = 0;
		for (let i = 0; i < batch.nameEnds.length; i++) {
			const nameEnd = batch.nameEnds[i]!;
			store.runHost(lane, batch.firstHost + i, batch.names, start, nameEnd);
			start = nameEnd;
		}

		const told = {lines: batch.lines, malformed: batch.malformed, newest: batch.newest, late: options.late?.(batch.timestamps, batch.count) ?? 0, end: batch.end ?? part.end};
		const {lines, more} = options.select?.(batch) ?? {lines: batch, more: true};
		store.runLines(lane, lines.timestamps, lines.sources, lines.destinations, lines.count);
		if (lane === 0) {
			options.stored?.(told);
		} else {
			waiting[lane]!.push(told);
		}

		if (!more) {
			stoppedAt = told.end;
			// eslint-disable-next-line @typescript-eslint/only-throw-error
			throw enough;
		}
	}, options);

	const outcomes = await Promise.allSettled(parts.map(async (part, lane) => readPart(part, lane)));
	const failed = outcomes.findIndex(outcome => outcome.status === 'rejected');
	const kept = failed < 0 ? parts.length : failed + 1;
	store.endRun(kept);
	for (let lane = 1; lane < kept; lane++) {
		for (const told of waiting[lane]!) {
			options.stored?.(told);
		}
	}

	if (failed >= 0) {
		const {reason} = outcomes[failed] as PromiseRejectedResult;
		if (reason === enough) {
			return {bytesRead: stoppedAt! - range.start, end: stoppedAt!, skipping: false};
		}

		throw reason;
	}

	const results = outcomes.map(outcome => (outcome as PromiseFulfilledResult<ReadRecordsResult>).value);
	return {bytesRead: results.reduce((sum, result) => sum + result.bytesRead, 0), end: results.at(-1)!.end, skipping: results.at(-1)!.skipping};
}
