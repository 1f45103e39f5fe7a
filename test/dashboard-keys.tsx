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
	// Shares: 2 of 3, 5 of 8 (62.5 %), 8 of 12.
	t.regex(text, /│›2 {3}67% █+ Steeve +│/);
	t.regex(text, /│ 5 {3}63% █+ Steeve +│/);
	t.regex(text, /\* 8 {3}67% █+ Hannibal/);
	t.is(d.lastAsked()?.host, 'Hannibal');
	t.is(d.lastAsked()?.to, testNow);
	t.is(d.lastAsked()?.from, testNow - 600_000);
});

test.serial('/ opens the prompt: the first match is highlighted, down moves it, Enter switches to it', async t => {
	const d = start();
	await d.until(/Connected to Hannibal/);
	await d.press('/');
	await d.until(/Host:/);
	await d.press('H', 'a', 'n');
	await d.until(/Host: Han/);
	t.regex(d.text(), /▸ Hannibal\n {2}Hanny/);
	t.regex(d.text(), /Enter watches Hannibal/);
	await d.press(keys.down);
	await d.until(/▸ Hanny/);
	t.regex(d.text(), /Enter watches Hanny/);
	await d.press(keys.enter);
	await d.until(/Connected to Hanny/);
	t.regex(d.header(), /^Hannibal › Hanny │/, 'the way taken');
	t.is(d.lastAsked()?.host, 'Hanny', 'the panes show the report asked for');
	t.regex(d.text(), /3 connections from 1 host/);
	t.regex(d.text(), /1 connection to 1 host/);
});

test.serial('the prompt offers prefix matches before substring matches, however busy, and up picks the typed text', async t => {
	// By activity: web-db-1 (3 lines), then db-2 (1).
	const lines: FakeLine[] = [[testNow - 3000, 'web-db-1', 'x'], [testNow - 2000, 'web-db-1', 'x'], [testNow - 1000, 'web-db-1', 'x'], [testNow - 1000, 'db-2', 'x']];
	const d = start({host: 'x'}, lines);
	await d.until(/Connected to x/);
	await d.press('/', 'd', 'b');
	await d.until(/Host: db/);
	t.regex(d.text(), /▸ db-2\n {2}web-db-1/);
	await d.press('-');
	await d.until(/Host: db-/);
	t.regex(d.text(), /▸ db-2\n {2}web-db-1/, 'both still hold the typed text');
	await d.press(keys.up);
	await d.until(/▸ Host: db-/);
	t.regex(d.text(), /Enter watches db- ·/);
	await d.press(keys.enter);
	await d.until(/Connected to db-(?!\d)/);
	await waitFor(() => d.lastAsked()?.host === 'db-', 'a report for the typed text');
	await d.press('/', 'W', 'E', 'B');
	await d.until(/▸ web-db-1/);
	t.regex(d.text(), /Enter watches web-db-1/, 'a substring in another case');
	await d.press(keys.enter);
	await d.until(/Connected to web-db-1/);
	t.regex(d.header(), /^x › db- › web-db-1 │/);
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

test.serial('while a wider window is read, the header names the window of the numbers on screen and the one coming', async t => {
	const d = start({host: 'Hannibal'});
	await d.until(/3 connections from 2 hosts/);
	let open = () => {};
	d.reader.gate = new Promise(resolve => {
		open = resolve;
	});
	await d.press('+');
	await d.until(/window 10m → 20m…/, d.header);
	t.regex(d.text(), /3 connections from 2 hosts/, 'the 10 min numbers stay on screen meanwhile');
	d.reader.gate = undefined;
	open();
	await d.until(/window 20m │/, d.header);
	t.notRegex(d.header(), /→/);
});

test.serial('t switches top hosts between source and involved', async t => {
	const d = start();
	await d.until(/Top hosts \(as source\)/);
	await d.press('t');
	await d.until(/Top hosts \(involved\)/);
	t.is(d.lastAsked()?.topBy, 'involved');
	t.regex(d.text(), /\* 11 {3}\d+% █+ Hannibal/);
	await d.press('t');
	await d.until(/Top hosts \(as source\)/);
});

test.serial('up and down move the selection; the pane scrolls to keep it in sight; tab moves the focus', async t => {
	const many: FakeLine[] = Array.from({length: 40}, (_, index) => [testNow - 1000, `src-${String(index).padStart(2, '0')}`, 'Hub']);
	const d = start({host: 'Hub'}, many, [60, 24]);
	await d.until(/▸ Connected to Hub/);
	const rowsShown = () => plainLines(d.app.lastFrame()).slice(3).filter(line => /src-\d\d$/.test(line)).slice(0, 6);
	const selected = () => plainLines(d.app.lastFrame()).find(line => line.startsWith('›'));
	t.regex(selected() ?? '', /src-00$/);
	t.regex(rowsShown()[0]!, /src-00$/);
	await d.press(keys.down, keys.down);
	await waitFor(() => /src-02$/.test(selected() ?? ''), 'the selection two rows down');
	t.regex(rowsShown()[0]!, /src-00$/, 'the pane stays while the selection is in sight');
	await d.press(keys.down, keys.down, keys.down, keys.down);
	await waitFor(() => /src-06$/.test(selected() ?? ''), 'the selection past the last row shown');
	t.regex(rowsShown()[0]!, /src-01$/, 'the pane scrolled by one');
	t.regex(d.text(), /1 above/);
	await d.press('k');
	await waitFor(() => /src-05$/.test(selected() ?? ''), 'k goes up');
	t.regex(rowsShown()[0]!, /src-01$/);
	await d.press('G');
	await waitFor(() => /src-39$/.test(selected() ?? ''), 'G: the last row');
	await d.press('g');
	await waitFor(() => /src-00$/.test(selected() ?? ''), 'g: the first row');
	await d.press(keys.tab);
	await d.until(/▸ Received from Hub/);
	t.is(selected(), undefined, 'an empty pane has no selected row');
	await d.press(keys.down);
	await d.press(keys.shiftTab, keys.shiftTab);
	await d.until(/▸ Top hosts/);
	await waitFor(() => /src-00$/.test(selected() ?? ''), 'the top pane\'s first row');
	await d.press(keys.tab);
	await d.until(/▸ Connected to Hub/);
	t.regex(selected() ?? '', /src-00$/, 'the pane kept its selection');
});

test.serial('Enter watches the selected row\'s host, Backspace goes back, and the header shows the way', async t => {
	const d = start({host: 'Hannibal'});
	await d.until(/Connected to Hannibal/);
	// Connected to Hannibal: Steeve 2, Hanny 1.
	await d.press(keys.down, keys.enter);
	await d.until(/Connected to Hanny/);
	t.regex(d.header(), /^Hannibal › Hanny │ LIVE/);
	await waitFor(() => d.lastAsked()?.host === 'Hanny', 'a report for Hanny');
	// Connected to Hanny: Hannibal 3.
	await d.press(keys.enter);
	await d.until(/^Hannibal › Hanny › Hannibal │/, d.header);
	await d.press(keys.backspace);
	await d.until(/^Hannibal › Hanny │/, d.header);
	await d.until(/Connected to Hanny/);
	await d.press(keys.backspace);
	await d.until(/^Hannibal │/, d.header);
	await waitFor(() => /│›1 .* Hanny /.test(d.text()), 'the row Enter was pressed on, selected again');
	await d.press(keys.backspace);
	t.regex(d.header(), /^Hannibal │/, 'nothing before the first host');
});

test.serial('the way back survives window and top-by changes, and stepping replaces its last host', async t => {
	const d = start({host: 'Hannibal'});
	await d.until(/Connected to Hannibal/);
	await d.press(keys.enter);
	await d.until(/^Hannibal › Steeve │/, d.header);
	await d.press('+');
	await d.until(/window 20m/, d.header);
	await d.press('t');
	await d.until(/Top hosts \(involved\)/);
	await d.press('-', '-');
	await d.until(/window 5m/, d.header);
	t.regex(d.header(), /^Hannibal › Steeve │/);
	// By activity: Hannibal, Steeve, Hanny, Mustafa.
	await d.press(keys.right);
	await d.until(/^Hannibal › Hanny │/, d.header);
	await d.press(keys.backspace);
	await d.until(/^Hannibal │/, d.header);
	await waitFor(() => d.lastAsked()?.host === 'Hannibal' && d.lastAsked()?.topBy === 'involved' && d.lastAsked()?.from === testNow - 300_000, 'the window and top-by kept');
	t.pass();
});

test.serial('l switches the bars between linear and log scale', async t => {
	const lines: FakeLine[] = [...Array.from({length: 99}, (): FakeLine => [testNow - 1000, 'big', 'Hub']), [testNow - 1000, 'small', 'Hub']];
	const d = start({host: 'Hub'}, lines);
	await d.until(/Connected to Hub/);
	const bar = (host: string) => new RegExp(`(\\S*) +${host}`).exec(plainLines(d.app.lastFrame()).find(line => line.includes(` ${host} `)) ?? '')?.[1] ?? '';
	// 1 of 99 is less than an eighth of a cell, shown as one; ln 2 / ln 100 is 15 % of the bar.
	t.is(bar('small'), '▏');
	await d.press('l');
	await d.until(/log scale/, d.header);
	await waitFor(() => [...bar('small')].length >= 2, 'a longer bar for the small count');
	t.regex(bar('small'), /^█+[▏▎▍▌▋▊▉]?$/);
	await d.press('l');
	await waitFor(() => bar('small') === '▏', 'linear again');
	t.notRegex(d.header(), /log scale/);
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
