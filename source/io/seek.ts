import type {FileHandle} from 'node:fs/promises';
import type {ConnectionCursor} from '../core/formats/connection-cursor.js';
import {LineCursor, lineResult} from '../core/line-cursor.js';

/*
Finding a window in a large file by binary search over byte offsets. Lines are only roughly sorted (SPEC section 1: for lines i < j, ts(i) <= ts(j) + tolerance), so a probe proves something only when it is more than the tolerance away from the window:

- a line older than `from - tolerance` has only lines older than `from` before it, so a scan may start after it;
- a line newer than `to + tolerance` has only lines newer than `to` after it, so a scan may stop before it.

Each probe reads a small block at the middle of what is left and takes the first well-formed line that starts there, skipping the partial line it lands in and any malformed, blank or header lines. Every format reads the same way, with a cursor of its own per probe (`newCursor`, which knows the file's header).
*/

/** A fresh cursor for the file's format: native unless told. */
export type CursorFactory = () => ConnectionCursor;

const nativeCursor: CursorFactory = () => new LineCursor();

/** The search stops when the range left is this small: the scan reads the rest. */
export const probeSize = 64 * 1024;
/** Bytes a probe reads at first: a line or two of any format (a longer line makes it read on); a narrow window's query reads little more than the window. */
const probeRead = 4096;
/** A probe gives up after this much garbage and counts as finding nothing, which is always safe. */
const maxProbeBytes = 1024 * 1024;
const newline = 0x0A;

type Probe = {
	/** Offset of the line's start. */
	readonly start: number;
	/** Offset of the next line's start. */
	readonly next: number;
	readonly timestamp: number;
};

/**
The offset of a line start such that no line before it can have a timestamp at or after `from` (ms), given the tolerance: 0 when no line proves more.
*/
export async function seekWindowStart(file: FileHandle, size: number, from: number, tolerance: number, newCursor = nativeCursor): Promise<number> {
	const before = from - tolerance;
	const prober = new Prober(file, size, newCursor);
	let low = 0;
	let high = size;
	while (high - low > probeSize) {
		const middle = low + Math.floor((high - low) / 2);
		// eslint-disable-next-line no-await-in-loop
		const found = await prober.firstLine(middle, high);
		if (found && found.timestamp < before) {
			low = found.next;
		} else {
			high = middle;
		}
	}

	return low;
}

/**
The offset of the start of a line newer than `to + tolerance` (ms), so that no line from there on can be in a window ending at `to`; `size` when no line proves it.
*/
export async function seekWindowEnd(file: FileHandle, size: number, to: number, tolerance: number, newCursor = nativeCursor): Promise<number> {
	const after = to + tolerance;
	const prober = new Prober(file, size, newCursor);
	let low = 0;
	let high = size;
	while (high - low > probeSize) {
		const middle = low + Math.floor((high - low) / 2);
		// eslint-disable-next-line no-await-in-loop
		const found = await prober.firstLine(middle, high);
		if (found && found.timestamp > after) {
			high = found.start;
		} else {
			low = found ? found.next : middle;
		}
	}

	return high;
}

/** Reads probes with one reused buffer, and a fresh cursor each: a probe that reads a header line takes what it sets, which must not carry over to another part of the file. */
class Prober {
	private buffer = new Uint8Array(probeRead);

	private readonly file: FileHandle;
	private readonly size: number;
	private readonly newCursor: CursorFactory;

	constructor(file: FileHandle, size: number, newCursor: CursorFactory) {
		this.file = file;
		this.size = size;
		this.newCursor = newCursor;
	}

	/**
	The first well-formed line starting at or after `at` and before `limit`, or undefined.
	*/
	async firstLine(at: number, limit: number): Promise<Probe | undefined> {
		const {size} = this;
		const cursor = this.newCursor();
		// Reading from the byte before `at` tells whether `at` is itself a line start.
		let position = Math.max(0, at - 1);
		let skipping = at > 0;
		let bufferOffset = position;
		let carried = 0;
		while (position < size && position - at < maxProbeBytes) {
			if (carried === this.buffer.length) {
				const grown = new Uint8Array(this.buffer.length * 2);
				grown.set(this.buffer);
				this.buffer = grown;
			}

			const buffer = this.buffer;
			// eslint-disable-next-line no-await-in-loop
			const {bytesRead} = await this.file.read(buffer, carried, Math.min(buffer.length - carried, size - position), position);
			if (bytesRead === 0) {
				break;
			}

			position += bytesRead;
			const filled = carried + bytesRead;
			let start = 0;
			if (skipping) {
				const index = buffer.subarray(0, filled).indexOf(newline);
				if (index < 0) {
					bufferOffset = position;
					if (bufferOffset >= limit) {
						return undefined;
					}

					continue;
				}

				skipping = false;
				start = index + 1;
			}

			const atEnd = position >= size;
			cursor.reset(buffer, start, filled);
			for (;;) {
				const result = atEnd ? cursor.finish() : cursor.next();
				if (result === lineResult.end) {
					break;
				}

				if (bufferOffset + cursor.lineStart >= limit) {
					return undefined;
				}

				if (result === lineResult.line) {
					return {start: bufferOffset + cursor.lineStart, next: bufferOffset + cursor.position, timestamp: cursor.timestamp};
				}
			}

			carried = filled - cursor.position;
			buffer.copyWithin(0, cursor.position, filled);
			bufferOffset += cursor.position;
			if (bufferOffset >= limit) {
				return undefined;
			}
		}

		return undefined;
	}
}
