import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {StatusLine, type StatusLineProps} from '../../source/components/status-line.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

const at = Date.UTC(2020, 0, 1, 12, 0, 0);
const base: StatusLineProps = {
	status: {linesRead: 12_345, malformed: 3, currentFile: 'logs/log_2.txt', state: {kind: 'reading'}},
	lastRefresh: {at, duration: 12.4, nextAt: at + 10_000},
	paused: false,
	width: 120,
};
const status = (overrides: Partial<StatusLineProps> = {}) => plainLines(render(<StatusLine {...base} {...overrides}/>).lastFrame() ?? '')[0]!;

test('last refresh, when the next is due, lines, malformed, duration, file', t => {
	t.is(status(), 'updated 12:00:00Z · next 12:00:10Z · 12345 lines read · 3 malformed · took 12ms · logs/log_2.txt');
});

test('late lines since the last refresh are said, when there are any', t => {
	t.is(status({status: {...base.status!, late: 7}}), 'updated 12:00:00Z · next 12:00:10Z · 12345 lines read · 3 malformed · 7 late lines · took 12ms · logs/log_2.txt');
	t.regex(status({status: {...base.status!, late: 1}}), / · 1 late line · /);
	t.regex(status({status: {...base.status!, late: 7}, width: 70}), /^12:00:00Z · next 12:00:10Z · 12345 lines · 3 bad · 7 late · 12ms/);
	t.notRegex(status({status: {...base.status!, late: 0}}), /late/);
});

test('paused: reading goes on, and it says so', t => {
	t.regex(status({paused: true}), /view paused, reading on \(next read 12:00:10Z\)/);
});

test('waiting and error states come first, in words', t => {
	t.regex(status({status: {...base.status!, state: {kind: 'waiting', message: 'app.log does not exist yet'}}}), /^waiting: app\.log does not exist yet · updated/);
	t.regex(status({status: {...base.status!, state: {kind: 'error', message: 'EACCES: permission denied, open app.log'}}}), /^error: EACCES: permission denied/);
});

test('before the first refresh', t => {
	t.is(status({status: undefined, lastRefresh: undefined}), 'starting');
});

test('narrow: short words, cut at the width', t => {
	const line = status({width: 40});
	t.true(line.startsWith('12:00:00Z · next 12:00:10Z · 12345 lin'));
	t.true([...line].length <= 40);
});

test('the time shown is the report\'s, which stays put while paused', t => {
	t.regex(status({paused: true, reportAt: at - 60_000}), /^updated 11:59:00Z · view paused/);
});
