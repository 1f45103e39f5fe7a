import type {KernelTally} from '../core/kernel-tally.js';

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
Read `range` of a file into `tally` in large chunks, straight into the kernel's memory; the unfinished last line of a chunk is carried to the front of the next. Stops early when the tally has seen a line past its window.

@param chunkBytes The chunk size: smaller in tests, to put chunk edges anywhere.
*/
export async function scanRange(source: ByteSource, range: ScanRange, tally: KernelTally, chunkBytes = chunkSize): Promise<ScanResult> {
	let capacity = chunkBytes;
	/** File offset of the chunk's first byte. */
	let bufferOffset = range.start;
	let carried = 0;
	let position = range.start;
	let bytesRead = 0;
	for (;;) {
		if (carried === capacity) {
			// A line longer than the chunk: make room for the rest of it.
			capacity *= 2;
		}

		const buffer = tally.chunk(capacity);
		const wanted = Math.min(capacity - carried, range.end - position);
		// eslint-disable-next-line no-await-in-loop
		const read = wanted > 0 ? (await source.read(buffer, carried, wanted, position)).bytesRead : 0;
		position += read;
		bytesRead += read;
		const filled = carried + read;
		const finished = read === 0 || position >= range.end;
		const more = tally.consume(filled, bufferOffset, finished && (range.atFileEnd || read === 0));
		if (!more || finished) {
			break;
		}

		bufferOffset += tally.position;
		carried = tally.carry(filled);
	}

	return {bytesRead};
}
