import type {LogFormat} from '../../source/core/formats/log-format.js';
import {type ParsedLine, parseLines} from './brute-count.js';

/*
The connections of a finished file of each format (SPEC section 6), read the slow, obvious way: split, JSON.parse, regular expressions and BigInt, none of the cursors' code. What `query` over those files is checked against, with `bruteReport`.
*/

export type BruteRead = {
	readonly connections: ParsedLine[];
	readonly malformed: number;
	/** Records the format marks as carrying no connection, header lines included. */
	readonly skipped: number;
};

/** Every line of a finished file: its last line counts without newline; `\r` before a newline is not part of the line. */
function linesOf(text: string): string[] {
	const lines = text.split('\n').map(line => line.replace(/\r$/, ''));
	if (lines.at(-1) === '') {
		lines.pop();
	}

	return lines;
}

const blank = /^[ \t]*$/;

/** Decimal seconds (`1331901000.486539`, or digits only) in ms, floored; undefined when it is not that. */
export function bruteDecimalSeconds(text: string): number | undefined {
	const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) {
		return undefined;
	}

	const milliseconds = (BigInt(match[1]!) * 1000n) + BigInt((match[2] ?? '').padEnd(3, '0').slice(0, 3));
	return milliseconds > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(milliseconds);
}

/** ISO 8601 (`2017-04-07T22:24:37.251547+0100`, `...Z`, no zone for UTC) in ms, the fraction floored; undefined when it is not that. */
export function bruteIso(text: string): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/.exec(text);
	if (!match) {
		return undefined;
	}

	const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
	let offset = 0;
	if (zone !== 'Z' && zone !== 'z') {
		const digits = zone.slice(1).replace(':', '');
		offset = ((Number(digits.slice(0, 2)) * 60) + Number(digits.slice(2) || '0')) * 60_000 * (zone.startsWith('-') ? -1 : 1);
	}

	return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) + Number(fraction.padEnd(3, '0').slice(0, 3)) - offset;
}

/** What a JSON line holds, or undefined when it does not parse as an object. */
function jsonObject(line: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(line);
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

const isHost = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The connections of a native file (SPEC section 1), finished: the last line counts without newline. */
function native(text: string): BruteRead {
	const lines = linesOf(text);
	const connections = parseLines(lines.map(line => `${line}\n`).join(''));
	const malformed = lines.filter(line => !blank.test(line)).length - connections.length;
	return {connections, malformed, skipped: 0};
}

function zeek(text: string): BruteRead {
	const connections: ParsedLine[] = [];
	let malformed = 0;
	let skipped = 0;
	let separator = '\t';
	let unset = '-';
	let empty = '(empty)';
	let columns = {ts: 0, source: 2, destination: 4};
	for (const line of linesOf(text)) {
		if (blank.test(line)) {
			continue;
		}

		if (line.startsWith('#')) {
			skipped++;
			const separatorLine = /^#separator[ \t](.*)$/.exec(line);
			if (separatorLine) {
				separator = separatorLine[1]!.replaceAll(/\\x([\da-f]{2})/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)));
				continue;
			}

			const [directive, ...values] = line.split(separator);
			if (directive === '#fields') {
				columns = {ts: values.indexOf('ts'), source: values.indexOf('id.orig_h'), destination: values.indexOf('id.resp_h')};
			} else if (directive === '#unset_field') {
				unset = values[0] ?? '';
			} else if (directive === '#empty_field') {
				empty = values[0] ?? '';
			}

			continue;
		}

		let record: ParsedLine | undefined;
		if (line.replace(/^[ \t]+/, '').startsWith('{')) {
			const object = jsonObject(line);
			// The number as written: a float times 1000 can land a millisecond short.
			const written = /"ts"\s*:\s*([\d.]+)[,}\s]/.exec(line)?.[1];
			const ts = typeof object?.['ts'] === 'string' ? bruteIso(object['ts']) ?? bruteDecimalSeconds(object['ts']) : (written === undefined ? undefined : bruteDecimalSeconds(written));
			const source = object?.['id.orig_h'];
			const destination = object?.['id.resp_h'];
			if (ts !== undefined && isHost(source) && isHost(destination)) {
				record = {timestamp: ts, source, destination};
			}
		} else if (columns.ts >= 0 && columns.source >= 0 && columns.destination >= 0) {
			const fields = line.split(separator);
			const ts = bruteDecimalSeconds(fields[columns.ts] ?? '');
			const source = fields[columns.source];
			const destination = fields[columns.destination];
			const set = (value: string | undefined): value is string => value !== undefined && value !== '' && value !== unset && value !== empty;
			if (fields.length > Math.max(columns.ts, columns.source, columns.destination) && ts !== undefined && set(source) && set(destination)) {
				record = {timestamp: ts, source, destination};
			}
		}

		if (record) {
			connections.push(record);
		} else {
			malformed++;
		}
	}

	return {connections, malformed, skipped};
}

function vpc(text: string): BruteRead {
	const connections: ParsedLine[] = [];
	let malformed = 0;
	let skipped = 0;
	let columns = {source: 3, destination: 4, start: 10, status: 13, count: 14};
	for (const line of linesOf(text)) {
		if (blank.test(line)) {
			continue;
		}

		const fields = line.replace(/^[ \t]+|[ \t]+$/g, '').split(/[ \t]+/);
		if (fields.length === columns.count) {
			const source = fields[columns.source]!;
			const destination = fields[columns.destination]!;
			const start = /^\d+$/.test(fields[columns.start]!) ? Number(fields[columns.start]) * 1000 : undefined;
			if (start !== undefined && source !== '-' && destination !== '-') {
				connections.push({timestamp: start, source, destination});
				continue;
			}

			if (source === '-' && ['NODATA', 'SKIPDATA'].includes(fields[columns.status] ?? '')) {
				skipped++;
				continue;
			}
		}

		if (fields.includes('srcaddr') && fields.includes('dstaddr') && fields.includes('start')) {
			columns = {source: fields.indexOf('srcaddr'), destination: fields.indexOf('dstaddr'), start: fields.indexOf('start'), status: fields.indexOf('log-status'), count: fields.length};
			skipped++;
		} else {
			malformed++;
		}
	}

	return {connections, malformed, skipped};
}

function eve(text: string): BruteRead {
	const connections: ParsedLine[] = [];
	let malformed = 0;
	let skipped = 0;
	for (const line of linesOf(text)) {
		if (blank.test(line)) {
			continue;
		}

		const object = jsonObject(line);
		if (object && typeof object['event_type'] === 'string' && object['event_type'] !== 'flow') {
			skipped++;
			continue;
		}

		const flow = object?.['flow'] as Record<string, unknown> | undefined;
		const start = typeof flow?.['start'] === 'string' ? bruteIso(flow['start']) : undefined;
		const source = object?.['src_ip'];
		const destination = object?.['dest_ip'];
		if (start !== undefined && isHost(source) && isHost(destination)) {
			connections.push({timestamp: start, source, destination});
		} else {
			malformed++;
		}
	}

	return {connections, malformed, skipped};
}

/** The connections, malformed and skipped lines of a finished file of `format`. */
export function bruteRead(format: LogFormat, text: string): BruteRead {
	switch (format) {
		case 'native': {
			return native(text);
		}

		case 'zeek': {
			return zeek(text);
		}

		case 'vpc': {
			return vpc(text);
		}

		case 'eve': {
			return eve(text);
		}
	}
}
