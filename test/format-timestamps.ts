import test from 'ava';
import fc from 'fast-check';
import {parseDecimalSeconds, parseEpochSeconds, parseIsoTimestamp} from '../source/core/formats/timestamps.js';

/* The formats' timestamps read from bytes, against times made the other way round with Date and plain arithmetic. */

const bytes = (text: string) => Buffer.from(text, 'latin1');
const iso = (text: string) => parseIsoTimestamp(bytes(text), 0, text.length);
const decimal = (text: string) => parseDecimalSeconds(bytes(text), 0, text.length);

test('ISO 8601 with any offset and any fraction gives the instant, floored to the ms (property, years 1970 to 9999)', t => {
	fc.assert(fc.property(
		fc.integer({min: 0, max: 253_402_300_799_999}),
		fc.integer({min: -(23 * 60) - 59, max: (23 * 60) + 59}),
		fc.stringMatching(/^\d{0,6}$/),
		fc.constantFrom('', ':'),
		(instant, offset, extra, colon) => {
			const local = new Date(instant + (offset * 60_000)).toISOString().slice(0, 23);
			if (local.startsWith('+') || local.startsWith('-')) {
				return true;
			}

			const sign = offset < 0 ? '-' : '+';
			const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${colon}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
			const text = `${local}${extra}${offset === 0 && colon ? 'Z' : zone}`;
			return iso(text) === instant;
		},
	), {numRuns: 2000});
	t.pass();
});

test('ISO 8601: leap days exist only in leap years; no zone is UTC; what is not such a time is -1', t => {
	t.is(iso('2000-02-29T00:00:00Z'), Date.UTC(2000, 1, 29));
	t.is(iso('2024-02-29T12:00:00'), Date.UTC(2024, 1, 29, 12));
	for (const text of ['1900-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2017-13-01T00:00:00Z', '2017-04-31T00:00:00Z', '2017-04-07T23:60:00Z', '2017-04-07T23:00:60Z', '2017-04-07', '2017-04-07T21:24:37+1', '2017-04-07T21:24:37+24:00', '2017-04-07T21:24:37ZZ', '2017/04/07T21:24:37Z', '2017-04-07T21:24:37.123x']) {
		t.is(iso(text), -1, text);
	}
});

test('decimal seconds are floored to the ms, with any number of fraction digits (property)', t => {
	fc.assert(fc.property(fc.integer({min: 0, max: 9_007_199_254_739}), fc.stringMatching(/^\d{1,12}$/), (seconds, fraction) => {
		const expected = (seconds * 1000) + Number(fraction.padEnd(3, '0').slice(0, 3));
		return decimal(`${seconds}.${fraction}`) === expected && decimal(String(seconds)) === seconds * 1000;
	}), {numRuns: 2000});
	t.pass();
});

test('decimal seconds: a sign, a lone dot, a second dot, an exponent or more than 2^53 - 1 ms is -1', t => {
	for (const text of ['', '-1', '+1', '1.', '.1', '1.2.3', '1e3', '1 ', '9007199254741', '9007199254740.992']) {
		t.is(decimal(text), -1, text);
	}

	t.is(decimal('9007199254740.991'), Number.MAX_SAFE_INTEGER);
});

test('epoch seconds: digits only, in ms', t => {
	t.is(parseEpochSeconds(bytes('1418530010'), 0, 10), 1_418_530_010_000);
	for (const text of ['', '1418530010.5', '-1', '9007199254741']) {
		t.is(parseEpochSeconds(bytes(text), 0, text.length), -1, text);
	}
});
