import type {ConnectionCursor, FileState} from './formats/connection-cursor.js';
import {WindowTally, type TallySnapshot, type WindowTallyOptions} from './window-tally.js';

/**
Counts the three answers over one window from chunks of a file in a format other than native, read by that format's cursor into a `WindowTally`: the same chunk interface as `KernelTally`, so that one file scanner feeds either. Keep one per file (or per part of a file): its cursor carries the file's header state from chunk to chunk.
*/
export class CursorTally {
	readonly tally: WindowTally;
	/** Where the unfinished rest of the last chunk starts, after `consume`. */
	position = 0;
	private buffer = new Uint8Array(0);
	private readonly cursor: ConnectionCursor;

	/**
	@param cursor A cursor of the file's format, made with the file's header state when the first chunk starts after the header.
	*/
	constructor(cursor: ConnectionCursor, options: WindowTallyOptions) {
		this.cursor = cursor;
		this.tally = new WindowTally(options);
	}

	/** Malformed lines met, in the window or not. */
	get malformed(): number {
		return this.tally.malformed;
	}

	set malformed(count: number) {
		this.tally.malformed = count;
	}

	/** What the file's header lines read so far set up for the lines after them: where the next part of the file starts from. */
	get fileState(): FileState | undefined {
		return this.cursor.fileState;
	}

	/** Where to read the next chunk: a view of `capacity` bytes whose first bytes are the rest carried from the last chunk (`carry`). */
	chunk(capacity: number): Uint8Array {
		if (this.buffer.length < capacity) {
			const grown = new Uint8Array(capacity);
			grown.set(this.buffer);
			this.buffer = grown;
		}

		return this.buffer.subarray(0, capacity);
	}

	/** Move the unfinished rest of the last chunk, from `position` to `length`, to the front; returns its length. */
	carry(length: number): number {
		this.buffer.copyWithin(0, this.position, length);
		return length - this.position;
	}

	/**
	Count the records of the chunk's first `length` bytes until no complete line is left or a record shows that the window is over.

	@param offset Byte offset in the file of the chunk's first byte, for reporting where the order broke.
	@param atEnd Read a last line without newline as complete (a finished file).
	@returns false when no later record can be in the window.
	*/
	consume(length: number, offset = 0, atEnd = false): boolean {
		const {cursor} = this;
		cursor.reset(this.buffer, 0, length);
		const more = this.tally.consume(cursor, offset, atEnd);
		this.position = cursor.position;
		return more;
	}

	snapshot(): TallySnapshot {
		return this.tally.snapshot();
	}
}
