import {type LineResult, lineResult} from '../line-cursor.js';
import {decodeJsonString} from './json-scan.js';

/**
What each log format's cursor leaves on itself for a reader: `LineCursor`'s shape, so that the native cursor is one of them as it is.

A reader calls `reset(buffer, start, end)` for each chunk, then `next()` (or `finish()` at the end of a finished file) until `lineResult.end`; `position` is then where the unfinished rest of the chunk starts, to carry to the front of the next. After `lineResult.line` the fields hold the record: `timestamp` in ms, and the two hosts as byte ranges of `hostBuffer ?? buffer`.
*/
export type ConnectionCursor = {
	readonly buffer: Uint8Array;
	/** Start of the next line to read. */
	readonly position: number;
	/** Timestamp of the last record, in milliseconds. */
	readonly timestamp: number;
	readonly sourceStart: number;
	readonly sourceEnd: number;
	readonly destinationStart: number;
	readonly destinationEnd: number;
	/** `hashBytes` of the source, when the cursor made it while scanning; absent or undefined: hash it yourself. */
	readonly sourceHash?: number;
	/**
	The bytes that the host ranges index. Absent (the native cursor) or `buffer` itself for nearly every record; a scratch buffer of the cursor's own when a host was written with escapes (a JSON `\u0041` or `\"`) and had to be decoded. Valid until the next call to `next()`, `finish()` or `reset()`: intern or copy the hosts before that.
	*/
	readonly hostBuffer?: Uint8Array;
	/** What the lines read so far set up for the lines after them (Zeek's column map, VPC's header); absent for formats without any. */
	readonly fileState?: FileState;
	/** Start and end (without newline or carriage return) of the last line read, whatever it was. */
	readonly lineStart: number;
	readonly lineEnd: number;
	reset(buffer: Uint8Array, start?: number, end?: number): ConnectionCursor;
	next(): LineResult;
	finish(): LineResult;
};

/**
What a file's header lines set up for the records after them: plain data (it can be sent to a worker thread), made by one cursor and given to another of the same format (`createCursor(format, state)`) that starts reading the same file somewhere after the header, such as a seek probe.
*/
export type FileState = ZeekHeaderState | VpcHeaderState;

/** Zeek TSV: the `#separator`, `#unset_field`, `#empty_field` and `#fields` in effect. */
export type ZeekHeaderState = {
	readonly format: 'zeek';
	/** The bytes between two columns, `\t` unless `#separator` said otherwise. */
	readonly separator: readonly number[];
	/** What an unset field holds (`-`), and an empty one (`(empty)`). */
	readonly unset: readonly number[];
	readonly empty: readonly number[];
	/** Columns (from 0) of `ts`, `id.orig_h` and `id.resp_h`; -1 when `#fields` does not name it, and then every record is malformed. */
	readonly timestampColumn: number;
	readonly sourceColumn: number;
	readonly destinationColumn: number;
};

/** VPC Flow Logs: the columns of the fields read, from a header line naming them (version 2's when there is none). */
export type VpcHeaderState = {
	readonly format: 'vpc';
	readonly sourceColumn: number;
	readonly destinationColumn: number;
	readonly startColumn: number;
	/** -1 when the header does not name `log-status`: then a record without addresses is malformed rather than skipped. */
	readonly logStatusColumn: number;
	/** Fields a record has. */
	readonly columns: number;
};

/**
The longest line a reader holds in memory: a longer run without a newline (binary garbage, a sparse file's hole) is one malformed line, skipped to its newline without being kept, in every format.
*/
export const maxLineBytes = 16 * 1024 * 1024;

const newline = 0x0A;
const carriageReturn = 0x0D;
const space = 0x20;
const tab = 0x09;

/** What `readRecord` returns for a blank line, which is not reported. */
export const blankLine = -1;

/**
The line handling the formats share, as `LineCursor` does it: lines end with `\n` (found with `indexOf`, not a loop in JavaScript), a carriage return before it is not part of the line, blank lines (nothing, or only spaces and tabs) are passed over, and a last line without newline is read only by `finish()`. Each format reads the record of one line in `readRecord`.
*/
export abstract class RecordCursor implements ConnectionCursor {
	buffer: Uint8Array = new Uint8Array(0);
	position = 0;
	end = 0;
	timestamp = 0;
	sourceStart = 0;
	sourceEnd = 0;
	destinationStart = 0;
	destinationEnd = 0;
	hostBuffer: Uint8Array = this.buffer;
	lineStart = 0;
	lineEnd = 0;
	/** The last newline before `end`, or -1: every line that starts at or before it ends within the chunk. */
	private lastNewline = -1;
	/** Where hosts written with JSON escapes are decoded. */
	private scratch = new Uint8Array(128);

	reset(buffer: Uint8Array, start = 0, end = buffer.length): this {
		this.buffer = buffer;
		this.hostBuffer = buffer;
		this.position = start;
		this.end = end;
		this.lastNewline = end > start ? buffer.lastIndexOf(newline, end - 1) : -1;
		return this;
	}

	next(): LineResult {
		return this.read(false);
	}

	finish(): LineResult {
		return this.read(true);
	}

	/**
	Take a record whose hosts are JSON strings, their bytes (between the quotes) at `buffer[sourceStart, sourceEnd)` and `buffer[destinationStart, destinationEnd)`: where they are, or, when written with escapes, decoded into the cursor's own buffer (`hostBuffer`). An empty host is malformed.
	*/
	protected takeJsonHosts(buffer: Uint8Array, timestamp: number, sourceStart: number, sourceEnd: number, destinationStart: number, destinationEnd: number, escaped: boolean): LineResult {
		let hosts = buffer;
		if (escaped) {
			const needed = sourceEnd - sourceStart + destinationEnd - destinationStart;
			if (this.scratch.length < needed) {
				this.scratch = new Uint8Array(needed * 2);
			}

			hosts = this.scratch;
			const middle = decodeJsonString(buffer, sourceStart, sourceEnd, hosts, 0);
			const last = middle < 0 ? -1 : decodeJsonString(buffer, destinationStart, destinationEnd, hosts, middle);
			if (last < 0) {
				return lineResult.malformed;
			}

			sourceStart = 0;
			sourceEnd = middle;
			destinationStart = middle;
			destinationEnd = last;
		}

		if (sourceEnd === sourceStart || destinationEnd === destinationStart) {
			return lineResult.malformed;
		}

		return this.take(hosts, timestamp, sourceStart, sourceEnd, destinationStart, destinationEnd);
	}

	/** A connection read: its fields set, its hosts in `hosts`. */
	protected take(hosts: Uint8Array, timestamp: number, sourceStart: number, sourceEnd: number, destinationStart: number, destinationEnd: number): LineResult {
		this.timestamp = timestamp;
		this.sourceStart = sourceStart;
		this.sourceEnd = sourceEnd;
		this.destinationStart = destinationStart;
		this.destinationEnd = destinationEnd;
		this.hostBuffer = hosts;
		return lineResult.line;
	}

	/**
	Read the record of the line `buffer[start, end)` (its newline and carriage return left out) onto the fields.

	@returns `lineResult.line` with the fields set, `malformed`, `skipped`, or `blankLine`.
	*/
	protected abstract readRecord(buffer: Uint8Array, start: number, end: number): LineResult | typeof blankLine;

	private read(atEnd: boolean): LineResult {
		const buffer = this.buffer;
		for (;;) {
			const start = this.position;
			let end: number;
			if (start <= this.lastNewline) {
				end = buffer.indexOf(newline, start);
				this.position = end + 1;
			} else if (atEnd && start < this.end) {
				end = this.end;
				this.position = end;
			} else {
				return lineResult.end;
			}

			if (end > start && buffer[end - 1] === carriageReturn) {
				end--;
			}

			this.lineStart = start;
			this.lineEnd = end;
			const result = this.readRecord(buffer, start, end);
			if (result !== blankLine) {
				return result;
			}
		}
	}
}

/** Whether `buffer[start, end)` is empty or only spaces and tabs. */
export function isBlank(buffer: Uint8Array, start: number, end: number): boolean {
	for (let p = start; p < end; p++) {
		const c = buffer[p];
		if (c !== space && c !== tab) {
			return false;
		}
	}

	return true;
}

/** Whether `buffer[start, end)` holds exactly `bytes`. */
export function sameBytes(buffer: Uint8Array, start: number, end: number, bytes: ArrayLike<number>): boolean {
	if (end - start !== bytes.length) {
		return false;
	}

	for (let i = 0; i < bytes.length; i++) {
		if (buffer[start + i] !== bytes[i]) {
			return false;
		}
	}

	return true;
}
