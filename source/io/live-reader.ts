import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {LineCursor, lineResult} from '../core/line-cursor.js';
import type {Report, ReportOptions} from '../core/report.js';
import {SlidingWindow} from '../core/sliding-window.js';
import {DirFollower, listLogFiles} from './dir-follower.js';
import {FileFollower, newestNearEnd, ReadBuffer, type LineSink} from './file-follower.js';
import type {LiveReader, LiveReaderOptions, ReaderState, ReaderStatus} from './live-reader-contract.js';
import {seekWindowStart} from './seek.js';

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

/** Test seams: smaller reads to exercise chunk edges. */
export type LiveReaderTuning = {
	readonly chunkSize?: number;
};

class FollowingReader implements LiveReader {
	private readonly store = new SlidingWindow();
	private readonly readBuffer: ReadBuffer;
	private readonly cursor = new LineCursor();
	private readonly files: FileFollower[];
	private readonly dir: DirFollower | undefined;
	private readonly tolerance: number;
	private window: number;
	private linesRead = 0;
	private malformed = 0;
	private newest: number | undefined;
	private lastFile: string | undefined;
	private started = false;
	private closed = false;
	private widenPending = false;
	private lastTo: number | undefined;
	/** Late lines read since the last report (see `ReaderStatus.late`), and whether a report has shown them, so the next update counts afresh. */
	private late = 0;
	private lateReported = false;
	private readonly openedAt = Date.now();
	private failure: ReaderState | undefined;
	private running: Promise<void> | undefined;
	private queued: Promise<void> | undefined;
	private readonly sink: LineSink = {
		lines: (buffer, start, end) => this.consume(buffer, start, end),
		overlong: () => {
			this.linesRead++;
			this.malformed++;
		},
	};

	private readonly options: LiveReaderOptions;

	constructor(options: LiveReaderOptions, tuning: LiveReaderTuning = {}) {
		this.options = options;
		this.window = options.window;
		this.tolerance = options.tolerance;
		const start = async (file: FileHandle, size: number) => this.startOffset(file, size);
		// Followers read one at a time (updates never overlap), so they share one buffer.
		this.readBuffer = new ReadBuffer(tuning.chunkSize);
		const {readBuffer} = this;
		const unique = [...new Map(options.files.map(file => [path.resolve(file), file])).values()];
		this.files = unique.map(file => new FileFollower(file, {start, readBuffer}));
		this.dir = options.dir === undefined
			? undefined
			: new DirFollower(options.dir, {tolerance: this.tolerance, windowStart: () => this.store.oldestKept, start, readBuffer});
	}

	get status(): ReaderStatus {
		return {
			linesRead: this.linesRead,
			malformed: this.malformed,
			late: this.late,
			currentFile: this.dir?.currentFile ?? this.lastFile ?? this.files[0]?.path,
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
					this.lastFile = file.path;
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
		const now = this.options.now === undefined ? this.newest : this.options.now + (Date.now() - this.openedAt);
		if (now !== undefined) {
			this.store.dropBefore(now - (2 * this.window) - 1000);
		}
	}

	/* The window's start before anything is read: from the wall clock, or from the newest lines near the files' ends. */
	private async start(): Promise<void> {
		if (this.options.now !== undefined) {
			this.store.dropBefore(this.options.now - this.window);
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
			const found = await withFile(file, async (handle, size) => newestNearEnd(handle, size));
			if (found !== undefined && (newest === undefined || found > newest)) {
				newest = found;
			}
		}

		// The newest line of a file is at or after the newest near its end, so this start is early enough.
		if (newest !== undefined) {
			this.store.dropBefore(newest - this.window);
		}
	}

	/* Where to start in a file met at start-up: the first line that can be in the window. */
	private async startOffset(file: FileHandle, size: number): Promise<number> {
		const from = this.store.oldestKept;
		return from === Number.NEGATIVE_INFINITY ? 0 : seekWindowStart(file, size, from, this.tolerance);
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
		const older = new OlderLines(this.store, this.cursor, this.readBuffer, newFloor, oldFloor, this.tolerance);
		for (const follower of this.files) {
			if (follower.file) {
				// eslint-disable-next-line no-await-in-loop
				await older.read(follower.file, follower.position);
			}
		}

		if (this.dir) {
			for (const file of await this.dir.filesFor(newFloor)) {
				const end = this.dir.readTo(file.name) ?? file.stats.size;
				// eslint-disable-next-line no-await-in-loop
				await withFile(file.path, async handle => older.read(handle, end));
			}
		}
	}

	/* Count the whole lines of `buffer[start, end)` and keep them in the window. */
	private consume(buffer: Uint8Array, start: number, end: number): number {
		const {cursor, store} = this;
		cursor.reset(buffer, start, end);
		let newest = Number.NEGATIVE_INFINITY;
		// Late: at or before the end of the window last reported, and not beyond the tolerance before it.
		const lateEnd = this.lastTo ?? Number.NEGATIVE_INFINITY;
		const lateStart = lateEnd - this.tolerance;
		for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
			this.linesRead++;
			if (result === lineResult.malformed) {
				this.malformed++;
				continue;
			}

			const timestamp = cursor.timestamp;
			if (timestamp > newest) {
				newest = timestamp;
			}

			if (timestamp <= lateEnd && timestamp >= lateStart) {
				this.late++;
			}

			store.add(buffer, cursor.sourceStart, cursor.sourceEnd, cursor.destinationStart, cursor.destinationEnd, timestamp);
		}

		if (newest > (this.newest ?? Number.NEGATIVE_INFINITY)) {
			this.newest = newest;
		}

		return newest;
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
	private readonly cursor: LineCursor;
	private readonly newFloor: number;
	private readonly oldFloor: number;
	private readonly tolerance: number;

	constructor(store: SlidingWindow, cursor: LineCursor, buffer: ReadBuffer, newFloor: number, oldFloor: number, tolerance: number) {
		this.store = store;
		this.buffer = buffer;
		this.cursor = cursor;
		this.newFloor = newFloor;
		this.oldFloor = oldFloor;
		this.tolerance = tolerance;
	}

	async read(file: FileHandle, end: number): Promise<void> {
		const {cursor, store, oldFloor} = this;
		const stopAfter = oldFloor + this.tolerance;
		let position = await seekWindowStart(file, end, this.newFloor, this.tolerance);
		let carried = 0;
		while (position + carried < end) {
			if (carried === this.buffer.bytes.length) {
				const grown = new Uint8Array(this.buffer.bytes.length * 2);
				grown.set(this.buffer.bytes);
				this.buffer.bytes = grown;
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
					// Every later line is newer than the old floor: already kept.
					return;
				}

				if (timestamp < oldFloor) {
					store.add(buffer, cursor.sourceStart, cursor.sourceEnd, cursor.destinationStart, cursor.destinationEnd, timestamp);
				}
			}

			position += cursor.position;
			carried = filled - cursor.position;
			buffer.copyWithin(0, cursor.position, filled);
		}
	}
}

async function withFile<T>(file: string, use: (handle: FileHandle, size: number) => Promise<T>): Promise<T | undefined> {
	let handle: FileHandle | undefined;
	try {
		handle = await fs.open(file, 'r');
		const {size} = await handle.stat();
		return await use(handle, size);
	} catch {
		return undefined;
	} finally {
		await handle?.close();
	}
}
