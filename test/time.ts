import {spawnSync} from 'node:child_process';
import test from 'ava';
import {formatDuration, formatTime, parseDuration, parseTime, toMilliseconds} from '../source/core/time.js';

test('epoch seconds become milliseconds, epoch milliseconds stay', t => {
	t.is(parseTime('1565647204'), 1_565_647_204_000);
	t.is(parseTime('1565647204351'), 1_565_647_204_351);
	t.is(parseTime('0'), 0);
	t.is(parseTime('99999999999'), 99_999_999_999_000);
	t.is(parseTime('100000000000'), 100_000_000_000);
	t.is(toMilliseconds(5), 5000);
});

test('ISO 8601 with Z', t => {
	t.is(parseTime('2019-08-13T08:00:00Z'), Date.UTC(2019, 7, 13, 8));
	t.is(parseTime('2019-08-13t08:00:00z'), Date.UTC(2019, 7, 13, 8));
});

test('ISO 8601 with fractional seconds', t => {
	t.is(parseTime('2019-08-13T08:00:00.351Z'), Date.UTC(2019, 7, 13, 8, 0, 0, 351));
	t.is(parseTime('2019-08-13T08:00:00.5Z'), Date.UTC(2019, 7, 13, 8, 0, 0, 500));
});

test('ISO 8601 with an offset', t => {
	t.is(parseTime('2019-08-13T13:30:00+05:30'), Date.UTC(2019, 7, 13, 8));
	t.is(parseTime('2019-08-13T03:00:00-05:00'), Date.UTC(2019, 7, 13, 8));
	t.is(parseTime('2019-08-13T13:30:00+0530'), Date.UTC(2019, 7, 13, 8));
});

test('ISO 8601 without a zone is UTC', t => {
	t.is(parseTime('2019-08-13T08:00:00'), Date.UTC(2019, 7, 13, 8));
	t.is(parseTime('2019-08-13'), Date.UTC(2019, 7, 13));
});

test('ISO 8601 without a zone is UTC whatever TZ says', t => {
	// The time zone is fixed when a process starts, so ask a child running under another one.
	const script = `import {parseTime} from './source/core/time.ts'; console.log(parseTime('2019-08-13T08:00:00'), new Date(2019, 7, 13).getTimezoneOffset())`;
	const child = spawnSync(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], {env: {...process.env, TZ: 'Asia/Kolkata'}, encoding: 'utf8'});
	t.is(child.status, 0, child.stderr);
	const [parsed, offset] = child.stdout.trim().split(' ');
	t.is(offset, '-330', 'the child does run in another time zone');
	t.is(Number(parsed), Date.UTC(2019, 7, 13, 8));
});

test('times that are not times say what was wrong', t => {
	t.throws(() => parseTime('yesterday'), {message: /'yesterday' is not a time/});
	t.throws(() => parseTime('-5'), {message: /not a time/});
	t.throws(() => parseTime(''), {message: /not a time/});
	t.throws(() => parseTime('2019-02-30T00:00:00Z'), {message: /not a valid date/});
	t.throws(() => parseTime('2019-08-13T24:00:00Z'), {message: /not a valid date/});
	t.throws(() => parseTime('2019-08-13T08:00:00+25:00'), {message: /offset/});
	t.throws(() => parseTime('99999999999999999999'), {message: /too large/});
});

test('durations: seconds, or a number with ms, s, m, h', t => {
	t.is(parseDuration('10'), 10_000);
	t.is(parseDuration('1.5'), 1500);
	t.is(parseDuration('250ms'), 250);
	t.is(parseDuration('10s'), 10_000);
	t.is(parseDuration('5m'), 300_000);
	t.is(parseDuration('2h'), 7_200_000);
	t.is(parseDuration('0'), 0);
});

test('durations that are not durations say what was wrong', t => {
	t.throws(() => parseDuration('5 minutes'), {message: /'5 minutes' is not a duration/});
	t.throws(() => parseDuration('-5s'), {message: /not a duration/});
	t.throws(() => parseDuration('m'), {message: /not a duration/});
	t.throws(() => parseDuration('1d'), {message: /not a duration/});
});

test('formatting for people', t => {
	t.is(formatTime(Date.UTC(2019, 7, 13, 8)), '2019-08-13T08:00:00Z');
	t.is(formatTime(Date.UTC(2019, 7, 13, 8, 0, 0, 351)), '2019-08-13T08:00:00.351Z');
	t.is(formatDuration(300_000), '5m');
	t.is(formatDuration(5_400_000), '1h30m');
	t.is(formatDuration(250), '250ms');
	t.is(formatDuration(1500), '1.5s');
});
