import {LineCursor} from '../core/line-cursor.js';
import type {WindowTally} from '../core/window-tally.js';

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
Big enough that a read costs little beside counting its lines, small enough to stay in cache-friendly territory and keep memory flat.
*/
export const chunkSize = 2 * 1024 * 1024;

/**
Read `range` of a file into `tally` in large chunks, one buffer reused; the unfinished last line of a chunk is carried to the front of the next. Stops early when the tally has seen a line past its window.
*/
export async function scanRange(source: ByteSource, range: ScanRange, tally: WindowTally): Promise<ScanResult> {
	const cursor = new LineCursor();
	let buffer = new Uint8Array(chunkSize);
	/** File offset of `buffer[0]`. */
	let bufferOffset = range.start;
	let carried = 0;
	let position = range.start;
	let bytesRead = 0;
	for (;;) {
		if (carried === buffer.length) {
			// A line longer than the buffer: make room for the rest of it.
			const grown = new Uint8Array(buffer.length * 2);
			grown.set(buffer);
			buffer = grown;
		}

		const wanted = Math.min(buffer.length - carried, range.end - position);
		const read = wanted > 0 ? (await source.read(buffer, carried, wanted, position)).bytesRead : 0;
		position += read;
		bytesRead += read;
		const filled = carried + read;
		const finished = read === 0 || position >= range.end;
		cursor.reset(buffer, 0, filled);
		const more = tally.consume(cursor, bufferOffset);
		if (!more) {
			break;
		}

		if (finished) {
			if (range.atFileEnd || read === 0) {
				tally.consume(cursor, bufferOffset, true);
			}

			break;
		}

		// Carry the unfinished line to the front.
		carried = filled - cursor.position;
		buffer.copyWithin(0, cursor.position, filled);
		bufferOffset += cursor.position;
	}

	return {bytesRead};
}
