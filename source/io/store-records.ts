import type {FileHandle} from 'node:fs/promises';
import type {RecordBatch} from '../core/line-records.js';
import {PairTable} from '../core/pair-table.js';
import type {SlidingWindow} from '../core/sliding-window.js';
import {loadKernel} from './load-kernel.js';
import {readRecords, type ReadRecordsOptions, type ReadRecordsResult} from './read-records.js';
import type {ScanRange} from './scan-file.js';

/** Lines of a batch to store: its own arrays, or the first `count` of others. */
export type StoredLines = {
	readonly timestamps: Float64Array;
	readonly sources: Uint32Array;
	readonly destinations: Uint32Array;
	readonly count: number;
};

export type StoreRecordsOptions = ReadRecordsOptions & {
	/** The lines of each batch to store (all of them by default), and whether to read on after it. */
	readonly select?: (batch: RecordBatch) => {readonly lines: StoredLines; readonly more: boolean};
	/** After each batch is stored. */
	readonly stored?: (batch: RecordBatch) => void;
};

/* Thrown through the reading to end it early: not a failure. */
const enough = Symbol('enough');

/**
A run of native lines of `range` into the store: the scanner kernel parses them (in a worker thread beyond a few tens of MB, so that reading and storing take both cores) and hands over batches of (timestamp, host ids), each host named once; on this thread the pairs are named in a PairTable beside the store, so that a pair's id and its tally come from one look-up, and the store takes the lines without a name to look up per line.

A failure rejects; the batches stored before it stay stored (`stored` says which).
*/
export async function storeRecords(store: SlidingWindow, handle: FileHandle, range: ScanRange, options: StoreRecordsOptions = {}): Promise<ReadRecordsResult> {
	const tallied = store.beginRun();
	const pairs = new PairTable(loadKernel());
	const floor = store.oldestKept;
	let stoppedAt: number | undefined;
	try {
		return await readRecords(handle, range, batch => {
			let start = 0;
			for (let i = 0; i < batch.nameEnds.length; i++) {
				const nameEnd = batch.nameEnds[i]!;
				store.runHost(batch.firstHost + i, batch.names, start, nameEnd);
				start = nameEnd;
			}

			const {lines, more} = options.select?.(batch) ?? {lines: batch, more: true};
			const named = pairs.count;
			const ids = pairs.pairUp(lines.timestamps, lines.sources, lines.destinations, lines.count, floor);
			store.runPairs(named, pairs.sources(named), pairs.destinations(named));
			store.runLines(lines.timestamps, ids, lines.count);
			options.stored?.(batch);
			if (!more) {
				stoppedAt = batch.end ?? range.end;
				// eslint-disable-next-line @typescript-eslint/only-throw-error
				throw enough;
			}
		}, options);
	} catch (error) {
		if (error === enough) {
			return {bytesRead: stoppedAt! - range.start, end: stoppedAt!, skipping: false};
		}

		throw error;
	} finally {
		store.endRun(tallied ? pairs.lines() : undefined);
	}
}
