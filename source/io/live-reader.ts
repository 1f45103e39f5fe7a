import type {FileHandle} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import type {RecordBatch} from '../core/line-records.js';
import {lineResult} from '../core/line-cursor.js';
import type {Report, ReportOptions} from '../core/report.js';
import {SlidingWindow} from '../core/sliding-window.js';
import {DirFollower, listLogFiles} from './dir-follower.js';
import {defaultTolerances} from '../core/formats/log-format.js';
import {cursorFor, type FileReading, type FormatSettings, readingOf} from './file-format.js';
import {bulkBytes as defaultBulkBytes, FileFollower, newestNearEnd, openForReading, ReadBuffer, type FileLines, type LineSink} from './file-follower.js';
import {FileRegistry, keyOf} from './file-registry.js';
import type {LiveReader, LiveReaderOptions, ReaderState, ReaderStatus} from './live-reader-contract.js';
import {seekWindowStart} from './seek.js';
import {storeRecords, type StoredLines} from './store-records.js';

/*
The live reader: followers for the sources, a sliding window fed with their lines, and the status line's numbers.

Start-up reads only the part of each file that can hold lines of the window: with the wall clock the window's start is known (`now - window`); with the log clock the newest line near each file's end gives it first. Both seek back from the end with the tolerance rule, so a 5 GB file starts as fast as a 5 MB one. After that each update reads what was appended.

A wider window (`setWindow`) reads the older lines it needs at the next update, by seeking to the new start and reading only up to where the lines are provably newer than the old start.
*/

/**
Open a reader over `--file` paths and a `--dir`. Nothing is read until the first `update()`.
*/
export function openLiveReader(options: LiveReaderOptions, tuning?: LiveReaderTuning): LiveReader {
	return new FollowingReader(options, tuning);
}

/** Test seams: smaller reads to exercise chunk edges, and the wall clock. */
export type LiveReaderTuning = {
	readonly chunkSize?: number;
	/** The wall clock (ms), from which the reader knows how far `--now` has run on. */
	readonly clock?: () => number;
	/** Runs of native lines at least this long are read by the scanner kernel (default `bulkBytes`, 1 MB); beyond `recordsThreshold`, in a worker thread. */
	readonly bulkBytes?: number;
	readonly recordsThreshold?: number;
	/** Such a run is read in this many parts at once (default: one a core), each at least `partBytes` long (default `recordsThreshold`). */
	readonly parts?: number;
	readonly partBytes?: number;
};

class FollowingReader implements LiveReader {
	private readonly store = new SlidingWindow();
	private readonly readBuffer: ReadBuffer;
	private readonly files: FileFollower[];
	private readonly dir: DirFollower | undefined;
	private readonly formats: FormatSettings;
	private readonly recordsThreshold: number | undefined;
	private readonly parts: number;
	private readonly partBytes: number | undefined;
	private readonly bulkBytes: number;
	private window: number;
	private linesRead = 0;
	private malformed = 0;
	private newest: number | undefined;
	private lastFile: FileFollower | undefined;
	private started = false;
	private closed = false;
	private widenPending = false;
	private lastTo: number | undefined;
	private readonly clock: () => number;
	private readonly openedAt: number;
	/** Late lines read since the last report (see `ReaderStatus.late`), and whether a report has shown them, so the next update counts afresh. */
	private late = 0;
	private lateReported = false;
	private failure: ReaderState | undefined;
	private running: Promise<void> | undefined;
	private queued: Promise<void> | undefined;
	private readonly sink: LineSink = {
		lines: (buffer, start, end, file) => this.consume(buffer, start, end, file),
		overlong: () => {
			this.linesRead++;
			this.malformed++;
		},
		bulk: async (handle, from, size, file) => this.bulk(handle, from, size, file),
	};

	private readonly options: LiveReaderOptions;

	constructor(options: LiveReaderOptions, tuning: LiveReaderTuning = {}) {
		this.options = options;
		this.clock = tuning.clock ?? Date.now;
		this.openedAt = this.clock();
		this.window = options.window;
		if (options.host !== undefined) {
			this.store.watch(options.host);
		}
		this.formats = options.formats ?? {choice: 'native', tolerances: {...defaultTolerances, native: options.tolerance}};
		const start = async (file: FileHandle, size: number, reading: FileReading) => this.startOffset(file, size, reading);
		// Followers read one at a time (updates never overlap), so they share one buffer.
		this.readBuffer = new ReadBuffer(tuning.chunkSize);
		const {readBuffer} = this;
		// One registry for all: a file reached by two names (links, --file inside --dir) is read once, whichever name comes first.
		const registry = new FileRegistry();
		const unique = [...new Map(options.files.map(file => [path.resolve(file), file])).values()];
		const {formats} = this;
		const {bulkBytes} = tuning;
		this.recordsThreshold = tuning.recordsThreshold;
		this.parts = tuning.parts ?? availableParallelism();
		this.partBytes = tuning.partBytes;
		this.bulkBytes = bulkBytes ?? defaultBulkBytes;
		this.files = unique.map(file => new FileFollower(file, {start, readBuffer, registry, formats, bulkBytes}));
		this.dir = options.dir === undefined
			? undefined
			: new DirFollower(options.dir, {formats, windowStart: () => this.store.oldestKept, start, readBuffer, registry, bulkBytes});
	}

	get status(): ReaderStatus {
		return {
			linesRead: this.linesRead,
			malformed: this.malformed,
			late: this.late,
			currentFile: this.dir?.currentFile ?? (this.lastFile ?? this.files[0])?.path,
			currentFormat: this.dir ? this.dir.currentFormat : (this.lastFile ?? this.files[0])?.format,
			newestTimestamp: this.newest,
			state: this.state(),
		};
	}

	update(): Promise<void> {
		if (!this.running) {
			this.running = this.run().finally(() => {
				this.running = undefined;
			});
			return this.running;
		}

		// One more pass after the one under way, shared by every caller meanwhile: its lines may have been completed after that pass read past them.
		this.queued ??= this.running.then(async () => {
			this.queued = undefined;
			return this.update();
		});
		return this.queued;
	}

	report(options: ReportOptions): Report {
		this.lastTo = Math.max(this.lastTo ?? options.to, options.to);
		this.lateReported = true;
		const report = this.store.report(options, this.malformed);
		return {...report, stats: {...report.stats, late: this.late}};
	}

	hosts(): readonly string[] {
		return this.store.hostsByActivity();
	}

	setWindow(milliseconds: number): void {
		if (milliseconds > this.window && this.started) {
			this.widenPending = true;
		}

		this.window = milliseconds;
	}

	async close(): Promise<void> {
		this.closed = true;
		await this.queued?.catch(() => undefined);
		await this.running?.catch(() => undefined);
		await Promise.all([...this.files.map(async file => file.close()), this.dir?.close()]);
	}

	private async run(): Promise<void> {
		if (this.closed) {
			return;
		}

		if (this.lateReported) {
			this.late = 0;
			this.lateReported = false;
		}

		try {
			if (!this.started) {
				await this.start();
				this.started = true;
			} else if (this.widenPending) {
				this.widenPending = false;
				await this.readOlder();
				this.readBuffer.shrink();
			}

			for (const file of this.files) {
				// eslint-disable-next-line no-await-in-loop
				if (await file.update(this.sink)) {
					this.lastFile = file;
				}
			}

			await this.dir?.update(this.sink);
			this.forgetOld();
			this.failure = undefined;
		} catch (error) {
			// Followers keep their own errors; this is for what is left, so that update() never rejects.
			this.failure = {kind: 'error', message: error instanceof Error ? error.message : String(error)};
		}
	}

	/*
	Reports forget what left the window, but a paused view asks for none while reading goes on: so updates also forget what no report by the same clock can ask for any more (with a margin of a window, as the app's clock may have started a little later than ours).
	*/
	private forgetOld(): void {
		const now = this.options.now === undefined ? this.newest : this.options.now + (this.clock() - this.openedAt);
		if (now !== undefined) {
			this.store.dropBefore(now - (2 * this.window) - 1000);
		}
	}

	/* The window's start before anything is read: from the wall clock, or from the newest lines near the files' ends. */
	private async start(): Promise<void> {
		if (this.options.now !== undefined) {
			this.startCounting(this.options.now - this.window);
			return;
		}

		let newest: number | undefined;
		const paths = [...this.files.map(file => file.path)];
		if (this.dir) {
			const listed = await listLogFiles(this.dir.dir).catch(() => []);
			const current = listed.at(-1);
			if (current) {
				paths.push(current.path);
			}
		}

		for (const file of paths) {
			// eslint-disable-next-line no-await-in-loop
			const found = await withFile(file, async (handle, size) => {
				const reading = await readingOf(handle, size, this.formats);
				return reading && newestNearEnd(handle, size, reading);
			});
			if (found !== undefined && (newest === undefined || found > newest)) {
				newest = found;
			}
		}

		// The newest line of a file is at or after the newest near its end, so this start is early enough.
		if (newest !== undefined) {
			this.startCounting(newest - this.window);
		}
	}

	/* Keep the lines from `from` on, and count them as they come: the first report then finds the window counted already. */
	private startCounting(from: number): void {
		this.store.dropBefore(from);
		this.store.countFrom(from);
	}

	/* Where to start in a file met at start-up: the first line that can be in the window, by the file's format and its tolerance. */
	private async startOffset(file: FileHandle, size: number, reading: FileReading): Promise<number> {
		const from = this.store.oldestKept;
		return from === Number.NEGATIVE_INFINITY ? 0 : seekWindowStart(file, size, from, reading.tolerance, () => cursorFor(reading));
	}

	/*
	After `setWindow` widened the window: the lines kept are exactly those at or after the old floor, so read again only the older ones, from a seek to the new floor up to where the tolerance rule proves every later line is at or after the old floor.
	*/
	private async readOlder(): Promise<void> {
		const base = this.lastTo ?? this.options.now ?? this.newest;
		const oldFloor = this.store.oldestKept;
		if (base === undefined || oldFloor === Number.NEGATIVE_INFINITY || base - this.window >= oldFloor) {
			return;
		}

		const newFloor = base - this.window;
		this.store.widen(newFloor);
		const older = new OlderLines(this.store, this.readBuffer, newFloor, oldFloor, {bulkBytes: this.bulkBytes, recordsThreshold: this.recordsThreshold});
		// Each file once, by device and inode, however many names lead to it.
		const done = new Set<string>();
		const readAgain = async (handle: FileHandle, end: number) => {
			const reading = await readingOf(handle, end, this.formats);
			if (reading) {
				await older.read(handle, end, reading);
			}
		};

		for (const follower of this.files) {
			const {file, identity} = follower;
			if (file && identity && !done.has(keyOf(identity))) {
				done.add(keyOf(identity));
				// eslint-disable-next-line no-await-in-loop
				await readAgain(file, follower.position);
			}
		}

		if (this.dir) {
			for (const file of await this.dir.filesFor(newFloor)) {
				if (!done.has(keyOf(file.stats))) {
					done.add(keyOf(file.stats));
					// eslint-disable-next-line no-await-in-loop
					await withFile(file.path, async handle => readAgain(handle, file.readTo));
				}
			}
		}
	}

	/* Count the whole lines of `buffer[start, end)`, read with the file's cursor, and keep them in the window. A record the format marks as no connection (a header, NODATA, another event type) counts as nothing. */
	private consume(buffer: Uint8Array, start: number, end: number, file: FileLines): number {
		const {store} = this;
		const {cursor} = file;
		cursor.reset(buffer, start, end);
		let newest = Number.NEGATIVE_INFINITY;
		// Late: at or before the end of the window last reported, and not beyond the tolerance before it.
		const lateEnd = this.lastTo ?? Number.NEGATIVE_INFINITY;
		const lateStart = lateEnd - file.reading.tolerance;
		for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
			if (result === lineResult.skipped) {
				continue;
			}

			this.linesRead++;
			if (result === lineResult.malformed) {
				this.malformed++;
				file.malformed++;
				continue;
			}

			file.records++;
			const timestamp = cursor.timestamp;
			if (timestamp > newest) {
				newest = timestamp;
			}

			if (timestamp <= lateEnd && timestamp >= lateStart) {
				this.late++;
			}

			store.add(cursor.hostBuffer ?? buffer, cursor.sourceStart, cursor.sourceEnd, cursor.destinationStart, cursor.destinationEnd, timestamp);
		}

		if (newest > (this.newest ?? Number.NEGATIVE_INFINITY)) {
			this.newest = newest;
		}

		return newest;
	}

	/* A long run of native lines straight into the store (see storeRecords), counted as read. */
	private async bulk(handle: FileHandle, from: number, size: number, file: FileLines): Promise<{end: number; skipping: boolean; error?: unknown}> {
		// Where the batches stored so far end: a failure later keeps them, and the follower goes on from there.
		let taken = from;
		try {
			const {end, skipping} = await storeRecords(this.store, handle, {start: from, end: size, atFileEnd: false}, {
				threshold: this.recordsThreshold,
				inFlight: 16,
				parts: this.parts,
				partBytes: this.partBytes,
				late: (timestamps, count) => this.countLate(timestamps, count, file.reading.tolerance),
				stored: batch => {
					this.late += batch.late;
					this.linesRead += batch.lines;
					this.malformed += batch.malformed;
					file.malformed += batch.malformed;
					file.records += batch.lines - batch.malformed;
					if (batch.newest > (this.newest ?? Number.NEGATIVE_INFINITY)) {
						this.newest = batch.newest;
					}

					taken = batch.end;
				},
			});
			return {end, skipping};
		} catch (error) {
			return {end: taken, skipping: false, error};
		}
	}

	/* Lines older than the end of the report shown (by no more than the tolerance): they moved what it said. */
	private countLate(timestamps: Float64Array, count: number, tolerance: number): number {
		if (this.lastTo === undefined) {
			return 0;
		}

		const lateEnd = this.lastTo;
		const lateStart = lateEnd - tolerance;
		let late = 0;
		for (let i = 0; i < count; i++) {
			const timestamp = timestamps[i]!;
			if (timestamp <= lateEnd && timestamp >= lateStart) {
				late++;
			}
		}

		return late;
	}

	/* Errors first, then waiting (a source that does not exist yet), else reading. */
	private state(): ReaderState {
		const states = [...this.files.map(file => file.state), ...(this.dir ? [this.dir.state] : [])];
		if (this.failure) {
			states.unshift(this.failure);
		}

		return states.find(state => state.kind === 'error')
			?? states.find(state => state.kind === 'waiting')
			?? {kind: 'reading'};
	}
}

/** Reads the lines of [newFloor, oldFloor) from files again, for a widened window. */
class OlderLines {
	private readonly buffer: ReadBuffer;
	private readonly store: SlidingWindow;
	private readonly newFloor: number;
	private readonly oldFloor: number;
	private readonly bulk: {readonly bulkBytes: number; readonly recordsThreshold: number | undefined};

	constructor(store: SlidingWindow, buffer: ReadBuffer, newFloor: number, oldFloor: number, bulk: {readonly bulkBytes: number; readonly recordsThreshold: number | undefined}) {
		this.store = store;
		this.buffer = buffer;
		this.newFloor = newFloor;
		this.oldFloor = oldFloor;
		this.bulk = bulk;
	}

	async read(file: FileHandle, end: number, reading: FileReading): Promise<void> {
		const {store, oldFloor} = this;
		// Every line after one newer than this is at or after the old floor, by the tolerance rule: kept already.
		const stopAfter = oldFloor + reading.tolerance;
		let position = await seekWindowStart(file, end, this.newFloor, reading.tolerance, () => cursorFor(reading));
		if (reading.format === 'native' && end - position >= this.bulk.bulkBytes) {
			// An hour more of a busy log is tens of millions of lines: the scanner kernel's pace, not the line reader's.
			await storeRecords(store, file, {start: position, end, atFileEnd: false}, {threshold: this.bulk.recordsThreshold, select: batch => olderOf(batch, oldFloor, stopAfter)});
			return;
		}

		const cursor = cursorFor(reading);
		let carried = 0;
		while (position + carried < end) {
			if (carried === this.buffer.bytes.length) {
				this.buffer.grow();
			}

			const buffer = this.buffer.bytes;
			// eslint-disable-next-line no-await-in-loop
			const {bytesRead} = await file.read(buffer, carried, Math.min(buffer.length - carried, end - position - carried), position + carried);
			if (bytesRead === 0) {
				return;
			}

			const filled = carried + bytesRead;
			cursor.reset(buffer, 0, filled);
			for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
				if (result !== lineResult.line) {
					continue;
				}

				const timestamp = cursor.timestamp;
				if (timestamp > stopAfter) {
					return;
				}

				if (timestamp < oldFloor) {
					store.add(cursor.hostBuffer ?? buffer, cursor.sourceStart, cursor.sourceEnd, cursor.destinationStart, cursor.destinationEnd, timestamp);
				}
			}

			position += cursor.position;
			carried = filled - cursor.position;
			buffer.copyWithin(0, cursor.position, filled);
		}
	}
}

/* The lines of a batch older than the old floor, moved to its front, up to the first line after which every line is kept already. */
function olderOf(batch: RecordBatch, oldFloor: number, stopAfter: number): {lines: StoredLines; more: boolean} {
	const {timestamps, sources, destinations} = batch;
	let count = 0;
	let more = true;
	for (let i = 0; i < batch.count; i++) {
		const timestamp = timestamps[i]!;
		if (timestamp > stopAfter) {
			more = false;
			break;
		}

		if (timestamp < oldFloor) {
			timestamps[count] = timestamp;
			sources[count] = sources[i]!;
			destinations[count] = destinations[i]!;
			count++;
		}
	}

	return {lines: {timestamps, sources, destinations, count}, more};
}

/* Use a regular file for a moment; pipes and devices cannot be read at a position, and give undefined. */
async function withFile<T>(file: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T | undefined> {
	let handle: FileHandle | undefined;
	try {
		handle = await openForReading(file);
		const stats = await handle.stat();
		if (!stats.isFile()) {
			return undefined;
		}

		return await use(handle, stats.size);
	} catch {
		return undefined;
	} finally {
		await handle?.close();
	}
}
