import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {Header, type HeaderProps} from '../../source/components/header.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

const base: HeaderProps = {host: 'Hannibal', window: 60_000, every: 10_000, paused: false, clock: 'wall', now: Date.UTC(2020, 11, 13, 17, 27, 18, 500), source: 'app.log', width: 100};
const header = (overrides: Partial<HeaderProps> = {}) => plainLines(render(<Header {...base} {...overrides}/>).lastFrame() ?? '');

test('host, LIVE, window, period, clock and source on one line, and the help key', t => {
	const [line] = header();
	t.is(line, 'Hannibal │ LIVE │ window 1m │ every 10s │ wall 2020-12-13 17:27:18Z │ app.log                 ? help');
	t.is([...line!].length, 100);
});

test('a window asked for and still being read follows the window on screen after an arrow, until its numbers come', t => {
	t.regex(header({window: 900_000, pendingWindow: 7_200_000})[0]!, /^Hannibal │ LIVE │ window 15m → 2h… │ every 10s/);
	t.regex(header({window: 900_000, pendingWindow: 900_000})[0]!, /^Hannibal │ LIVE │ window 15m │ every 10s/);
});

test('paused, log clock waiting, host not known yet', t => {
	const [line] = header({paused: true, clock: 'log', now: undefined, host: undefined});
	t.regex(line!, /^top host… │ {2}PAUSED {2}│ window 1m │ every 10s │ log waiting │ app\.log/);
});

test('narrow: one line, cut at the width, the clock without its date', t => {
	const lines = header({width: 40});
	t.is(lines.length, 1);
	t.true([...lines[0]!].length <= 40);
	t.regex(lines[0]!, /^Hannibal │ LIVE │ window 1m/);
	t.notRegex(header({width: 70})[0]!, /2020-12-13/);
});

test('a host name with control bytes is shown escaped', t => {
	const frame = render(<Header {...base} host={'evil\u001B[2J\u001B[31mred'}/>).lastFrame() ?? '';
	t.true(frame.includes(String.raw`evil\x1b[2J\x1b[31mred`));
	t.false(frame.includes('\u001B[2J'));
	t.false(frame.includes('\u001B[31mred'));
});

test('the way taken comes before the host, cut from the left when long', t => {
	const [line] = header({trail: ['Hannibal', 'Tiaya'], host: 'Pyrtly'});
	t.regex(line!, /^Hannibal › Tiaya › Pyrtly │ LIVE │ window 1m/);
	const [cut] = header({trail: ['a-very-long-host-name-one', 'a-very-long-host-name-two', 'Tiaya'], host: 'Pyrtly', width: 60});
	// Half of 60 cells: "… › Tiaya › Pyrtly" (18) fits, the long names do not.
	t.regex(cut!, /^… › Tiaya › Pyrtly │ LIVE/);
	const [escaped] = header({trail: ['evil\u001B[2J'], host: 'Pyrtly'});
	t.regex(escaped!, /^evil\\x1b\[2J › Pyrtly │/);
});

test('log scale is said in the header; linear is not', t => {
	t.regex(header({scale: 'log'})[0]!, /^Hannibal │ LIVE │ log scale │ window 1m/);
	t.notRegex(header({scale: 'linear'})[0]!, /scale/);
});
