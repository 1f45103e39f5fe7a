import test from 'ava';
import {Dashboard} from '../../source/components/dashboard.js';
import type {LiveOptions} from '../../source/commands/options.js';
import type {ReaderStatus} from '../../source/io/live-reader-contract.js';
import {readerWithFailure} from '../../source/io/reader-with-failure.js';
import {FakeReader, type FakeLine} from '../helpers/fake-reader.js';
import {cleanupSized, renderSized} from '../helpers/fake-stdout.js';
import {plainLines, waitFor} from '../helpers/frames.js';
import {liveOptions, testNow} from '../helpers/live-options.js';
import {sampleLines} from '../helpers/sample-lines.js';

test.afterEach.always(() => {
	cleanupSized();
});

const wallNow = () => 1_700_000_000_000;

function start(options: Partial<LiveOptions>, lines: readonly FakeLine[], columns: number, rows: number, status?: Partial<ReaderStatus>) {
	const reader = new FakeReader(lines, status);
	const app = renderSized(<Dashboard options={liveOptions(options)} reader={reader} wallNow={wallNow}/>, columns, rows);
	const text = () => plainLines(app.lastFrame()).join('\n');
	return {reader, app, text, until: async (pattern: RegExp) => waitFor(() => pattern.test(text()), `${pattern} on screen`)};
}

function assertFits(t: {true: (value: boolean, message?: string) => void}, frame: string, columns: number, rows: number) {
	const lines = plainLines(frame);
	t.true(lines.length < rows, `${lines.length} lines for ${rows} rows`);
	for (const line of lines) {
		t.true([...line].length <= columns, `too wide: ${line}`);
	}
}

test.serial('40x12 still shows the host, the panes and the status, no line wider than the terminal', async t => {
	const d = start({}, sampleLines, 40, 12);
	await d.until(/Connected to Hannibal/);
	assertFits(t, d.app.lastFrame(), 40, 12);
	const text = d.text();
	t.regex(text, /^Hannibal │ LIVE/);
	t.regex(text, /▸ Connected to Hannibal +3 · 2 hosts/);
	t.regex(text, /› 2 {3}67% █+ Steeve/, 'the focused pane\'s first row is selected');
	t.regex(text, /Received from Hannibal/);
	t.regex(text, /Top hosts/);
	t.regex(text, /12 lines/);
});

test.serial('a resize re-lays out: side by side when wide, stacked when narrow, fitting each size', async t => {
	const d = start({}, sampleLines, 120, 40);
	await d.until(/╭/);
	assertFits(t, d.app.lastFrame(), 120, 40);
	t.is(plainLines(d.app.lastFrame()).length, 39);
	d.app.stdout.resize(40, 12);
	await waitFor(() => !d.text().includes('╭'), 'stacked layout');
	assertFits(t, d.app.lastFrame(), 40, 12);
	d.app.stdout.resize(60, 30);
	await waitFor(() => plainLines(d.app.lastFrame()).length === 29, 'the new height');
	assertFits(t, d.app.lastFrame(), 60, 30);
	d.app.stdout.resize(100, 20);
	await d.until(/╭/);
	assertFits(t, d.app.lastFrame(), 100, 20);
});

test.serial('host names with control bytes cannot clear or recolour the screen', async t => {
	const evil = 'evil\u001B[2J\u001B[31mred\u0007\u009B2J\u007F';
	const d = start({host: evil}, [[testNow - 1000, evil, 'Hannibal'], [testNow - 1000, 'Hannibal', evil]], 100, 24);
	await d.until(/Connected to evil/);
	const frame = d.app.lastFrame();
	const escaped = String.raw`evil\x1b[2J\x1b[31mred\x07\x9b2J\x7f`;
	t.true(frame.includes(escaped), 'the name is shown as escapes');
	t.false(frame.includes('\u001B[2J'));
	t.false(frame.includes('\u001B[31mred'));
	t.false(frame.includes('\u0007'));
	t.false(frame.includes('\u009B'));
	t.false(frame.includes('\u007F'));
	// Whatever colours Ink draws itself, no escape sequence but SGR colour codes is left.
	t.notRegex(frame.replaceAll(/\u001B\[[\d;]*m/g, ''), /\u001B/);
});

test.serial('an unknown host: empty panes and a word on how to pick one', async t => {
	const d = start({host: 'ghost'}, sampleLines, 100, 24);
	await d.until(/host ghost not seen in the window, press \/ to pick one/);
	t.regex(d.text(), /Connected to ghost/);
	t.regex(d.text(), /\(none\)/);
	t.regex(d.text(), /\* 8 {3}67% █+ Hannibal/, 'top hosts still shows the window');
});

test.serial('a window with no lines says so, with the newest line seen and the --clock log hint', async t => {
	const old: FakeLine[] = [[Date.UTC(2019, 7, 13, 8, 0, 0), 'a', 'b']];
	const d = start({}, old, 100, 24);
	await d.until(/No lines in the window/);
	t.regex(d.text(), /Newest line seen: 2019-08-13 08:00:00Z/);
	t.regex(d.text(), /--clock log/);
});

test.serial('--clock log reports the window ending at the newest line; before one, it waits in words', async t => {
	const d = start({clock: 'log', now: undefined}, [], 100, 24);
	await d.until(/Waiting for a first line/);
	t.is(d.reader.asked.length, 0, 'no report without a now');
	d.reader.append(...sampleLines);
	d.app.stdin.write('r');
	await d.until(/Connected to Hannibal/);
	t.is(d.reader.asked.at(-1)?.to, sampleLines.at(-1)![0]);
	t.regex(d.text(), /log 2020-12-13 17:26:29Z/);
});

test.serial('a file that does not exist yet is waited for, in words', async t => {
	const d = start({}, [], 100, 24, {state: {kind: 'waiting', message: 'app.log does not exist yet'}});
	await d.until(/Waiting: app\.log does not exist yet/);
	t.regex(d.text(), /waiting: app\.log does not exist yet/);
});

test.serial('a read error is shown in words', async t => {
	const d = start({}, [], 100, 24, {state: {kind: 'error', message: 'EACCES: permission denied, open app.log'}});
	await d.until(/Cannot read: EACCES/);
	t.regex(d.text(), /error: EACCES/);
});

test.serial('the sparkline grows with each refresh of the host', async t => {
	const d = start({host: 'Hannibal'}, sampleLines, 100, 24);
	await d.until(/connections per refresh +█ 11/);
	d.reader.append([testNow - 500, 'Mustafa', 'Hannibal'], [testNow - 400, 'Mustafa', 'Hannibal']);
	d.app.stdin.write('r');
	await d.until(/connections per refresh +▇█ 13/);
	t.pass();
});

test.serial('a failure of what writes the files (the generator) shows as an error while the panes keep what was read', async t => {
	const reader = new FakeReader(sampleLines);
	let failure: Error | undefined;
	const app = renderSized(<Dashboard options={liveOptions({host: 'Hannibal'})} reader={readerWithFailure(reader, () => failure)} wallNow={wallNow}/>, 120, 30);
	const text = () => plainLines(app.lastFrame()).join('\n');
	await waitFor(() => /Connected to Hannibal/.test(text()), 'the panes');
	t.notRegex(text(), /error/);
	failure = new Error('disk full writing \'logs/log_3.txt\'');
	app.stdin.write('r');
	await waitFor(() => /error: disk full writing 'logs\/log_3\.txt'/.test(text()), 'the error in the status line');
	t.regex(text(), /Connected to Hannibal/);
});
