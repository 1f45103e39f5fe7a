import {type LineResult, lineResult} from '../line-cursor.js';
import {blankLine, RecordCursor, sameBytes, type VpcHeaderState} from './connection-cursor.js';
import {parseEpochSeconds} from './timestamps.js';

/*
AWS VPC Flow Logs (SPEC section 6), default format, version 2: fourteen fields separated by spaces,

	version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status

`start` (epoch seconds) is the timestamp, `srcaddr` and `dstaddr` the hosts. A line naming the fields is a header (files delivered to S3 start with one); it may name them in another order, or other fields (a custom format), and the records after it are read by those names. A record whose `log-status` is `NODATA` or `SKIPDATA` (its addresses `-`) carries no connection: it is skipped.
*/

const space = 0x20;
const tab = 0x09;
const dash = 0x2D;

/** Version 2's columns, used until a header line says otherwise. */
export const defaultVpcHeader: VpcHeaderState = {
	format: 'vpc',
	sourceColumn: 3,
	destinationColumn: 4,
	startColumn: 10,
	logStatusColumn: 13,
	columns: 14,
};

const noData = [...Buffer.from('NODATA')];
const skipData = [...Buffer.from('SKIPDATA')];

/**
Reads VPC Flow Logs records. The header's column map (`fileState`) is kept across `reset()` calls, for the whole file.
*/
export class VpcCursor extends RecordCursor {
	private header: VpcHeaderState = defaultVpcHeader;
	private sourceColumn = 3;
	private destinationColumn = 4;
	private startColumn = 10;
	private logStatusColumn = 13;
	private columns = 14;

	/** @param state The header of the file, when starting after it: what `fileState` of a cursor that read it gave. */
	constructor(state?: VpcHeaderState) {
		super();
		if (state) {
			this.adopt(state);
		}
	}

	get fileState(): VpcHeaderState {
		return this.header;
	}

	protected readRecord(buffer: Uint8Array, start: number, end: number): LineResult | typeof blankLine {
		const {sourceColumn, destinationColumn, startColumn, logStatusColumn} = this;
		let sourceStart = 0;
		let sourceEnd = 0;
		let destinationStart = 0;
		let destinationEnd = 0;
		let startStart = 0;
		let startEnd = 0;
		let statusStart = 0;
		let statusEnd = 0;
		let column = 0;
		let p = start;
		for (;;) {
			let c = buffer[p];
			while (p < end && (c === space || c === tab)) {
				c = buffer[++p];
			}

			if (p >= end) {
				break;
			}

			// Nearly every byte of a field is above the space: one comparison a byte, the byte after the line (its newline or carriage return) stopping the loop. Past `end` (a last line read by finish()) or at another control byte, the slow test decides.
			const fieldStart = p;
			for (;;) {
				while ((c = buffer[++p]!) > space) {
					// A byte of the field.
				}

				if (p >= end) {
					p = end;
					break;
				}

				if (c === space || c === tab) {
					break;
				}
			}

			if (column === sourceColumn) {
				sourceStart = fieldStart;
				sourceEnd = p;
			} else if (column === destinationColumn) {
				destinationStart = fieldStart;
				destinationEnd = p;
			} else if (column === startColumn) {
				startStart = fieldStart;
				startEnd = p;
			} else if (column === logStatusColumn) {
				statusStart = fieldStart;
				statusEnd = p;
			}

			column++;
		}

		if (column === 0) {
			return blankLine;
		}

		if (column === this.columns) {
			const timestamp = parseEpochSeconds(buffer, startStart, startEnd);
			const sourceSet = sourceEnd - sourceStart !== 1 || buffer[sourceStart] !== dash;
			if (timestamp >= 0 && sourceSet && (destinationEnd - destinationStart !== 1 || buffer[destinationStart] !== dash)) {
				return this.take(buffer, timestamp, sourceStart, sourceEnd, destinationStart, destinationEnd);
			}

			if (!sourceSet && logStatusColumn >= 0 && (sameBytes(buffer, statusStart, statusEnd, noData) || sameBytes(buffer, statusStart, statusEnd, skipData))) {
				return lineResult.skipped;
			}
		}

		return this.readHeader(buffer, start, end) ? lineResult.skipped : lineResult.malformed;
	}

	/** Take the line as a header if it names the fields read: a header may come again, when files are put end to end. */
	private readHeader(buffer: Uint8Array, start: number, end: number): boolean {
		const names = Buffer.from(buffer.buffer, buffer.byteOffset + start, end - start).toString('latin1').trim().split(/[ \t]+/);
		const sourceColumn = names.indexOf('srcaddr');
		const destinationColumn = names.indexOf('dstaddr');
		const startColumn = names.indexOf('start');
		if (sourceColumn < 0 || destinationColumn < 0 || startColumn < 0) {
			return false;
		}

		this.adopt({format: 'vpc', sourceColumn, destinationColumn, startColumn, logStatusColumn: names.indexOf('log-status'), columns: names.length});
		return true;
	}

	private adopt(header: VpcHeaderState): void {
		this.header = header;
		this.sourceColumn = header.sourceColumn;
		this.destinationColumn = header.destinationColumn;
		this.startColumn = header.startColumn;
		this.logStatusColumn = header.logStatusColumn;
		this.columns = header.columns;
	}
}
