import {fnvOffsetBasis, fnvPrime, hashBytes} from './host-table.js';

/**
What `LineCursor.next()` found.
*/
export const lineResult = {
	/** No complete line is left; `position` is where the unfinished rest starts. */
	end: 0,
	/** A well-formed line; its fields are on the cursor. */
	line: 1,
	/** A line that does not fit the format; it is skipped. */
	malformed: 2,
	/** A record the format itself marks as carrying no connection (a header, a record without data, another kind of event): counted neither as a line nor as malformed. The native format has none. */
	skipped: 3,
} as const;

export type LineResult = (typeof lineResult)[keyof typeof lineResult];

/** 2^53 - 1: larger timestamps are malformed (SPEC section 1). */
const maxTimestamp = Number.MAX_SAFE_INTEGER;
const secondsLimit = 100_000_000_000;

const space = 0x20;
const tab = 0x09;
const newline = 0x0A;
const carriageReturn = 0x0D;
const zero = 0x30;
const nine = 0x39;
const dot = 0x2E;
/** What the first three digits of a fraction are multiplied by to make milliseconds, by how many there are. */
const fractionScale = [0, 100, 10, 1];

/**
Walks a buffer line by line without making a string per line: each well-formed line leaves its timestamp (ms) and the byte ranges of its two hosts on the cursor, for the caller to count or intern.

Blank lines are skipped. A last line without a newline is not read by `next()` (a followed file may still be writing it); `finish()` reads it as complete, for finished files.
*/
export class LineCursor {
	buffer: Uint8Array = new Uint8Array(0);
	/** Start of the next line to read. */
	position = 0;
	end = 0;
	/** Timestamp of the last line, in milliseconds. */
	timestamp = 0;
	sourceStart = 0;
	sourceEnd = 0;
	destinationStart = 0;
	destinationEnd = 0;
	/** The source's `hashBytes`, made while scanning it, so that interning it does not walk its bytes again. */
	sourceHash = 0;
	/** Start and end (without newline) of the last line read, malformed or not. */
	lineStart = 0;
	lineEnd = 0;
	/** The last newline before `end`, or -1: a line starting at or before it ends within the buffer, which `readCommon()` relies on. */
	private lastNewline = -1;
	private readonly fastPath: boolean;

	/**
	@param options.fastPath false reads every line by the general path, which knows every rule: for tests that hold the fast paths equal to it.
	*/
	constructor(options: {readonly fastPath?: boolean} = {}) {
		this.fastPath = options.fastPath ?? true;
	}

	reset(buffer: Uint8Array, start = 0, end = buffer.length): this {
		this.buffer = buffer;
		this.position = start;
		this.end = end;
		// Within [start, end): a buffer can be a view of far more (the scanner kernel's whole memory), which a search back from `end` would cross when the range holds no newline.
		const found = end > start ? buffer.subarray(start, end).lastIndexOf(newline) : -1;
		this.lastNewline = found < 0 ? -1 : start + found;
		return this;
	}

	/**
	Read the next complete line, skipping blank ones.
	*/
	next(): LineResult {
		return this.readLine(false);
	}

	/**
	Read the next line, taking the end of the buffer as the end of a line: for finished files whose last line has no newline.
	*/
	finish(): LineResult {
		return this.readLine(true);
	}

	private readLine(atEnd: boolean): LineResult {
		for (;;) {
			// Nearly every line of a large file takes the fast path; the others, and an unfinished last line, the general one.
			if (this.fastPath && this.position <= this.lastNewline && this.readCommon() === lineResult.line) {
				return lineResult.line;
			}

			const result = this.read(atEnd);
			if (result !== blank) {
				return result;
			}
		}
	}

	/**
	The fast path, where nearly all the time of a large scan goes: read a line of the usual shape, digits (or decimal seconds) and two hosts with spaces or tabs around them and maybe a carriage return, in one pass that also parses the timestamp and hashes the source. The line is known to end at a newline in the buffer, so no loop checks the end of the buffer: the newline stops each. Anything else (a blank or malformed line, a timestamp above 2^53 - 1, a carriage return alone as a last field) is left untouched for `read()`, which knows every rule.
	*/
	private readCommon(): typeof lineResult.line | typeof uncommon {
		const buffer = this.buffer;
		const start = this.position;
		let p = start;
		let c = buffer[p]!;
		while (c === space || c === tab) {
			c = buffer[++p]!;
		}

		// The product stays exact while the number is below 2^53, and only grows past it: checking once at the end is enough.
		const timestampStart = p;
		let timestamp = 0;
		while (c >= zero && c <= nine) {
			timestamp = (timestamp * 10) + (c - zero);
			c = buffer[++p]!;
		}

		if (p === timestampStart) {
			return uncommon;
		}

		if (c === dot) {
			// Decimal seconds: one to nine digits after the dot, floored to the millisecond.
			const fractionStart = ++p;
			let fraction = 0;
			c = buffer[p]!;
			while (c >= zero && c <= nine) {
				if (p - fractionStart < 3) {
					fraction = (fraction * 10) + (c - zero);
				}

				c = buffer[++p]!;
			}

			const digits = p - fractionStart;
			if (digits === 0 || digits > 9) {
				return uncommon;
			}

			timestamp = (timestamp * 1000) + (fraction * fractionScale[Math.min(digits, 3)]!);
		} else if (timestamp < secondsLimit) {
			timestamp *= 1000;
		}

		if ((c !== space && c !== tab) || timestamp > maxTimestamp) {
			return uncommon;
		}

		do {
			c = buffer[++p]!;
		} while (c === space || c === tab);

		const sourceStart = p;
		let hash = fnvOffsetBasis;
		while (isHostByte(c)) {
			hash = Math.imul(hash ^ c, fnvPrime);
			c = buffer[++p]!;
		}

		const sourceEnd = p;
		if (c === newline) {
			return uncommon;
		}

		do {
			c = buffer[++p]!;
		} while (c === space || c === tab);

		const destinationStart = p;
		while (isHostByte(c)) {
			c = buffer[++p]!;
		}

		let destinationEnd = p;
		let lineEnd = p;
		if (c === newline) {
			if (buffer[p - 1] === carriageReturn) {
				destinationEnd--;
				lineEnd--;
			}
		} else {
			while (c === space || c === tab) {
				c = buffer[++p]!;
			}

			if (c !== newline) {
				return uncommon;
			}

			lineEnd = p;
		}

		if (destinationEnd <= destinationStart) {
			return uncommon;
		}

		this.timestamp = timestamp;
		this.sourceStart = sourceStart;
		this.sourceEnd = sourceEnd;
		this.sourceHash = hash | 0;
		this.destinationStart = destinationStart;
		this.destinationEnd = destinationEnd;
		this.lineStart = start;
		this.lineEnd = lineEnd;
		this.position = p + 1;
		return lineResult.line;
	}

	private read(atEnd: boolean): LineResult | typeof blank {
		const buffer = this.buffer;
		const end = this.end;
		const start = this.position;
		let p = start;
		let fields = 0;
		let f0 = 0;
		let f0End = 0;
		let f1 = 0;
		let f1End = 0;
		let f2 = 0;
		let f2End = 0;
		let lastStart = 0;
		let lastEnd = 0;
		let c = 0;
		for (;;) {
			while (p < end && ((c = buffer[p]!) === space || c === tab)) {
				p++;
			}

			if (p >= end || c === newline) {
				break;
			}

			const fieldStart = p;
			while (p < end && (c = buffer[p]!) !== space && c !== tab && c !== newline) {
				p++;
			}

			if (fields === 0) {
				f0 = fieldStart;
				f0End = p;
			} else if (fields === 1) {
				f1 = fieldStart;
				f1End = p;
			} else if (fields === 2) {
				f2 = fieldStart;
				f2End = p;
			}

			fields++;
			lastStart = fieldStart;
			lastEnd = p;
		}

		let lineEnd: number;
		if (p < end) {
			lineEnd = p;
			this.position = p + 1;
		} else if (atEnd && start < end) {
			lineEnd = end;
			this.position = end;
		} else {
			return lineResult.end;
		}

		// A carriage return just before the newline (or the end of the file) is not part of the last field.
		if (fields > 0 && lastEnd === lineEnd && buffer[lineEnd - 1] === carriageReturn) {
			if (lastEnd - 1 === lastStart) {
				fields--;
			} else if (fields === 1) {
				f0End--;
			} else if (fields === 2) {
				f1End--;
			} else if (fields === 3) {
				f2End--;
			}

			lineEnd--;
		}

		this.lineStart = start;
		this.lineEnd = lineEnd;
		if (fields === 0) {
			return blank;
		}

		if (fields !== 3) {
			return lineResult.malformed;
		}

		const timestamp = parseTimestamp(buffer, f0, f0End);
		if (timestamp < 0) {
			return lineResult.malformed;
		}

		this.timestamp = timestamp;
		this.sourceStart = f1;
		this.sourceEnd = f1End;
		this.sourceHash = hashBytes(buffer, f1, f1End);
		this.destinationStart = f2;
		this.destinationEnd = f2End;
		return lineResult.line;
	}
}

/** What `read()` returns for a blank line, which `next()` skips: never a `lineResult`. */
const blank = 5;
/** What `readCommon()` returns for a line it leaves to `read()`. */
const uncommon = 6;

/**
The timestamp written in `buffer[start, end)` in ms, or -1 when it is malformed (SPEC section 1): digits, in seconds below 1e11 and in ms from there; or decimal seconds, digits, a dot and one to nine digits, floored to the millisecond; never above 2^53 - 1 ms.
*/
export function parseTimestamp(buffer: Uint8Array, start: number, end: number): number {
	let value = 0;
	let i = start;
	for (; i < end; i++) {
		const digit = buffer[i]!;
		if (digit < zero || digit > nine) {
			break;
		}

		value = (value * 10) + (digit - zero);
		if (value > maxTimestamp) {
			return -1;
		}
	}

	if (i === end) {
		return i > start ? (value < secondsLimit ? value * 1000 : value) : -1;
	}

	const fractionStart = i + 1;
	const digits = end - fractionStart;
	if (i === start || buffer[i] !== dot || digits < 1 || digits > 9) {
		return -1;
	}

	let fraction = 0;
	for (let j = fractionStart; j < end; j++) {
		const digit = buffer[j]!;
		if (digit < zero || digit > nine) {
			return -1;
		}

		if (j - fractionStart < 3) {
			fraction = (fraction * 10) + (digit - zero);
		}
	}

	const milliseconds = (value * 1000) + (fraction * fractionScale[Math.min(digits, 3)]!);
	return milliseconds > maxTimestamp ? -1 : milliseconds;
}

/** A byte of a host: anything but a space, a tab or the newline. Most are above the space, so one comparison decides. */
function isHostByte(c: number): boolean {
	return c > space || (c !== space && c !== tab && c !== newline);
}
