import {type LineResult, lineResult} from '../line-cursor.js';
import {blankLine, RecordCursor, sameBytes, type ZeekHeaderState} from './connection-cursor.js';
import {JsonScanner, member} from './json-scan.js';
import {parseDecimalSeconds, parseIsoTimestamp} from './timestamps.js';

/*
Zeek's conn.log (SPEC section 6), in either of Zeek's writers:

- TSV: `#` lines are the header. `#separator \x09` sets the bytes between columns (written with `\x` escapes), `#fields` names the columns, in any order and any number, `#unset_field` (`-`) and `#empty_field` (`(empty)`) what a field without a value holds. A later `#fields` (a new log in the same file) re-maps the columns. Only `ts`, `id.orig_h` and `id.resp_h` are read: a record is scanned up to the last of them, never to its end.
- JSON: one object a line, the same names as keys (`"id.orig_h"` is one key, dots and all), `ts` a number of seconds or an ISO 8601 string.

Every record is either, whatever the lines before it: a line starting with `{` is JSON.
*/

const hash = 0x23;
const openBrace = 0x7B;
const space = 0x20;
const tab = 0x09;
const dash = 0x2D;

const bytesOf = (text: string): number[] => [...Buffer.from(text, 'latin1')];

/** The columns of conn.log as Zeek writes it by default, used until a `#fields` line says otherwise (a file cut from its header, or made by `zeek-cut` with the columns in that order). */
export const defaultZeekHeader: ZeekHeaderState = {
	format: 'zeek',
	separator: [tab],
	unset: [dash],
	empty: bytesOf('(empty)'),
	timestampColumn: 0,
	sourceColumn: 2,
	destinationColumn: 4,
};

const timestampKey = Buffer.from('ts');
const sourceKey = Buffer.from('id.orig_h');
const destinationKey = Buffer.from('id.resp_h');

/**
Reads Zeek conn.log records, TSV or JSON. The header state (`fileState`) is kept across `reset()` calls, for the whole file: a new file needs a new cursor.
*/
export class ZeekCursor extends RecordCursor {
	/** The header in effect; replaced, never changed, so that it can be handed out. */
	private header: ZeekHeaderState = defaultZeekHeader;
	/** The header unpacked for the scan of a record: a one-byte separator (or -1: use `separatorBytes`), the three columns and the last of them. */
	private separator = tab;
	private separatorBytes: readonly number[] = [tab];
	private timestampColumn = 0;
	private sourceColumn = 2;
	private destinationColumn = 4;
	private lastColumn = 4;
	private readonly json = new JsonScanner();

	/** @param state The header of the file, when starting after it (a seek probe): what `fileState` of a cursor that read it gave. */
	constructor(state?: ZeekHeaderState) {
		super();
		if (state) {
			this.adopt(state);
		}
	}

	get fileState(): ZeekHeaderState {
		return this.header;
	}

	protected readRecord(buffer: Uint8Array, start: number, end: number): LineResult | typeof blankLine {
		if (start === end) {
			return blankLine;
		}

		let first = buffer[start];
		if (first === hash) {
			this.readHeader(buffer, start, end);
			return lineResult.skipped;
		}

		let p = start;
		while ((first === space || first === tab) && p < end) {
			first = buffer[++p];
		}

		if (p === end) {
			return blankLine;
		}

		if (first === openBrace) {
			return this.readJson(buffer, p, end);
		}

		return this.separator >= 0 ? this.readTsv(buffer, start, end) : this.readTsvWithLongSeparator(buffer, start, end);
	}

	private readTsv(buffer: Uint8Array, start: number, end: number): LineResult {
		const separator = this.separator;
		const {timestampColumn, sourceColumn, destinationColumn, lastColumn} = this;
		let column = 0;
		let p = start;
		let fieldStart = start;
		let timestampStart = 0;
		let timestampEnd = 0;
		let sourceStart = 0;
		let sourceEnd = 0;
		let destinationStart = 0;
		let destinationEnd = 0;
		for (;;) {
			while (p < end && buffer[p] !== separator) {
				p++;
			}

			if (column === timestampColumn) {
				timestampStart = fieldStart;
				timestampEnd = p;
			} else if (column === sourceColumn) {
				sourceStart = fieldStart;
				sourceEnd = p;
			} else if (column === destinationColumn) {
				destinationStart = fieldStart;
				destinationEnd = p;
			}

			if (column === lastColumn) {
				break;
			}

			if (p >= end) {
				return lineResult.malformed;
			}

			column++;
			fieldStart = ++p;
		}

		return this.takeFields(buffer, timestampStart, timestampEnd, sourceStart, sourceEnd, destinationStart, destinationEnd);
	}

	/** The same for a separator of more than one byte, which no Zeek writes by default. */
	private readTsvWithLongSeparator(buffer: Uint8Array, start: number, end: number): LineResult {
		const separator = this.separatorBytes;
		const ranges: number[] = [];
		let fieldStart = start;
		for (let p = start; ranges.length <= 2 * this.lastColumn; p++) {
			if (p >= end) {
				ranges.push(fieldStart, end);
				break;
			}

			if (sameBytes(buffer, p, Math.min(p + separator.length, end), separator)) {
				ranges.push(fieldStart, p);
				p += separator.length - 1;
				fieldStart = p + 1;
			}
		}

		if (ranges.length <= 2 * this.lastColumn) {
			return lineResult.malformed;
		}

		const t = 2 * this.timestampColumn;
		const s = 2 * this.sourceColumn;
		const d = 2 * this.destinationColumn;
		return this.takeFields(buffer, ranges[t]!, ranges[t + 1]!, ranges[s]!, ranges[s + 1]!, ranges[d]!, ranges[d + 1]!);
	}

	private takeFields(buffer: Uint8Array, timestampStart: number, timestampEnd: number, sourceStart: number, sourceEnd: number, destinationStart: number, destinationEnd: number): LineResult {
		const timestamp = parseDecimalSeconds(buffer, timestampStart, timestampEnd);
		if (timestamp < 0 || !this.isHost(buffer, sourceStart, sourceEnd) || !this.isHost(buffer, destinationStart, destinationEnd)) {
			return lineResult.malformed;
		}

		return this.take(buffer, timestamp, sourceStart, sourceEnd, destinationStart, destinationEnd);
	}

	/** A field with an address: not empty, not the unset (`-`) or empty (`(empty)`) marker. */
	private isHost(buffer: Uint8Array, start: number, end: number): boolean {
		if (end <= start) {
			return false;
		}

		const {unset, empty} = this.header;
		return !sameBytes(buffer, start, end, unset) && !sameBytes(buffer, start, end, empty);
	}

	private readJson(buffer: Uint8Array, start: number, end: number): LineResult {
		const json = this.json;
		if (!json.begin(buffer, start, end)) {
			return lineResult.malformed;
		}

		let found = 0;
		let timestamp = -1;
		let sourceStart = 0;
		let sourceEnd = 0;
		let sourceEscaped = false;
		let destinationStart = 0;
		let destinationEnd = 0;
		let destinationEscaped = false;
		while (found !== 7) {
			if (json.nextMember() !== member.found) {
				return lineResult.malformed;
			}

			if (json.keyIs(timestampKey)) {
				timestamp = readJsonTime(json);
				if (timestamp < 0) {
					return lineResult.malformed;
				}

				found |= 1;
			} else if (json.keyIs(sourceKey)) {
				if (!json.readString()) {
					return lineResult.malformed;
				}

				sourceStart = json.valueStart;
				sourceEnd = json.valueEnd;
				sourceEscaped = json.escaped;
				found |= 2;
			} else if (json.keyIs(destinationKey)) {
				if (!json.readString()) {
					return lineResult.malformed;
				}

				destinationStart = json.valueStart;
				destinationEnd = json.valueEnd;
				destinationEscaped = json.escaped;
				found |= 4;
			} else if (!json.skipValue()) {
				return lineResult.malformed;
			}
		}

		return this.takeJsonHosts(buffer, timestamp, sourceStart, sourceEnd, destinationStart, destinationEnd, sourceEscaped || destinationEscaped);
	}

	/** A header line: take what it sets; anything else starting with `#` is passed over as Zeek's. */
	private readHeader(buffer: Uint8Array, start: number, end: number): void {
		const text = Buffer.from(buffer.buffer, buffer.byteOffset + start, end - start).toString('latin1');
		const separatorLine = /^#separator[ \t](.*)$/s.exec(text);
		if (separatorLine) {
			const separator = bytesOf(separatorLine[1]!.replaceAll(/\\x([\da-f]{2})/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16))));
			if (separator.length > 0) {
				this.adopt({...this.header, separator});
			}

			return;
		}

		const [directive, ...values] = text.split(String.fromCodePoint(...this.header.separator));
		switch (directive) {
			case '#fields': {
				this.adopt({
					...this.header,
					timestampColumn: values.indexOf('ts'),
					sourceColumn: values.indexOf('id.orig_h'),
					destinationColumn: values.indexOf('id.resp_h'),
				});
				break;
			}

			case '#unset_field': {
				this.adopt({...this.header, unset: bytesOf(values[0] ?? '')});
				break;
			}

			case '#empty_field': {
				this.adopt({...this.header, empty: bytesOf(values[0] ?? '')});
				break;
			}

			default:
		}
	}

	private adopt(header: ZeekHeaderState): void {
		this.header = header;
		this.separatorBytes = header.separator;
		this.separator = header.separator.length === 1 ? header.separator[0]! : -1;
		const {timestampColumn, sourceColumn, destinationColumn} = header;
		const complete = timestampColumn >= 0 && sourceColumn >= 0 && destinationColumn >= 0;
		// A column map without one of the three makes every record malformed: no column is that high.
		this.timestampColumn = complete ? timestampColumn : -1;
		this.sourceColumn = complete ? sourceColumn : -1;
		this.destinationColumn = complete ? destinationColumn : -1;
		this.lastColumn = complete ? Math.max(timestampColumn, sourceColumn, destinationColumn) : Number.MAX_SAFE_INTEGER;
	}
}

/** `ts` in Zeek's JSON: a number of seconds, or a string holding ISO 8601 (or seconds). */
function readJsonTime(json: JsonScanner): number {
	if (json.readString()) {
		const {buffer, valueStart, valueEnd} = json;
		return valueEnd - valueStart >= 19 && buffer[valueStart + 4] === dash
			? parseIsoTimestamp(buffer, valueStart, valueEnd)
			: parseDecimalSeconds(buffer, valueStart, valueEnd);
	}

	if (!json.readBare()) {
		return -1;
	}

	const {buffer, valueStart, valueEnd} = json;
	const timestamp = parseDecimalSeconds(buffer, valueStart, valueEnd);
	return timestamp >= 0 ? timestamp : exponentSeconds(buffer, valueStart, valueEnd);
}

/** A JSON number with an exponent (`1.331901000486539e9`), which some writers make of large numbers. */
function exponentSeconds(buffer: Uint8Array, start: number, end: number): number {
	const text = Buffer.from(buffer.buffer, buffer.byteOffset + start, end - start).toString('latin1');
	if (!/^\d+(\.\d+)?[eE][+-]?\d+$/.test(text)) {
		return -1;
	}

	const timestamp = Math.floor(Number(text) * 1000);
	return Number.isSafeInteger(timestamp) ? timestamp : -1;
}
