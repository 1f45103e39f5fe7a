/**
Timestamps below this are in seconds, from it on in milliseconds (SPEC section 1).
*/
export const millisecondThreshold = 100_000_000_000;

/**
Turn an epoch number in seconds or milliseconds into milliseconds.
*/
export function toMilliseconds(epoch: number): number {
	return epoch < millisecondThreshold ? epoch * 1000 : epoch;
}

const isoPattern =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
Parse a point in time: epoch seconds or milliseconds (same rule as the log), or ISO 8601 with an optional offset; no offset means UTC.

@returns Milliseconds since the epoch.
@throws Error saying what was wrong.
*/
export function parseTime(text: string): number {
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) {
		const value = Number(trimmed);
		if (!Number.isSafeInteger(value)) {
			throw new Error(`'${text}' is too large for a timestamp`);
		}

		return toMilliseconds(value);
	}

	const match = isoPattern.exec(trimmed);
	if (!match) {
		throw new Error(`'${text}' is not a time: give epoch seconds, epoch milliseconds or ISO 8601 such as 2019-08-13T08:00:00Z`);
	}

	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
	const fields = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)] as const;
	const [y, mo, d, h, mi, s] = fields;
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
		throw new Error(`'${text}' is not a valid date and time`);
	}

	const milliseconds = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
	const utc = Date.UTC(y, mo - 1, d, h, mi, s, milliseconds);
	return utc - zoneOffsetMilliseconds(zone, text);
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOffsetMilliseconds(zone: string, text: string): number {
	if (zone.toUpperCase() === 'Z') {
		return 0;
	}

	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const hours = Number(digits.slice(0, 2));
	const minutes = Number(digits.slice(2) || '0');
	if (hours > 23 || minutes > 59) {
		throw new Error(`'${text}' has an invalid time zone offset`);
	}

	return sign * ((hours * 60) + minutes) * 60_000;
}

const unitMilliseconds: Readonly<Record<string, number>> = {
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000,
};

/**
Parse a duration: a number of seconds, or a number with `ms`, `s`, `m` or `h`.

@returns Whole milliseconds (zero allowed; callers that need a positive one check).
@throws Error saying what was wrong.
*/
export function parseDuration(text: string): number {
	const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)?$/i.exec(text.trim());
	if (!match) {
		throw new Error(`'${text}' is not a duration: give seconds, or a number with ms, s, m or h such as 10s or 5m`);
	}

	const unit = (match[2] ?? 's').toLowerCase();
	const value = Math.round(Number(match[1]) * unitMilliseconds[unit]!);
	if (!Number.isSafeInteger(value)) {
		throw new Error(`'${text}' is too long a duration`);
	}

	return value;
}

/**
Format milliseconds as a short duration for people: 500ms, 10s, 5m, 1h30m.
*/
export function formatDuration(milliseconds: number): string {
	if (milliseconds < 1000 || milliseconds % 1000 !== 0) {
		return milliseconds < 1000 ? `${milliseconds}ms` : `${trimZeros(milliseconds / 1000)}s`;
	}

	let seconds = milliseconds / 1000;
	const hours = Math.floor(seconds / 3600);
	seconds -= hours * 3600;
	const minutes = Math.floor(seconds / 60);
	seconds -= minutes * 60;
	const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : ''];
	return parts.join('');
}

function trimZeros(value: number): string {
	return String(Number(value.toFixed(3)));
}

/**
Format epoch milliseconds as ISO 8601 in UTC, with milliseconds only when there are any.
*/
export function formatTime(milliseconds: number): string {
	const iso = new Date(milliseconds).toISOString();
	return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
