import test from 'ava';
import {clockNow, formatClockTime} from '../source/core/clock.js';

test('wall clock without --now is the wall time', t => {
	t.is(clockNow({kind: 'wall', startedAt: 1000, wallNow: 5000}), 5000);
});

test('wall clock with --now starts there and runs on', t => {
	const nowOption = 1_607_880_438_820;
	t.is(clockNow({kind: 'wall', nowOption, startedAt: 1_000_000, wallNow: 1_000_000}), nowOption);
	t.is(clockNow({kind: 'wall', nowOption, startedAt: 1_000_000, wallNow: 1_012_500}), nowOption + 12_500);
});

test('log clock is the newest timestamp read, undefined before one', t => {
	t.is(clockNow({kind: 'log', startedAt: 0, wallNow: 99, newestTimestamp: undefined}), undefined);
	t.is(clockNow({kind: 'log', nowOption: 5, startedAt: 0, wallNow: 99, newestTimestamp: 1_565_683_200_000}), 1_565_683_200_000);
});

test('clock readings print in UTC to the second', t => {
	t.is(formatClockTime(Date.UTC(2019, 7, 13, 8, 0, 5, 999)), '2019-08-13 08:00:05Z');
	t.is(formatClockTime(Date.UTC(2019, 7, 13, 8, 0, 5, 999), false), '08:00:05Z');
});
