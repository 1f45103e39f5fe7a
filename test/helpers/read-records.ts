import type {ConnectionCursor, FileState} from '../../source/core/formats/connection-cursor.js';
import {createCursor, type LogFormat} from '../../source/core/formats/log-format.js';
import {lineResult} from '../../source/core/line-cursor.js';

/* What a reader sees of a log through a format's cursor, written out as plain values for `t.deepEqual`. */

export type Connection = {readonly timestamp: number; readonly source: string; readonly destination: string};

export type Read = 'malformed' | 'skipped' | Connection;

export const connection = (timestamp: number, source: string, destination: string): Connection => ({timestamp, source, destination});

export type ReadOptions = {
	/** Read a last line without newline, as for a finished file. */
	readonly finish?: boolean;
	/** Hand the bytes over in chunks ending at these offsets, carrying the unfinished line to the next chunk as the file scanner does. */
	readonly cuts?: readonly number[];
	readonly state?: FileState;
	readonly cursor?: ConnectionCursor;
};

/** Every result of reading `input` in `format`, blank lines aside. */
export function readRecords(format: LogFormat, input: string | Uint8Array, options: ReadOptions = {}): Read[] {
	const bytes = typeof input === 'string' ? Buffer.from(input) : input;
	const cursor = options.cursor ?? createCursor(format, options.state);
	const results: Read[] = [];
	const cuts = [...(options.cuts ?? []).filter(cut => cut > 0 && cut < bytes.length).sort((a, b) => a - b), bytes.length];
	let carried = new Uint8Array(0);
	let from = 0;
	for (const [index, cut] of cuts.entries()) {
		// Each chunk is a fresh buffer, as a reused read buffer would be: nothing may point into the last one.
		const chunk = new Uint8Array(carried.length + (cut - from));
		chunk.set(carried);
		chunk.set(bytes.subarray(from, cut), carried.length);
		from = cut;
		cursor.reset(chunk, 0, chunk.length);
		const last = index === cuts.length - 1;
		for (;;) {
			const result = last && options.finish ? cursor.finish() : cursor.next();
			if (result === lineResult.end) {
				break;
			}

			results.push(describe(cursor, result));
		}

		carried = chunk.slice(cursor.position);
	}

	return results;
}

/** The result the cursor just gave, as a value. */
export function describe(cursor: ConnectionCursor, result: number): Read {
	if (result === lineResult.malformed) {
		return 'malformed';
	}

	if (result === lineResult.skipped) {
		return 'skipped';
	}

	const hosts = cursor.hostBuffer ?? cursor.buffer;
	return {
		timestamp: cursor.timestamp,
		source: Buffer.from(hosts.subarray(cursor.sourceStart, cursor.sourceEnd)).toString(),
		destination: Buffer.from(hosts.subarray(cursor.destinationStart, cursor.destinationEnd)).toString(),
	};
}

/** Only the connections. */
export function connections(reads: readonly Read[]): Connection[] {
	return reads.filter((read): read is Connection => typeof read === 'object');
}
