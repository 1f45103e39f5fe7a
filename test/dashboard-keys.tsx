import test from 'ava';
import {Dashboard} from '../source/components/dashboard.js';
import type {LiveOptions} from '../source/commands/options.js';
import {FakeReader, type FakeLine} from './helpers/fake-reader.js';
import {cleanupSized, renderSized} from './helpers/fake-stdout.js';
import {plainLines, waitFor} from './helpers/frames.js';
import {liveOptions, testNow} from './helpers/live-options.js';
import {sampleLines} from './helpers/sample-lines.js';

test.afterEach.always(() => {
	cleanupSized();
});

const keys = {
	right: '\u001B[C',
	left: '\u001B[D',
	up: '\u001B[A',
	down: '\u001B[B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	escape: '\u001B',
	enter: '\r',
	backspace: '\u007F',
	ctrlC: '\u0003',
};

function start(overrides: Partial<LiveOptions> = {}, lines: readonly FakeLine[] = sampleLines, size: [number, number] = [100, 24]) {
	const reader = new FakeReader(lines);
	// A wall clock that stands still, so windows end exactly at --now.
	const wallNow = () => 1_700_000_000_000;
	const app = renderSized(<Dashboard options={liveOptions(overrides)} reader={reader} wallNow={wallNow}/>, ...size);
	const text = () => plainLines(app.lastFrame()).join('\n');
	const header = () => plainLines(app.lastFrame())[0] ?? '';
	const until = async (pattern: RegExp, where: () => string = text) => {
		await waitFor(() => pattern.test(where()), `${pattern} on screen`);
	};

	const press = async (...sequence: string[]) => {
		for (const key of sequence) {
			app.stdin.write(key);
			// Let Ink take each key on its own, as a person types.
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setImmediate(resolve);
			});
		}
	};

	return {reader, app, text, header, until, press, lastAsked: () => reader.asked.at(-1)};
}

test.serial('without --host it opens on the top host, with the three answers', async t => {
	const d = start();
	await d.until(/Connected to Hannibal/);
	t.regex(d.header(), /^Hannibal │ LIVE │ window 10m │ every 1h/);
	const text = d.text();
	t.regex(text, /3 connections from 2 hosts/);
	t.regex(text, /8 connections to 2 hosts/);
	t.regex(text, /│ 2 {2}Steeve +│/);
	t.regex(text, /│ 5 {2}Steeve +│/);
	t.regex(text, /\* 8 {2}Hannibal/);
	t.is(d.lastAsked()?.host, 'Hannibal');
	t.is(d.lastAsked()?.to, testNow);
	t.is(d.lastAsked()?.from, testNow - 600_000);
});

test.serial('/ opens the prompt; Tab completes from the hosts seen, Enter switches', async t => {
	const d = start();
	await d.until(/Connected to Hannibal/);
	await d.press('/');
	await d.until(/Host:/);
	await d.press('H', 'a', 'n');
	await d.until(/Host: Han/);
	t.regex(d.text(), /Hannibal[\s\S]*Hanny/);
	await d.press(keys.tab, keys.tab);
	await d.until(/▸ Hanny/);
	await d.press(keys.enter);
	await d.until(/Connected to Hanny/);
	t.regex(d.header(), /^Hanny │/);
	t.is(d.lastAsked()?.host, 'Hanny', 'the panes show the report asked for');
	t.regex(d.text(), /3 connections from 1 host/);
	t.regex(d.text(), /1 connection to 1 host/);
});

test.serial('the prompt: Esc cancels, backspace edits, a host not seen is watched and said to be unseen', async t => {
	const d = start({host: 'Steeve'});
	await d.until(/Connected to Steeve/);
	await d.press('/', 'x', keys.escape);
	await d.until(/Connected to Steeve/);
	t.regex(d.header(), /^Steeve │/);
	await d.press('/', 'g', 'h', 'o', 's', 't', 's', keys.backspace);
	await d.until(/Host: ghost(?!s)/);
	await d.press(keys.enter);
	await d.until(/host ghost not seen in the window, press \/ to pick one/);
	t.regex(d.text(), /Connected to ghost/);
	t.regex(d.text(), /\(none\)/);
});

test.serial('keys typed faster than the screen redraws are each taken', async t => {
	const d = start();
	await d.until(/Connected to Hannibal/);
	d.app.stdin.write('/Steeve\r');
	await d.until(/Connected to Steeve/);
	t.is(d.lastAsked()?.host, 'Steeve');
});

test.serial('right and left (and ] [) step through hosts by activity', async t => {
	const d = start();
	await d.until(/Connected to Hannibal/);
	await d.press(keys.right);
	await d.until(/Connected to Steeve/);
	await d.press(']');
	await d.until(/Connected to Hanny/);
	await d.press(keys.left);
	await d.until(/Connected to Steeve/);
	await d.press('[', '[');
	await d.until(/^Mustafa │/, d.header);
	await waitFor(() => d.lastAsked()?.host === 'Mustafa', 'a report for Mustafa');
	t.pass();
});

test.serial('space pauses the view while reading goes on; resuming shows the current window at once', async t => {
	const d = start({every: 50});
	await d.until(/3 connections from 2 hosts/);
	await d.press(' ');
	await d.until(/PAUSED/, d.header);
	const reports = d.reader.asked.length;
	d.reader.append([testNow - 500, 'Mustafa', 'Hannibal']);
	const updates = d.reader.updates;
	await waitFor(() => d.reader.updates >= updates + 3, 'reads while paused');
	t.is(d.reader.asked.length, reports, 'no report while paused');
	t.regex(d.text(), /3 connections from 2 hosts/);
	t.regex(d.text(), /view paused, reading on/);
	await d.press('p');
	await d.until(/4 connections from 3 hosts/);
	t.regex(d.header(), /LIVE/);
});

test.serial('r refreshes at once', async t => {
	const d = start();
	await d.until(/3 connections from 2 hosts/);
	d.reader.append([testNow - 500, 'Mustafa', 'Hannibal']);
	await d.press('r');
	await d.until(/4 connections from 3 hosts/);
	t.pass();
});

test.serial('+ and - double and halve the window, and the reader is told', async t => {
	const d = start({host: 'Hannibal'});
	await d.until(/window 10m/, d.header);
	await d.press('+');
	await d.until(/window 20m/, d.header);
	await waitFor(() => d.lastAsked()?.from === testNow - 1_200_000, 'a report over 20 minutes');
	t.deepEqual(d.reader.windows, [1_200_000]);
	await d.press('-', '-');
	await d.until(/window 5m/, d.header);
	await waitFor(() => d.lastAsked()?.from === testNow - 300_000, 'a report over 5 minutes');
	t.is(d.reader.windows.at(-1), 300_000, 'told before the report (a window passed by quickly may be skipped)');
});

test.serial('t switches top hosts between source and involved', async t => {
	const d = start();
	await d.until(/Top hosts \(as source\)/);
	await d.press('t');
	await d.until(/Top hosts \(involved\)/);
	t.is(d.lastAsked()?.topBy, 'involved');
	t.regex(d.text(), /\* 11 {2}Hannibal/);
	await d.press('t');
	await d.until(/Top hosts \(as source\)/);
});

test.serial('tab moves the focus; up and down scroll the focused pane', async t => {
	const many: FakeLine[] = Array.from({length: 40}, (_, index) => [testNow - 1000, `src-${String(index).padStart(2, '0')}`, 'Hub']);
	const d = start({host: 'Hub'}, many, [60, 24]);
	await d.until(/▸ Connected to Hub/);
	const firstRow = () => plainLines(d.app.lastFrame())[3] ?? '';
	t.regex(firstRow(), /src-00/);
	await d.press(keys.down, keys.down);
	await waitFor(() => /src-02/.test(firstRow()), d.text());
	t.regex(d.text(), /2 above/);
	await d.press(keys.up);
	await d.until(/src-01/, firstRow);
	await d.press(keys.tab);
	await d.until(/▸ Received from Hub/);
	await d.press(keys.down);
	t.regex(firstRow(), /src-01/, 'the other pane keeps its place');
	await d.press(keys.shiftTab, keys.shiftTab);
	await d.until(/▸ Top hosts/);
	await d.press(keys.tab);
	await d.until(/▸ Connected to Hub/);
});

test.serial('? shows the keys; Esc or ? closes them', async t => {
	const d = start();
	await d.until(/Connected to Hannibal/);
	await d.press('?');
	await d.until(/Keys \(\? or Esc closes this\)/);
	t.regex(d.text(), /double \/ halve the window/);
	await d.press(keys.escape);
	await d.until(/Connected to Hannibal/);
	await d.press('?');
	await d.until(/Keys/);
	await d.press('?');
	await d.until(/Connected to Hannibal/);
});

for (const [name, key] of [['q', 'q'], ['Ctrl-C', keys.ctrlC]] as const) {
	test.serial(`${name} quits`, async t => {
		const d = start();
		await d.until(/Connected to Hannibal/);
		const exited = d.app.instance.waitUntilExit();
		await d.press(key);
		await exited;
		t.pass();
	});
}
