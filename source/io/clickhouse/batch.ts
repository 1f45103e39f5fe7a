import type {ConnectionCursor} from '../../core/formats/connection-cursor.js';
import {lineResult} from '../../core/line-cursor.js';
import type {LineSink} from '../file-follower.js';
import {encodePosition, escapeField} from './sql.js';

/*
A batch of lines for one INSERT: the well-formed lines as TabSeparated rows, counted; malformed ones only counted. The position rows are added last, so the rows and the read positions they lead to go to the server as one body.
*/

/** The columns after ts, src and dst of a line row: the position columns, empty. */
const lineTail = Buffer.from('\t\t\t0\t0\t\t0\n');
const tab = 0x09;

export class Batch {
	lines = 0;
	malformed = 0;
	/** Newest timestamp among the lines (ms), -Infinity when none. */
	newest = Number.NEGATIVE_INFINITY;
	private bytes = Buffer.allocUnsafe(1024 * 1024);
	private length = 0;

	/** A sink that reads whole lines into this batch, each file's with its own cursor (its format's, as the follower decided it). */
	sink(): LineSink {
		return {
			lines: (buffer, start, end, file) => this.add(file.cursor, buffer, start, end),
			overlong: () => {
				this.malformed++;
			},
		};
	}

	/** Bytes of rows so far. */
	get size(): number {
		return this.length;
	}

	/** The body of the INSERT: the rows, then one position row per entry. */
	body(positions: ReadonlyArray<Parameters<typeof encodePosition>[0]>): Buffer {
		return Buffer.concat([this.bytes.subarray(0, this.length), ...positions.map(position => encodePosition(position))]);
	}

	clear(): void {
		this.lines = 0;
		this.malformed = 0;
		this.newest = Number.NEGATIVE_INFINITY;
		this.length = 0;
		if (this.bytes.length > 64 * 1024 * 1024) {
			this.bytes = Buffer.allocUnsafe(1024 * 1024);
		}
	}

	private add(cursor: ConnectionCursor, buffer: Uint8Array, start: number, end: number): number {
		cursor.reset(buffer, start, end);
		let newest = Number.NEGATIVE_INFINITY;
		for (let result = cursor.next(); result !== lineResult.end; result = cursor.next()) {
			// A record its format marks as no connection (a header, NODATA, another event type) is neither shipped nor malformed.
			if (result === lineResult.skipped) {
				continue;
			}

			if (result === lineResult.malformed) {
				this.malformed++;
				continue;
			}

			const {timestamp} = cursor;
			if (timestamp > newest) {
				newest = timestamp;
			}

			this.row(timestamp, cursor.hostBuffer ?? buffer, cursor.sourceStart, cursor.sourceEnd, cursor.destinationStart, cursor.destinationEnd);
		}

		if (newest > this.newest) {
			this.newest = newest;
		}

		return newest;
	}

	private row(timestamp: number, buffer: Uint8Array, sourceStart: number, sourceEnd: number, destinationStart: number, destinationEnd: number): void {
		this.lines++;
		const source = escapeField(buffer, sourceStart, sourceEnd);
		const destination = escapeField(buffer, destinationStart, destinationEnd);
		this.reserve(20 + source.length + destination.length + lineTail.length);
		this.length += this.bytes.write(String(timestamp), this.length, 'latin1');
		this.bytes[this.length++] = tab;
		this.length += source.copy(this.bytes, this.length);
		this.bytes[this.length++] = tab;
		this.length += destination.copy(this.bytes, this.length);
		this.length += lineTail.copy(this.bytes, this.length);
	}

	private reserve(more: number): void {
		if (this.length + more <= this.bytes.length) {
			return;
		}

		const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + more));
		this.bytes.copy(grown, 0, 0, this.length);
		this.bytes = grown;
	}
}
