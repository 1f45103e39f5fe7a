import {CursorTally} from '../core/cursor-tally.js';
import {type FileState, maxLineBytes} from '../core/formats/connection-cursor.js';
import {createCursor, type LogFormat} from '../core/formats/log-format.js';
import {KernelTally} from '../core/kernel-tally.js';
import type {TallySnapshot, WindowTallyOptions} from '../core/window-tally.js';

/**
What scanning needs of a file: positional reads. A `FileHandle` is one; a worker thread wraps a shared descriptor.
*/
export type ByteSource = {
	read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{bytesRead: number}>;
};

export type ScanRange = {
	/** Byte offset of a line start. */
	readonly start: number;
	/** Byte offset of a line start or the end of the file; Infinity reads to the end of what the source gives. */
	readonly end: number;
	/** The range ends where the file ends: a last line without newline is complete (SPEC section 1). */
	readonly atFileEnd: boolean;
};

export type ScanResult = {
	/** Bytes read from the source. */
	readonly bytesRead: number;
};

/**
What counts the lines of chunks read into its own memory: `KernelTally` for native files, `CursorTally` for the other formats.
*/
export type ChunkTally = {
	/** Malformed lines met. */
	malformed: number;
	/** Where the unfinished rest of the last chunk starts, after `consume`. */
	readonly position: number;
	/** A view of `capacity` bytes to read into, its first bytes the rest carried from the last chunk. */
	chunk(capacity: number): Uint8Array;
	/** Move the unfinished rest to the front; returns its length. */
	carry(length: number): number;
	/** Count the lines of the chunk's first `length` bytes; false when no later line can be in the window. */
	consume(length: number, offset: number, atEnd: boolean): boolean;
};

/**
Big enough that a read costs little beside counting its lines, small enough to stay in cache-friendly territory and keep memory flat.
*/
export const chunkSize = 2 * 1024 * 1024;

const newline = 0x0A;

/**
Read `range` of a file into `tally` in large chunks, straight into the tally's memory; the unfinished last line of a chunk is carried to the front of the next. Stops early when the tally has seen a line past its window.

A line longer than `maxLine` (a run of garbage, a sparse file's hole) is one malformed line: its bytes are dropped up to its newline rather than held, so memory stays within a few chunks whatever the file holds.

@param chunkBytes The chunk size: smaller in tests, to put chunk edges anywhere.
@param maxLine The longest line kept: smaller in tests.
*/
export async function scanRange(source: ByteSource, range: ScanRange, tally: ChunkTally, chunkBytes = chunkSize, maxLine = maxLineBytes): Promise<ScanResult> {
	let capacity = chunkBytes;
	/** File offset of the chunk's first byte. */
	let bufferOffset = range.start;
	let carried = 0;
	let position = range.start;
	let bytesRead = 0;
	/** Inside an overlong line, already counted: its bytes are dropped up to its newline. */
	let skipping = false;
	for (;;) {
		if (carried === capacity) {
			if (capacity >= maxLine) {
				tally.malformed++;
				skipping = true;
				bufferOffset += carried;
				carried = 0;
				capacity = chunkBytes;
			} else {
				// A line longer than the chunk: make room for the rest of it.
				capacity = Math.min(capacity * 2, maxLine);
			}
		}

		const buffer = tally.chunk(capacity);
		const wanted = Math.min(capacity - carried, range.end - position);
		// eslint-disable-next-line no-await-in-loop
		const read = wanted > 0 ? (await source.read(buffer, carried, wanted, position)).bytesRead : 0;
		position += read;
		bytesRead += read;
		let filled = carried + read;
		const finished = read === 0 || position >= range.end;
		if (skipping) {
			// Buffer's search, tens of times faster than a typed array's over a hole of gigabytes.
			const index = Buffer.from(buffer.buffer, buffer.byteOffset, filled).indexOf(newline);
			if (index < 0) {
				bufferOffset += filled;
				if (finished) {
					break;
				}

				continue;
			}

			skipping = false;
			buffer.copyWithin(0, index + 1, filled);
			filled -= index + 1;
			bufferOffset += index + 1;
		}

		const more = tally.consume(filled, bufferOffset, finished && (range.atFileEnd || read === 0));
		if (!more || finished) {
			break;
		}

		bufferOffset += tally.position;
		carried = tally.carry(filled);
	}

	return {bytesRead};
}

/** How a file's lines are read: its format, and what its header sets up for a part that starts after it (plain data, for worker threads). */
export type ScanReading = {
	readonly format: LogFormat;
	readonly state?: FileState;
};

/** Native lines, the default. */
export const nativeReading: ScanReading = {format: 'native'};

/** A chunk tally that hands over its counts, and the header state reached (formats with one). */
export type FileTally = ChunkTally & {
	snapshot(): TallySnapshot;
	readonly fileState?: FileState;
};

/**
The tally for a file's lines: the scanner kernel for native ones, so that the format costs native files nothing per line; the format's own cursor for the others.

@param kernel The compiled kernel, for native lines.
*/
export function tallyFor(reading: ScanReading, kernel: () => WebAssembly.Module, options: WindowTallyOptions): FileTally {
	return reading.format === 'native' ? new KernelTally(kernel(), options) : new CursorTally(createCursor(reading.format, reading.state), options);
}
