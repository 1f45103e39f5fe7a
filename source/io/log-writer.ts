import {constants} from 'node:fs';
import {access, mkdir, open, readdir, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {RuntimeError} from '../core/errors.js';

export type LogWriterOptions = {
	readonly dir: string;
	/** Finish a file after this many lines. */
	readonly linesPerFile: number;
	/** Finish a file this many ms after its first line; 0 or Infinity: never by age. */
	readonly maxFileAge: number;
	readonly unit: 'ms' | 's';
	/** Now, in ms, for the age of files: the wall clock live, the synthetic time with `--fast`, a fake in tests. */
	readonly clock?: () => number;
	/** Called once a file is complete and closed. */
	readonly onFileFinished?: (k: number, path: string) => void;
	/** Opens a new log file for writing; tests pass one that opens `/dev/full`. */
	readonly openFile?: (path: string) => Promise<FileHandle>;
	/** Lines that open and close each file, for formats that have them (Zeek's header block and `#close`, VPC's header line). */
	readonly framing?: FileFraming;
};

/** A file's first and last lines, given the time (ms, of `clock`) it got its first record and the time it is finished. */
export type FileFraming = {
	header?(time: number): string | undefined;
	footer?(time: number): string | undefined;
};

/** Bytes of a part of a file waiting to be written; always whole lines. */
type Segment = {
	readonly k: number;
	readonly parts: Buffer[];
	/** The file is complete after these bytes. */
	finishes: boolean;
};

const chunkSize = 4 * 1024 * 1024;
const newline = 0x0A;
const space = 0x20;
const zero = 0x30;

/** The name of log file K in its directory. */
export function logFileName(k: number): string {
	return `log_${k}.txt`;
}

const logFilePattern = /^log_(\d+)\.txt$/;

/**
Writes `log_K.txt` files into a directory, finishing each after so many lines or so much time.

Lines go into memory by `writeLine` (synchronous and cheap, so a gigabyte is not a billion promises) and reach the disk, whole lines only, at `flush()`. Numbering continues after the highest `log_K.txt` already in the directory, so a second run never overwrites the logs of the first.
*/
export class LogWriter {
	/**
	Create the directory if needed and check that files can be made in it.

	@throws RuntimeError naming the directory.
	*/
	static async open(options: LogWriterOptions): Promise<LogWriter> {
		const {dir} = options;
		try {
			await makeDirectory(dir);
			await access(dir, constants.W_OK | constants.X_OK);
		} catch (error) {
			const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it cannot be made there' : reason(error);
			throw new RuntimeError(`cannot write into directory '${dir}': ${why}`);
		}

		let highest = 0;
		try {
			for (const name of await readdir(dir)) {
				const match = logFilePattern.exec(name);
				if (match) {
					highest = Math.max(highest, Number(match[1]));
				}
			}
		} catch (error) {
			throw new RuntimeError(`cannot read directory '${dir}': ${reason(error)}`);
		}

		return new LogWriter(options, highest + 1);
	}

	private readonly clock: () => number;
	private readonly maxFileAge: number;
	private readonly divisor: number;
	private readonly segments: Segment[] = [];
	private chunk = Buffer.allocUnsafe(chunkSize);
	/** Bytes of `chunk` in use, and where the part not yet handed to a segment starts. */
	private used = 0;
	private sealed = 0;
	/** The file lines go to now, its line count, and when its first line came. */
	private k: number;
	private linesInFile = 0;
	/** Records of `writeRecord` that count towards `linesPerFile`: connections, not the lines that carry none. */
	private connectionsInFile = 0;
	private fileStartedAt = 0;
	/** The open file, its number, and its size in complete parts (to cut back to on failure). */
	private handle: FileHandle | undefined;
	private handleK = 0;
	private committed = 0;
	private flushing: Promise<void> = Promise.resolve();
	private failure: Error | undefined;
	/** The digits of a timestamp before its last six, kept from line to line. */
	private lastHigh = 0;
	private readonly highDigits = new Uint8Array(16);
	private highStart = 16;

	private readonly options: LogWriterOptions;

	private constructor(options: LogWriterOptions, firstK: number) {
		this.options = options;
		this.k = firstK;
		this.clock = options.clock ?? Date.now;
		this.maxFileAge = options.maxFileAge > 0 ? options.maxFileAge : Number.POSITIVE_INFINITY;
		this.divisor = options.unit === 's' ? 1000 : 1;
	}

	/** The number of the file the next line goes to. */
	get currentFile(): number {
		return this.k;
	}

	/**
	Add one line; it reaches the file at the next `flush()`.

	@param timestamp Milliseconds (a multiple of 1000 with `unit: 's'`).
	@param source The host's name in UTF-8.
	*/
	writeLine(timestamp: number, source: Uint8Array, destination: Uint8Array): void {
		this.finishIfOld();
		if (this.linesInFile === 0) {
			this.fileStartedAt = this.clock();
		}

		const longest = 24 + source.length + destination.length;
		if (this.used + longest > this.chunk.length) {
			this.newChunk(longest);
		}

		const chunk = this.chunk;
		let position = this.writeTimestamp(Math.floor(timestamp / this.divisor));
		chunk[position++] = space;
		position = copy(source, chunk, position);
		chunk[position++] = space;
		position = copy(destination, chunk, position);
		chunk[position++] = newline;
		this.used = position;
		if (++this.linesInFile >= this.options.linesPerFile) {
			this.finishFile();
		}
	}

	/**
	Add one record of another format, already made into text (without newline); it reaches the file at the next `flush()`. The file's header comes before its first record.

	@param connection It counts towards `linesPerFile` (a header-like record, such as a VPC NODATA record, does not).
	*/
	writeRecord(text: string, connection: boolean): void {
		this.finishIfOld();
		if (this.linesInFile === 0) {
			this.fileStartedAt = this.clock();
			this.writeText(this.options.framing?.header?.(this.fileStartedAt));
		}

		this.writeText(`${text}\n`);
		this.linesInFile++;
		if (connection && ++this.connectionsInFile >= this.options.linesPerFile) {
			this.finishFile();
		}
	}

	/** Finish the current file if it is older than the maximum age, even with no line to write: a slow live generator still rotates on time. */
	finishIfOld(): void {
		if (this.linesInFile > 0 && this.clock() - this.fileStartedAt >= this.maxFileAge) {
			this.finishFile();
		}
	}

	/**
	Write what `writeLine` added, finishing and reporting the files that are complete. Calls run one after the other.

	@throws RuntimeError naming the file: `disk full writing '<path>'` when the disk is full.
	*/
	async flush(): Promise<void> {
		this.seal();
		const segments = this.segments.splice(0);
		const work = this.flushing.then(async () => {
			// After a failure nothing more is written: a later write would land after the cut-off half line, or leave a hole.
			if (this.failure) {
				throw this.failure;
			}

			try {
				await this.writeSegments(segments);
			} catch (error) {
				this.failure = error as Error;
				throw error;
			}
		});
		this.flushing = work.catch(() => undefined);
		await work;
	}

	/** Write the rest, finish the last file (reporting it too: it is complete) and close it. */
	async close(): Promise<void> {
		if (this.linesInFile > 0) {
			this.finishFile();
		}

		try {
			await this.flush();
		} finally {
			await this.closeHandle();
		}
	}

	private finishFile(): void {
		this.writeText(this.options.framing?.footer?.(this.clock()));
		this.seal();
		const last = this.segments.at(-1);
		if (last?.k === this.k) {
			last.finishes = true;
		} else {
			this.segments.push({k: this.k, parts: [], finishes: true});
		}

		this.k++;
		this.linesInFile = 0;
		this.connectionsInFile = 0;
	}

	/** Hand the bytes added since the last seal to the current file's segment. */
	private seal(): void {
		if (this.used === this.sealed) {
			return;
		}

		const part = this.chunk.subarray(this.sealed, this.used);
		const last = this.segments.at(-1);
		if (last?.k === this.k && !last.finishes) {
			last.parts.push(part);
		} else {
			this.segments.push({k: this.k, parts: [part], finishes: false});
		}

		this.sealed = this.used;
	}

	/** Copy text into the chunk. */
	private writeText(text: string | undefined): void {
		if (!text) {
			return;
		}

		const longest = text.length * 3;
		if (this.used + longest > this.chunk.length) {
			this.newChunk(longest);
		}

		this.used += this.chunk.write(text, this.used, 'utf8');
	}

	private newChunk(atLeast: number): void {
		this.seal();
		// Sealed parts still point into the old chunk until they are written, so it is left to them rather than reused.
		this.chunk = Buffer.allocUnsafe(Math.max(chunkSize, atLeast));
		this.used = 0;
		this.sealed = 0;
	}

	private writeTimestamp(value: number): number {
		// Consecutive lines share all but the last few digits: the leading ones are made only when they change, the last six with small-integer arithmetic.
		const high = Math.floor(value / 1_000_000);
		let low = value - (high * 1_000_000);
		if (high !== this.lastHigh) {
			const digits = this.highDigits;
			let position = digits.length;
			for (let rest = high; rest > 0; rest = Math.floor(rest / 10)) {
				digits[--position] = zero + (rest % 10);
			}

			this.lastHigh = high;
			this.highStart = position;
		}

		const chunk = this.chunk;
		let position = this.used;
		for (let index = this.highStart; index < this.highDigits.length; index++) {
			chunk[position++] = this.highDigits[index]!;
		}

		// Six digits, zero-padded after leading ones; without them, as many as the number needs.
		const width = high > 0 ? 6 : (low >= 100_000 ? 6 : low >= 10_000 ? 5 : low >= 1000 ? 4 : low >= 100 ? 3 : low >= 10 ? 2 : 1);
		position += width;
		for (let index = 1; index <= width; index++) {
			const next = (low / 10) | 0;
			chunk[position - index] = zero + (low - (next * 10));
			low = next;
		}

		return position;
	}

	private async writeSegments(segments: readonly Segment[]): Promise<void> {
		for (const segment of segments) {
			const filePath = path.join(this.options.dir, logFileName(segment.k));
			if (this.handle === undefined || this.handleK !== segment.k) {
				// eslint-disable-next-line no-await-in-loop
				await this.openFile(segment.k, filePath);
			}

			for (const part of segment.parts) {
				// eslint-disable-next-line no-await-in-loop
				await this.writePart(part, filePath);
			}

			if (segment.finishes) {
				const handle = this.handle!;
				this.handle = undefined;
				try {
					// eslint-disable-next-line no-await-in-loop
					await handle.close();
				} catch (error) {
					throw fileError(error, filePath);
				}

				this.options.onFileFinished?.(segment.k, filePath);
			}
		}
	}

	private async openFile(k: number, filePath: string): Promise<void> {
		await this.closeHandle();
		try {
			// 'wx': a file that appeared since the directory was read belongs to someone else, and is not overwritten.
			this.handle = await (this.options.openFile ?? (async (name: string) => open(name, 'wx')))(filePath);
		} catch (error) {
			throw (error as NodeJS.ErrnoException).code === 'EEXIST'
				? new RuntimeError(`'${filePath}' appeared while writing (is another generator writing into '${this.options.dir}'?)`)
				: fileError(error, filePath);
		}

		this.handleK = k;
		this.committed = 0;
	}

	private async writePart(part: Buffer, filePath: string): Promise<void> {
		const handle = this.handle!;
		try {
			let offset = 0;
			while (offset < part.length) {
				// eslint-disable-next-line no-await-in-loop
				const {bytesWritten} = await handle.write(part, offset, part.length - offset);
				offset += bytesWritten;
			}
		} catch (error) {
			// Cut a half-written line off, so the file still ends on a complete one (best effort: the disk is in trouble).
			await handle.truncate(this.committed).catch(() => undefined);
			throw fileError(error, filePath);
		}

		this.committed += part.length;
	}

	/** Give up after a failure: close the open file without reporting it, and drop what is not written. */
	async abort(): Promise<void> {
		this.segments.length = 0;
		this.sealed = this.used;
		this.linesInFile = 0;
		this.connectionsInFile = 0;
		await this.closeHandle();
	}

	private async closeHandle(): Promise<void> {
		const handle = this.handle;
		this.handle = undefined;
		await handle?.close().catch(() => undefined);
	}
}

/*
`mkdir -p`, one level at a time: Node's own recursive mkdir never returns for a path under /proc, where creating fails with ENOENT however often its parent exists.
*/
async function makeDirectory(dir: string): Promise<void> {
	try {
		await mkdir(dir);
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'EEXIST') {
			return;
		}

		const parent = path.dirname(dir);
		if (code !== 'ENOENT' || parent === dir) {
			throw error;
		}

		await makeDirectory(parent);
		await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
			if (again.code !== 'EEXIST') {
				throw again;
			}
		});
	}
}

function copy(bytes: Uint8Array, target: Uint8Array, position: number): number {
	// A loop beats `set` for the few bytes of a host name.
	const length = bytes.length;
	if (length > 32) {
		target.set(bytes, position);
		return position + length;
	}

	for (let index = 0; index < length; index++) {
		target[position + index] = bytes[index]!;
	}

	return position + length;
}

function fileError(error: unknown, filePath: string): RuntimeError {
	if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
		return new RuntimeError(`disk full writing '${filePath}'`);
	}

	// A file of the directory cannot be made because the directory itself was removed.
	const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its directory is gone' : reason(error);
	return new RuntimeError(`cannot write '${filePath}': ${why}`);
}

const reasons: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EROFS: 'read-only file system',
	ENOTDIR: 'a part of the path is a file, not a directory',
	EEXIST: 'it exists and is not a directory',
	ENOSPC: 'disk full',
	EDQUOT: 'disk quota exceeded',
	ENAMETOOLONG: 'name too long',
	EISDIR: 'it is a directory',
};

function reason(error: unknown): string {
	const {code, message} = error as NodeJS.ErrnoException;
	return (code && reasons[code]) ?? message.replace(/^\w+: /, '');
}
