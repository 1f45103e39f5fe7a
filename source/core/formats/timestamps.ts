/* Timestamps as the connection-log formats write them, read straight from the bytes of a line: no string is made. Each returns milliseconds since the epoch, or -1 when the bytes are not such a timestamp. */

const zero = 0x30;
const nine = 0x39;
const dot = 0x2E;
const maxTimestamp = Number.MAX_SAFE_INTEGER;

/**
Decimal seconds, as Zeek writes `ts` (`1331901000.486539`): digits, optionally a `.` and at least one digit, cut down to the millisecond (floor). Digits only is whole seconds, whatever its size: these formats never write milliseconds.

@returns Milliseconds, or -1 (no digit on one side of the `.`, any other byte, above 2^53 - 1).
*/
export function parseDecimalSeconds(buffer: Uint8Array, start: number, end: number): number {
	let p = start;
	let seconds = 0;
	let c = 0;
	while (p < end && (c = buffer[p]!) >= zero && c <= nine) {
		seconds = (seconds * 10) + (c - zero);
		p++;
	}

	if (p === start) {
		return -1;
	}

	let milliseconds = 0;
	if (p < end) {
		if (c !== dot || p + 1 === end) {
			return -1;
		}

		// Only the first three digits of the fraction count (floor); the others must still be digits.
		let scale = 100;
		for (p++; p < end; p++) {
			c = buffer[p]!;
			if (c < zero || c > nine) {
				return -1;
			}

			milliseconds += (c - zero) * scale;
			scale = (scale / 10) | 0;
		}
	}

	const timestamp = (seconds * 1000) + milliseconds;
	return timestamp > maxTimestamp ? -1 : timestamp;
}

/**
Whole epoch seconds, as VPC Flow Logs write `start`: digits only.

@returns Milliseconds, or -1.
*/
export function parseEpochSeconds(buffer: Uint8Array, start: number, end: number): number {
	if (start >= end) {
		return -1;
	}

	let seconds = 0;
	for (let p = start; p < end; p++) {
		const c = buffer[p]!;
		if (c < zero || c > nine) {
			return -1;
		}

		seconds = (seconds * 10) + (c - zero);
	}

	const timestamp = seconds * 1000;
	return timestamp > maxTimestamp ? -1 : timestamp;
}

const dayMilliseconds = 86_400_000;
const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
ISO 8601 date and time, as Suricata writes `flow.start` (`2017-04-07T22:24:37.251547+0100`) and Zeek's JSON writer `ts` (`2012-03-16T12:30:00.486539Z`): `YYYY-MM-DD`, `T` (or a space), `HH:MM:SS`, optionally `.` or `,` and a fraction (cut to the millisecond), optionally `Z` or an offset `+HH:MM`, `+HHMM` or `+HH`. No offset means UTC.

@returns Milliseconds, or -1 (not that shape, or a date or time that does not exist).
*/
export function parseIsoTimestamp(buffer: Uint8Array, start: number, end: number): number {
	if (end - start < 19) {
		return -1;
	}

	const year = digits(buffer, start, 4);
	const month = digits(buffer, start + 5, 2);
	const day = digits(buffer, start + 8, 2);
	const hour = digits(buffer, start + 11, 2);
	const minute = digits(buffer, start + 14, 2);
	const second = digits(buffer, start + 17, 2);
	const t = buffer[start + 10];
	if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
		|| buffer[start + 4] !== 0x2D || buffer[start + 7] !== 0x2D || buffer[start + 13] !== 0x3A || buffer[start + 16] !== 0x3A
		|| (t !== 0x54 && t !== 0x74 && t !== 0x20)) {
		return -1;
	}

	const leap = month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 1 : 0;
	if (day > lengths[month - 1]! + leap) {
		return -1;
	}

	let p = start + 19;
	let milliseconds = 0;
	if (p < end && (buffer[p] === dot || buffer[p] === 0x2C)) {
		const fractionStart = ++p;
		let scale = 100;
		let c = 0;
		while (p < end && (c = buffer[p]!) >= zero && c <= nine) {
			milliseconds += (c - zero) * scale;
			scale = (scale / 10) | 0;
			p++;
		}

		if (p === fractionStart) {
			return -1;
		}
	}

	let offset = 0;
	if (p < end) {
		const sign = buffer[p];
		if ((sign === 0x5A || sign === 0x7A) && p + 1 === end) {
			p++;
		} else if (sign === 0x2B || sign === 0x2D) {
			offset = zoneOffset(buffer, p + 1, end);
			if (offset < 0) {
				return -1;
			}

			if (sign === 0x2D) {
				offset = -offset;
			}

			p = end;
		}

		if (p !== end) {
			return -1;
		}
	}

	const timestamp = (daysFromCivil(year, month, day) * dayMilliseconds) + (((((hour * 60) + minute) * 60) + second) * 1000) + milliseconds - offset;
	return timestamp < 0 || timestamp > maxTimestamp ? -1 : timestamp;
}

/** `HH`, `HHMM` or `HH:MM` after the sign, in ms; -1 when it is none of them. */
function zoneOffset(buffer: Uint8Array, p: number, end: number): number {
	const length = end - p;
	const hours = digits(buffer, p, 2);
	let minutes = 0;
	if (length === 4) {
		minutes = digits(buffer, p + 2, 2);
	} else if (length === 5 && buffer[p + 2] === 0x3A) {
		minutes = digits(buffer, p + 3, 2);
	} else if (length !== 2) {
		return -1;
	}

	if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
		return -1;
	}

	return ((hours * 60) + minutes) * 60_000;
}

/** The number written by `count` digits at `p`, or -1. */
function digits(buffer: Uint8Array, p: number, count: number): number {
	let value = 0;
	for (let i = p; i < p + count; i++) {
		const c = buffer[i]!;
		if (c < zero || c > nine) {
			return -1;
		}

		value = (value * 10) + (c - zero);
	}

	return value;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's days_from_civil): a handful of integer operations instead of a Date. */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - (era * 400);
	const dayOfYear = Math.floor(((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5) + day - 1;
	const dayOfEra = (yearOfEra * 365) + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return (era * 146_097) + dayOfEra - 719_468;
}
