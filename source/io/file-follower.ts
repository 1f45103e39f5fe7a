import type {Stats} from 'node:fs';
import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import {LineCursor, lineResult} from '../core/line-cursor.js';
import type {ReaderState} from './live-reader-contract.js';

/*
Following one path the way `tail -F` does, without losing or double-counting a line:

- Only whole lines are handed on: the bytes after the last newline are read again at the next update, so a write split anywhere (even inside a UTF-8 character) changes nothing.
- The open descriptor is kept, so the path can be compared with it: another file at the path (rename-and-create rotation, delete and recreate, a replacement) means first reading the old descriptor to its end (the writer may have written to it just after the rename), then the new file from its start. Holding the descriptor also keeps the old inode alive, so a recreated file cannot get its number; a link count of zero says it was deleted.
- The same file getting smaller (copy-and-truncate), or other bytes before the point reached (a file rewritten in place), means reading it again from its start.
- Errors become a state in words and the next update tries again.
*/

/** Takes whole lines; the buffer is only valid during the call. */
export type LineSink = {
	/** `buffer[start, end)` holds whole lines, `end` just after a newline. Returns the newest timestamp among them, or -Infinity. */
	lines(buffer: Uint8Array, start: number, end: number): number;
	/** A line longer than `maxLineBytes` was skipped. */
	overlong(): void;
};

/** The few calls the follower makes, so tests can make them fail the way a non-root user would see. */
export type FollowerFileSystem = {
	open(path: string): Promise<FileHandle>;
	stat(path: string): Promise<Stats>;
};

export type FileFollowerOptions = {
	/** Where to start reading a file met for the first time (a seek to the window). Files that replace it later are read from 0. */
	readonly start?: (file: FileHandle, size: number) => Promise<number>;
	readonly fileSystem?: FollowerFileSystem;
	/** Bytes per read; the app stays responsive between reads. */
	readonly chunkSize?: number;
	/** A read buffer to share with the other followers of a reader, which read one at a time: one buffer however many files. */
	readonly readBuffer?: ReadBuffer;
	/** Follow whatever file the path names (true, the default), or only the file first opened there (a directory's follower tracks renames itself). */
	readonly reopen?: boolean;
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

	/** Back to the usual size after a long line made it grow. */
	shrink(): void {
		if (this.bytes.length > this.size) {
			this.bytes = new Uint8Array(this.size);
		}
	}
}
/** A "line" longer than this is skipped as malformed rather than held in memory. */
export const maxLineBytes = 16 * 1024 * 1024;
/** Bytes before the point reached that must stay the same, or the file was rewritten. */
const fingerprintBytes = 256;
const newline = 0x0A;

const realFileSystem: FollowerFileSystem = {
	open: async path => fs.open(path, 'r'),
	stat: async path => fs.stat(path),
};

/** A descriptor whose path now names another file: read until it stops growing, then closed. */
type Retired = {
	readonly handle: FileHandle;
	offset: number;
};

/**
Follows one path across rotation, truncation and replacement, handing whole lines to a sink.
*/
export class FileFollower {
	state: ReaderState = {kind: 'reading'};
	/** Newest timestamp read from this path's files so far (ms), -Infinity before any. */
	newest = Number.NEGATIVE_INFINITY;
	private handle: FileHandle | undefined;
	private opened: {readonly dev: number; readonly ino: number} | undefined;
	private offset = 0;
	private fingerprint = new Uint8Array(0);
	private skippingLine = false;
	private readonly retired: Retired[] = [];
	private readonly buffer: ReadBuffer;
	private readonly fileSystem: FollowerFileSystem;

	/** The path followed; a directory's follower changes it when the file is renamed inside the directory. */
	path: string;
	private readonly options: FileFollowerOptions;

	constructor(path: string, options: FileFollowerOptions = {}) {
		this.path = path;
		this.options = options;
		this.fileSystem = options.fileSystem ?? realFileSystem;
		this.buffer = options.readBuffer ?? new ReadBuffer(options.chunkSize);
	}

	/** Byte offset reached in the current file: every line before it has been handed on. */
	get position(): number {
		return this.offset;
	}

	/** The descriptor of the file open now, if any: for reading its older part again. */
	get file(): FileHandle | undefined {
		return this.handle;
	}

	/** Device and inode of the file open now, or of the last one. */
	get identity(): {readonly dev: number; readonly ino: number} | undefined {
		return this.opened;
	}

	/**
	Read every line completed since the last update. Never rejects: problems go to `state`.

	@returns Whether any bytes were read.
	*/
	async update(sink: LineSink): Promise<boolean> {
		let read = false;
		try {
			read = await this.drainRetired(sink);
			if (!this.handle && !(await this.open(this.opened === undefined))) {
				return read;
			}

			const handle = this.handle!;
			const own = await handle.stat();
			const atPath = this.options.reopen === false ? undefined : await this.statPath();
			if (this.options.reopen !== false && !sameFile(own, atPath)) {
				// Rotated, deleted or replaced: finish the old file first, since lines written to it just before or after the rename belong before those of the new one.
				read = (await this.readAppended(handle, own, sink)) || read;
				this.retire(handle);
				if (!atPath) {
					this.state = {kind: 'waiting', message: `waiting for ${this.path} to appear again`};
					return read;
				}

				if (!(await this.open(false))) {
					return read;
				}

				read = (await this.readAppended(this.handle!, await this.handle!.stat(), sink)) || read;
			} else {
				read = (await this.readAppended(handle, own, sink)) || read;
			}

			this.state = {kind: 'reading'};
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
			if (this.handle) {
				read = (await this.readAppended(this.handle, await this.handle.stat(), sink)) || read;
			}

			return read;
		} catch {
			return false;
		}
	}

	async close(): Promise<void> {
		const handles = [this.handle, ...this.retired.map(retired => retired.handle)];
		this.handle = undefined;
		this.retired.length = 0;
		await Promise.all(handles.map(async handle => handle?.close().catch(() => undefined)));
	}

	/* Open the file at the path; false (and a waiting or error state) when it cannot be. */
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

		let stats: Stats;
		try {
			stats = await handle.stat();
			if (stats.isDirectory()) {
				throw Object.assign(new Error('is a directory'), {code: 'EISDIR'});
			}

			this.offset = first && this.options.start ? await this.options.start(handle, stats.size) : 0;
		} catch (error) {
			await handle.close().catch(() => undefined);
			throw error;
		}

		this.handle = handle;
		this.opened = {dev: stats.dev, ino: stats.ino};
		this.fingerprint = new Uint8Array(0);
		this.skippingLine = false;
		return true;
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

	private retire(handle: FileHandle): void {
		this.retired.push({handle, offset: this.offset});
		this.handle = undefined;
		this.offset = 0;
		this.fingerprint = new Uint8Array(0);
		this.skippingLine = false;
	}

	/* Old descriptors are read once more at each update and closed once one finds nothing new. */
	private async drainRetired(sink: LineSink): Promise<boolean> {
		let read = false;
		for (const retired of [...this.retired]) {
			const stats = await retired.handle.stat();
			const end = await this.readLines(retired.handle, retired.offset, stats.size, sink);
			if (end === retired.offset) {
				this.retired.splice(this.retired.indexOf(retired), 1);
				await retired.handle.close().catch(() => undefined);
			} else {
				retired.offset = end;
				read = true;
			}
		}

		return read;
	}

	/* Read the current file from the point reached, first checking it was not cut or rewritten under us. */
	private async readAppended(handle: FileHandle, stats: Stats, sink: LineSink): Promise<boolean> {
		if (stats.size < this.offset || !(await this.fingerprintHolds(handle))) {
			this.offset = 0;
			this.skippingLine = false;
		}

		const start = this.offset;
		this.offset = await this.readLines(handle, start, stats.size, sink);
		if (this.offset !== start) {
			await this.takeFingerprint(handle);
		}

		return this.offset !== start;
	}

	private async fingerprintHolds(handle: FileHandle): Promise<boolean> {
		const expected = this.fingerprint;
		if (expected.length === 0) {
			return true;
		}

		const actual = new Uint8Array(expected.length);
		const {bytesRead} = await handle.read(actual, 0, actual.length, this.offset - actual.length);
		return bytesRead === actual.length && Buffer.compare(actual, expected) === 0;
	}

	private async takeFingerprint(handle: FileHandle): Promise<void> {
		const length = Math.min(this.offset, fingerprintBytes);
		const bytes = new Uint8Array(length);
		const {bytesRead} = await handle.read(bytes, 0, length, this.offset - length);
		this.fingerprint = bytes.subarray(0, bytesRead);
	}

	/*
	Hand on the whole lines of `file[from, size)` in large chunks, awaiting each read so that keys are answered in between.

	@returns The offset after the last whole line.
	*/
	private async readLines(handle: FileHandle, from: number, size: number, sink: LineSink): Promise<number> {
		let offset = from;
		let carried = 0;
		let position = from;
		while (position < size) {
			if (carried === this.buffer.bytes.length) {
				if (this.buffer.bytes.length * 2 > maxLineBytes) {
					// No newline in all of this: skip to the next one rather than hold it.
					offset += carried;
					carried = 0;
					this.skippingLine = true;
				} else {
					const grown = new Uint8Array(this.buffer.bytes.length * 2);
					grown.set(this.buffer.bytes);
					this.buffer.bytes = grown;
				}
			}

			const buffer = this.buffer.bytes;
			// eslint-disable-next-line no-await-in-loop
			const {bytesRead} = await handle.read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
			if (bytesRead === 0) {
				break;
			}

			position += bytesRead;
			const filled = carried + bytesRead;
			let start = 0;
			if (this.skippingLine) {
				const index = buffer.indexOf(newline, carried);
				if (index < 0 || index >= filled) {
					offset += filled;
					carried = 0;
					continue;
				}

				this.skippingLine = false;
				sink.overlong();
				start = index + 1;
			}

			const last = buffer.lastIndexOf(newline, filled - 1);
			if (last >= start) {
				const newest = sink.lines(buffer, start, last + 1);
				if (newest > this.newest) {
					this.newest = newest;
				}

				start = last + 1;
			}

			offset += start;
			carried = filled - start;
			buffer.copyWithin(0, start, filled);
		}

		this.buffer.shrink();
		return offset;
	}
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
export async function newestNearEnd(file: FileHandle, size: number): Promise<number | undefined> {
	const cursor = new LineCursor();
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
