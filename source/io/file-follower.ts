import {constants, type Stats} from 'node:fs';
import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import {LineCursor, lineResult} from '../core/line-cursor.js';
import {type ConnectionCursor, maxLineBytes} from '../core/formats/connection-cursor.js';
import {formatLabels, type LogFormat} from '../core/formats/log-format.js';
import {cursorFor, type FileReading, type FormatSettings, nativeFormat, readingOf, readingOfHead} from './file-format.js';
import {FileRegistry, identityOf, sameIdentity, type FileIdentity, type FileOwner, type ReadPoint} from './file-registry.js';
import type {ReaderState} from './live-reader-contract.js';

/*
Following one path the way `tail -F` does, without losing or double-counting a line:

- Only whole lines are handed on: the bytes after the last newline are read again at the next update, so a write split anywhere (even inside a UTF-8 character) changes nothing.
- The open descriptor is kept, so the path can be compared with it: another file at the path (rename-and-create rotation, delete and recreate, a replacement) means first reading the old descriptor to its end (the writer may have written to it just after the rename), then the new file from its start. Holding the descriptor also keeps the old inode alive, so a recreated file cannot get its number; a link count of zero says it was deleted.
- The same file getting smaller (copy-and-truncate), or other bytes before the point reached (a file rewritten in place), means reading it again from its start.
- Files are told apart by device and inode: followers that share a registry read a file reached by two names once (file-registry.ts).
- A pipe, FIFO or device is read as a stream, as it comes, without ever waiting on it.
- Errors become a state in words and the next update tries again.
*/

/** Takes whole lines; the buffer is only valid during the call. */
export type LineSink = {
	/** `buffer[start, end)` holds whole lines of `file`, `end` just after a newline: read them with `file.cursor`, and count them on `file`. Returns the newest timestamp among them, or -Infinity. */
	lines(buffer: Uint8Array, start: number, end: number, file: FileLines): number;
	/** A line longer than `maxLineBytes` was skipped. */
	overlong(): void;
	/**
	Read `file[from, size)` in one go, for a long run of native lines (a start-up, a big append), faster than chunk by chunk through `lines`. Optional.

	@returns Where the last complete line taken ends, whether that is inside an overlong line being skipped, and the error that stopped the reading there, if one did (the lines before it are taken: the follower goes on from `end`).
	*/
	bulk?(handle: FileHandle, from: number, size: number, file: FileLines): Promise<{readonly end: number; readonly skipping: boolean; readonly error?: unknown}>;
};

/** Runs at least this long are read through the sink's `bulk`, when it has one. */
export const bulkBytes = 1024 * 1024;

/** The file whose lines a sink is given: how to read them, and what they turned out to be, which the sink counts. */
export type FileLines = {
	readonly reading: FileReading;
	/** The file's own cursor: it keeps what the file's header set up from one chunk to the next. */
	readonly cursor: ConnectionCursor;
	/** Lines of the file that were connections, and lines that were malformed. */
	records: number;
	malformed: number;
};

/** Malformed lines, with none well-formed, after which a forced format is said not to fit a file. */
const misfitLines = 20;

/** The few calls the follower makes, so tests can make them fail the way a non-root user would see. */
export type FollowerFileSystem = {
	open(path: string): Promise<FileHandle>;
	stat(path: string): Promise<Stats>;
};

export type FileFollowerOptions = {
	/** Where to start reading a file met for the first time (a seek to the window), read as `reading` says. Files that replace it later are read from 0. */
	readonly start?: (file: FileHandle, size: number, reading: FileReading) => Promise<number>;
	readonly fileSystem?: FollowerFileSystem;
	/** Bytes per read; the app stays responsive between reads. */
	readonly chunkSize?: number;
	/** A read buffer to share with the other followers of a reader, which read one at a time: one buffer however many files. */
	readonly readBuffer?: ReadBuffer;
	/** Follow whatever file the path names (true, the default), or only the file first opened there (a directory's follower tracks renames itself). */
	readonly reopen?: boolean;
	/** Shared by the followers of one reader, so that a file reached by two names is read once. */
	readonly registry?: FileRegistry;
	/** How to tell each file's format; native when absent. */
	readonly formats?: FormatSettings;
	/** Runs of native lines at least this long go through the sink's `bulk` (default `bulkBytes`). */
	readonly bulkBytes?: number;
	/** Bytes of lines the followers that share it may read before the next reset (a batch of `ship`); unlimited when absent. */
	readonly budget?: ReadBudget;
};

/**
Bytes of lines left to read, shared by followers that read in batches: each reads whole lines until it is spent, and what is left waits for the next update. A line longer than what is left is still read whole, so that reading always moves on.
*/
export type ReadBudget = {
	remaining: number;
};

export const defaultChunkSize = 2 * 1024 * 1024;

/**
The bytes a follower reads into. Its content does not outlive a read, so followers that never read at the same time can share one.
*/
export class ReadBuffer {
	bytes: Uint8Array;
	private readonly size: number;

	constructor(size = defaultChunkSize) {
		this.size = size;
		this.bytes = new Uint8Array(size);
	}

	/** Twice the room, keeping the content: for a line longer than the buffer. */
	grow(): void {
		const grown = new Uint8Array(this.bytes.length * 2);
		grown.set(this.bytes);
		this.bytes = grown;
	}

	/** Back to the usual size after a long line made it grow. */
	shrink(): void {
		if (this.bytes.length > this.size) {
			this.bytes = new Uint8Array(this.size);
		}
	}
}
/** Bytes before the point reached that must stay the same, or the file was rewritten. */
const fingerprintBytes = 256;
/** A pipe that never pauses must not hold an update forever: after this many reads the rest waits for the next update. */
const streamReadsPerUpdate = 64;
const newline = 0x0A;
const noBytes = new Uint8Array(0);

/*
Opening without blocking: opening a FIFO for reading waits for a writer, and a read of a pipe waits for data; either would hold a thread of the pool, and the app's exit with it, for as long as nobody writes. With O_NONBLOCK the open returns at once and a read with nothing to give says so (EAGAIN). Regular files are not affected.
*/
const realFileSystem: FollowerFileSystem = {
	open: async path => fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK),
	stat: async path => fs.stat(path),
};

/** Open a file for reading without waiting on a FIFO's writer. */
export async function openForReading(path: string): Promise<FileHandle> {
	return realFileSystem.open(path);
}

/** A file the follower holds open, and how far it has read it. */
type OpenFile = {
	readonly handle: FileHandle;
	readonly identity: FileIdentity;
	/** A pipe, FIFO or device: read as it comes, with no position and nothing to read again. */
	readonly stream: boolean;
	/** Every line before this offset was handed on (regular files). */
	offset: number;
	fingerprint: Uint8Array;
	/** Inside a line too long to keep, skipping to its newline. */
	skipping: boolean;
	/** A stream's unfinished last line, kept here since it cannot be read again. */
	carry: Uint8Array;
	carried: number;
	/** How its lines are read: undefined until its format is known (`--format auto` and no complete line yet). */
	lines: FileLines | undefined;
};

/**
Follows one path across rotation, truncation and replacement, handing whole lines to a sink.
*/
export class FileFollower implements FileOwner {
	state: ReaderState = {kind: 'reading'};
	/** Newest timestamp read from this path's files so far (ms), -Infinity before any. */
	newest = Number.NEGATIVE_INFINITY;
	private current: OpenFile | undefined;
	/** The file last opened at the path: also when another follower reads it, or after `park()`. */
	private opened: FileIdentity | undefined;
	private readonly retired: OpenFile[] = [];
	private readonly buffer: ReadBuffer;
	private readonly fileSystem: FollowerFileSystem;
	private readonly registry: FileRegistry;
	private readonly formats: FormatSettings;

	/** The path followed; a directory's follower changes it when the file is renamed inside the directory. */
	path: string;
	private readonly options: FileFollowerOptions;

	constructor(path: string, options: FileFollowerOptions = {}) {
		this.path = path;
		this.options = options;
		this.fileSystem = options.fileSystem ?? realFileSystem;
		this.buffer = options.readBuffer ?? new ReadBuffer(options.chunkSize);
		this.registry = options.registry ?? new FileRegistry();
		this.formats = options.formats ?? nativeFormat;
	}

	/** The format of the file read now, once known. */
	get format(): LogFormat | undefined {
		return this.current?.lines?.reading.format;
	}

	/** Byte offset reached in the current file: every line before it has been handed on. */
	get position(): number {
		return this.current?.offset ?? 0;
	}

	/** The descriptor of the regular file open now, if any: for reading its older part again. */
	get file(): FileHandle | undefined {
		return this.current?.stream === false ? this.current.handle : undefined;
	}

	/** Device and inode of the file open now, or of the last one. */
	get identity(): FileIdentity | undefined {
		return this.opened;
	}

	/** Whether the follower holds its file open now. */
	get isOpen(): boolean {
		return this.current !== undefined;
	}

	/** How far the file read now has been read, and the bytes before that point; undefined while none is open. */
	get readPoint(): (ReadPoint & {readonly identity: FileIdentity}) | undefined {
		const file = this.current;
		return file && !file.stream ? {identity: file.identity, ...pointOf(file)} : undefined;
	}

	positionOf(file: FileIdentity): number | undefined {
		return [this.current, ...this.retired].find(open => open !== undefined && sameIdentity(open.identity, file))?.offset;
	}

	/**
	Read every line completed since the last update. Never rejects: problems go to `state`.

	@returns Whether any bytes were read.
	*/
	async update(sink: LineSink): Promise<boolean> {
		let read = false;
		try {
			read = await this.drainRetired(sink);
			if (!this.current && !(await this.open(this.opened === undefined))) {
				return read;
			}

			const file = this.current!;
			if (file.stream) {
				read = (await this.readStream(file, sink)) || read;
				this.state = this.readingState();
				return read;
			}

			const own = await file.handle.stat();
			const reopen = this.options.reopen !== false;
			const atPath = reopen ? await this.statPath() : undefined;
			if (reopen && !sameFile(own, atPath)) {
				// Rotated, deleted or replaced: finish the old file first, since lines written to it just before or after the rename belong before those of the new one.
				read = (await this.readAppended(file, own, sink)) || read;
				this.retired.push(file);
				this.current = undefined;
				if (!atPath) {
					this.state = {kind: 'waiting', message: `waiting for ${this.path} to appear again`};
					return read;
				}

				if (!(await this.open(false))) {
					return read;
				}

				read = (await this.readCurrent(sink)) || read;
			} else {
				read = (await this.readAppended(file, own, sink)) || read;
			}

			this.state = this.readingState();
		} catch (error) {
			this.state = {kind: 'error', message: describeError(this.path, error)};
		}

		return read;
	}

	/**
	Read the open file to its end without looking at the path again: for a file that left the directory.

	@returns Whether any bytes were read.
	*/
	async drain(sink: LineSink): Promise<boolean> {
		try {
			let read = await this.drainRetired(sink);
			if (this.current) {
				read = (await this.readCurrent(sink)) || read;
			}

			return read;
		} catch {
			return false;
		}
	}

	/**
	Close the file but remember how far it was read, so that a later `update()` goes on from there: for a file that is not expected to grow, so that a directory of thousands of files does not hold thousands of descriptors. Streams stay open, as they cannot be opened again where they were.
	*/
	async park(): Promise<void> {
		const file = this.current;
		if (!file || file.stream) {
			return;
		}

		this.current = undefined;
		this.registry.release(file.identity, this, pointOf(file));
		await file.handle.close().catch(() => undefined);
	}

	async close(): Promise<void> {
		const files = [this.current, ...this.retired].filter(file => file !== undefined);
		this.current = undefined;
		this.retired.length = 0;
		await Promise.all(files.map(async file => this.letGo(file)));
	}

	/* Reading, or, when the format was forced and the file does not fit it, that in words. */
	private readingState(): ReaderState {
		const lines = this.current?.lines;
		if (lines?.reading.forced && lines.records === 0 && lines.malformed >= misfitLines) {
			return {kind: 'error', message: `${this.path} does not look like ${formatLabels[lines.reading.format]}: ${lines.malformed} malformed lines, none read (--format auto tells each file's format)`};
		}

		return {kind: 'reading'};
	}

	/* Open the file at the path; false (and a waiting or error state) when it cannot be, or when another follower reads it. */
	private async open(first: boolean): Promise<boolean> {
		let handle: FileHandle;
		try {
			handle = await this.fileSystem.open(this.path);
		} catch (error) {
			this.state = isMissing(error)
				? {kind: 'waiting', message: `waiting for ${this.path} to appear`}
				: {kind: 'error', message: describeError(this.path, error)};
			return false;
		}

		let claimed: FileIdentity | undefined;
		try {
			const stats = await handle.stat();
			if (stats.isDirectory()) {
				throw Object.assign(new Error('is a directory'), {code: 'EISDIR'});
			}

			const identity = identityOf(stats);
			// A directory's follower keeps to its file: another file at the name is the directory's to pair with a follower.
			const ours = this.options.reopen !== false || this.opened === undefined || sameIdentity(identity, this.opened);
			if (!ours || !this.registry.claim(identity, this)) {
				if (ours) {
					// Read through another name already: nothing to do here until that changes.
					this.opened = identity;
					this.state = {kind: 'reading'};
				}

				await handle.close();
				return false;
			}

			claimed = identity;
			this.opened = identity;
			const stream = !stats.isFile();
			let point = this.registry.takePoint(identity);
			if (point && (stream || !(await fingerprintHolds(handle, point, stats.size)))) {
				point = undefined;
			}

			const reading = stream ? undefined : await readingOf(handle, stats.size, this.formats);
			const offset = point?.offset ?? (first && reading && this.options.start ? await this.options.start(handle, stats.size, reading) : 0);
			this.current = {
				handle,
				identity,
				stream,
				offset,
				fingerprint: point?.fingerprint ?? noBytes,
				skipping: point?.skipping ?? false,
				carry: noBytes,
				carried: 0,
				lines: reading && linesOf(reading),
			};
			return true;
		} catch (error) {
			if (claimed) {
				this.registry.release(claimed, this);
			}

			await handle.close().catch(() => undefined);
			throw error;
		}
	}

	private async statPath(): Promise<Stats | undefined> {
		try {
			return await this.fileSystem.stat(this.path);
		} catch (error) {
			if (isMissing(error)) {
				return undefined;
			}

			throw error;
		}
	}

	private async readCurrent(sink: LineSink): Promise<boolean> {
		const file = this.current!;
		return file.stream ? this.readStream(file, sink) : this.readAppended(file, await file.handle.stat(), sink);
	}

	/* Old descriptors are read once more at each update and let go once one finds nothing new. */
	private async drainRetired(sink: LineSink): Promise<boolean> {
		let read = false;
		for (const file of [...this.retired]) {
			const stats = await file.handle.stat();
			if (await this.readLines(file, stats.size, sink)) {
				read = true;
			} else {
				this.retired.splice(this.retired.indexOf(file), 1);
				await this.letGo(file);
			}
		}

		return read;
	}

	/* Close a file and leave its read point to whoever takes it next. */
	private async letGo(file: OpenFile): Promise<void> {
		if (!file.stream && file.fingerprint.length < Math.min(file.offset, fingerprintBytes)) {
			await takeFingerprint(file).catch(() => undefined);
		}

		this.registry.release(file.identity, this, file.stream ? undefined : pointOf(file));
		await file.handle.close().catch(() => undefined);
	}

	/* Read the current file from the point reached, first checking it was not cut or rewritten under us. */
	private async readAppended(file: OpenFile, stats: Stats, sink: LineSink): Promise<boolean> {
		if (stats.size < file.offset || !(await fingerprintHolds(file.handle, file, stats.size))) {
			// Other content: maybe of another format.
			file.offset = 0;
			file.skipping = false;
			file.fingerprint = noBytes;
			file.lines = undefined;
		}

		return this.readLines(file, stats.size, sink);
	}

	/*
	Hand on the whole lines of `file[offset, size)` in large chunks, awaiting each read so that keys are answered in between.

	@returns Whether the file's offset moved.
	*/
	private async readLines(file: OpenFile, size: number, sink: LineSink): Promise<boolean> {
		if (!file.lines) {
			const reading = await readingOf(file.handle, size, this.formats);
			if (!reading) {
				// `auto` and no complete line yet: nothing to hand on either.
				return false;
			}

			file.lines = linesOf(reading);
		}

		const start = file.offset;
		const {budget} = this.options;
		if (budget && budget.remaining <= 0) {
			return false;
		}

		if (!budget && sink.bulk && file.lines.reading.format === 'native' && !file.skipping && size - start >= (this.options.bulkBytes ?? bulkBytes)) {
			const {end, skipping, error} = await sink.bulk(file.handle, start, size, file.lines);
			file.offset = end;
			file.skipping = skipping;
			if (end !== start) {
				await takeFingerprint(file);
			}

			if (error !== undefined) {
				throw error;
			}

			return end !== start;
		}

		let offset = start;
		let carried = 0;
		let position = start;
		while (position < size) {
			if (carried === this.buffer.bytes.length) {
				if (this.buffer.bytes.length * 2 > maxLineBytes) {
					// No newline in all of this: skip to the next one rather than hold it.
					offset += carried;
					carried = 0;
					file.skipping = true;
				} else {
					this.buffer.grow();
				}
			}

			const buffer = this.buffer.bytes;
			let wanted = Math.min(buffer.length - carried, size - position);
			if (budget) {
				const left = budget.remaining - (position - start);
				if (left <= 0 && offset > start) {
					// Spent, and at a line's end: the rest waits.
					break;
				}

				// Spent inside the first line: that line is read whole, then reading stops.
				wanted = Math.min(wanted, Math.max(left, 4096));
			}

			// eslint-disable-next-line no-await-in-loop
			const {bytesRead} = await file.handle.read(buffer, carried, wanted, position);
			if (bytesRead === 0) {
				break;
			}

			position += bytesRead;
			const filled = carried + bytesRead;
			const used = this.handOn(buffer, carried, filled, file, sink);
			offset += used;
			carried = filled - used;
			buffer.copyWithin(0, used, filled);
		}

		this.buffer.shrink();
		if (budget) {
			budget.remaining -= position - start;
		}

		file.offset = offset;
		if (offset === start) {
			return false;
		}

		await takeFingerprint(file);
		return true;
	}

	/* Hand on what a pipe or device has now; its unfinished last line waits in the file's own carry for the rest. */
	private async readStream(file: OpenFile, sink: LineSink): Promise<boolean> {
		let read = false;
		for (let reads = 0; reads < streamReadsPerUpdate; reads++) {
			if (file.carry.length - file.carried < 64 * 1024) {
				if (file.carried >= maxLineBytes) {
					file.carried = 0;
					file.skipping = true;
				} else {
					const grown = new Uint8Array(Math.max(file.carry.length * 2, 256 * 1024));
					grown.set(file.carry.subarray(0, file.carried));
					file.carry = grown;
				}
			}

			let bytesRead: number;
			try {
				// eslint-disable-next-line no-await-in-loop
				({bytesRead} = await file.handle.read(file.carry, file.carried, file.carry.length - file.carried, null));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
					break;
				}

				throw error;
			}

			// The writer closed (or a FIFO has none yet): not an error, and a new writer may come.
			if (bytesRead === 0) {
				break;
			}

			read = true;
			const filled = file.carried + bytesRead;
			if (!file.lines) {
				const reading = readingOfHead(file.carry, filled, this.formats);
				if (!reading) {
					file.carried = filled;
					continue;
				}

				file.lines = linesOf(reading);
			}

			const used = this.handOn(file.carry, file.carried, filled, file, sink);
			file.carry.copyWithin(0, used, filled);
			file.carried = filled - used;
		}

		return read;
	}

	/*
	Hand on the whole lines of `buffer[0, filled)`, where `buffer[0, carried)` was there before (and holds no newline).

	@returns Where the unfinished rest starts: the bytes before it are handed on or skipped.
	*/
	private handOn(buffer: Uint8Array, carried: number, filled: number, file: OpenFile, sink: LineSink): number {
		let start = 0;
		if (file.skipping) {
			const index = buffer.subarray(0, filled).indexOf(newline, carried);
			if (index < 0) {
				return filled;
			}

			file.skipping = false;
			sink.overlong();
			start = index + 1;
		}

		const last = buffer.lastIndexOf(newline, filled - 1);
		if (last >= start) {
			const newest = sink.lines(buffer, start, last + 1, file.lines!);
			if (newest > this.newest) {
				this.newest = newest;
			}

			start = last + 1;
		}

		return start;
	}
}

function linesOf(reading: FileReading): FileLines {
	return {reading, cursor: cursorFor(reading), records: 0, malformed: 0};
}

function pointOf(file: OpenFile): ReadPoint {
	return {offset: file.offset, fingerprint: file.fingerprint, skipping: file.skipping};
}

/* Whether the bytes before the point are still those read there: if not, the file was rewritten. */
async function fingerprintHolds(handle: FileHandle, point: ReadPoint, size: number): Promise<boolean> {
	if (point.offset > size) {
		return false;
	}

	const expected = point.fingerprint;
	if (expected.length === 0) {
		return true;
	}

	const actual = new Uint8Array(expected.length);
	const {bytesRead} = await handle.read(actual, 0, actual.length, point.offset - actual.length);
	return bytesRead === actual.length && Buffer.compare(actual, expected) === 0;
}

async function takeFingerprint(file: OpenFile): Promise<void> {
	const length = Math.min(file.offset, fingerprintBytes);
	const bytes = new Uint8Array(length);
	const {bytesRead} = await file.handle.read(bytes, 0, length, file.offset - length);
	file.fingerprint = bytes.subarray(0, bytesRead);
}

/**
Whether the path still names the file we hold: same device and inode (and birth time, where the system keeps one), and not deleted.
*/
function sameFile(own: Stats, atPath: Stats | undefined): boolean {
	return atPath !== undefined
		&& own.nlink > 0
		&& own.dev === atPath.dev
		&& own.ino === atPath.ino
		&& own.birthtimeMs === atPath.birthtimeMs;
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}

const reasons: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EISDIR: 'is a directory',
	EIO: 'input/output error',
	EMFILE: 'too many open files',
	ENFILE: 'too many open files',
	ELOOP: 'too many symbolic links',
	ENOTDIR: 'not a directory',
	ENXIO: 'it is a socket, which cannot be opened by name (pipe it through cat)',
};

/**
An error as one line for the status line: the path and what went wrong in words.
*/
export function describeError(path: string, error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const reason = (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
	return `cannot read ${path}: ${reason}`;
}

/** How far back from the end to look for the newest line at first; doubled until a line is found. */
const tailBytes = 64 * 1024;

/**
The newest timestamp among the whole lines near the end of a file (ms), or undefined when it holds none. Lines are only roughly sorted, so the file's newest line is at most the tolerance newer than this, and at or after the last line's timestamp.
*/
export async function newestNearEnd(file: FileHandle, size: number, reading?: FileReading): Promise<number | undefined> {
	const cursor = reading ? cursorFor(reading) : new LineCursor();
	for (let length = Math.min(size, tailBytes); length > 0; length = Math.min(size, length * 4)) {
		const buffer = new Uint8Array(length);
		// eslint-disable-next-line no-await-in-loop
		const {bytesRead} = await file.read(buffer, 0, length, size - length);
		let start = 0;
		if (size - length > 0) {
			// Skip the partial line the read starts in.
			start = buffer.indexOf(newline) + 1;
			if (start === 0) {
				start = bytesRead;
			}
		}

		cursor.reset(buffer, start, bytesRead);
		let newest: number | undefined;
		for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
			if (result === lineResult.line && (newest === undefined || cursor.timestamp > newest)) {
				newest = cursor.timestamp;
			}
		}

		if (newest !== undefined || length === size) {
			return newest;
		}
	}

	return undefined;
}
