import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {HostPane, type HostPaneProps} from '../../source/components/host-pane.js';
import {buildReport, type ReportRow} from '../../source/core/report.js';
import {LineCursor} from '../../source/core/line-cursor.js';
import {WindowTally} from '../../source/core/window-tally.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

const row = (host: string, count: number): ReportRow => ({host, count, label: host});
const rows = [row('Hannibal', 1200), row('Hanny', 30), row('Steeve', 7), row('Mustafa', 2), row('Samatchi', 1)];

/** Counts of lines at time 1, through the engine, so that rows carry the labels reports give them. */
function tallyOf(pairs: ReadonlyArray<readonly [string, string]>): WindowTally {
	const tally = new WindowTally({host: 'Hannibal', from: 0, to: 10_000, topBy: 'source'});
	const text = Buffer.from(pairs.map(([source, destination]) => `1 ${source} ${destination}\n`).join(''));
	tally.consume(new LineCursor().reset(text));
	return tally;
}

function pane(overrides: Partial<HostPaneProps> = {}) {
	const props: HostPaneProps = {
		title: 'Connected to Hannibal',
		rows,
		totals: {hosts: rows.length, count: 1240},
		summary: '1240 connections from 5 hosts',
		shortSummary: '1240 · 5 hosts',
		width: 40,
		height: 12,
		scroll: 0,
		scale: 'linear',
		focused: false,
		bordered: true,
		...overrides,
	};
	return plainLines(render(<HostPane {...props}/>).lastFrame() ?? '');
}

test('a bordered pane: title, totals, every row that fits: count, share, bar, name', t => {
	const lines = pane();
	t.is(lines.length, 12);
	t.regex(lines[1]!, /│ Connected to Hannibal +│/);
	t.regex(lines[2]!, /1240 connections from 5 hosts/);
	// 40 cells: 2 of border, 1 of padding, 7 for the count and its spaces, 8 for the longest name: 22 left, 5 for the share, 16 for the bar and its space.
	// 1200 of 1240 is 96.8 %; the bar is full: it is the largest count.
	t.is(lines[3], '│ 1200   97% ████████████████ Hannibal │');
	// 30 of 1240 is 2.4 %; 30 / 1200 of 16 cells is 3.2 eighths.
	t.is(lines[4], '│   30    2% ▍                Hanny    │');
	// 7 of 1240 is 0.56 %; 7 / 1200 of 16 cells is 0.75 eighths, shown as one.
	t.is(lines[5], '│    7    1% ▏                Steeve   │');
	t.is(lines[7], '│    1   <1% ▏                Samatchi │');
	t.false(lines.join('\n').includes('more'));
});

test('log scale: bars by log(1 + count), so the small counts show', t => {
	const lines = pane({scale: 'log'});
	t.is(lines[3], '│ 1200   97% ████████████████ Hannibal │');
	// ln 31 / ln 1201 of 16 cells is 62.0 eighths: 7 cells and 6 eighths.
	t.is(lines[4], '│   30    2% ███████▊         Hanny    │');
});

test('on a narrow pane the bar goes first, then the share, before the name is cut', t => {
	t.regex(pane({width: 30})[3]!, /^│ 1200 {3}97% █{6} Hannibal │$/);
	t.regex(pane({width: 24})[3]!, /^│ 1200 {3}97% Hannibal {2}│$/);
	t.regex(pane({width: 20})[3]!, /^│ 1200 {2}Hannibal +│$/);
	t.regex(pane({width: 14})[3]!, /^│ 1200 {2}Han… │$/);
});

// Drawn inverse too, which needs colours: test/e2e-tmux.ts sees it in a real terminal.
test('the selected row is marked in the gutter, so it shows without colours', t => {
	const lines = pane({focused: true, selected: 1});
	t.is(lines[4], '│›  30    2% ▍                Hanny    │');
	t.is(lines[3], '│ 1200   97% ████████████████ Hannibal │');
	t.true(lines.every(line => [...line].length === 40));
	t.regex(pane({bordered: false, focused: true, height: 4, selected: 0})[1]!, /^› 1200 {3}97% /);
});

test('rows that do not fit end in "+N more", and scrolling says how many are above', t => {
	const lines = pane({height: 8});
	t.is(lines.length, 8);
	t.regex(lines[5]!, /Steeve/);
	t.regex(lines[6]!, /\+2 more/);
	const scrolled = pane({height: 8, scroll: 2});
	t.regex(scrolled[3]!, /Steeve/);
	t.regex(scrolled[6]!, /2 above/);
});

test('hosts the report left out count in "+N more"', t => {
	const lines = pane({totals: {hosts: 40, count: 2000}});
	t.regex(lines.join('\n'), /\+35 more/);
});

test('a million rows render only what fits', t => {
	const many = Array.from({length: 1_000_000}, (_, index) => row(`host-${index}`, 1_000_000 - index));
	const lines = pane({rows: many, totals: {hosts: 1_000_000, count: 5}, height: 10});
	t.is(lines.length, 10);
	t.regex(lines.join('\n'), /host-0\b/);
	t.regex(lines.join('\n'), /\+999995 more/);
});

test('long names are cut so no line is wider than the pane', t => {
	const long = [row(`very-long-${'x'.repeat(200)}.example.com`, 3), row('short', 1)];
	for (const bordered of [true, false]) {
		const lines = pane({rows: long, totals: {hosts: 2, count: 4}, bordered, width: 30});
		for (const line of lines) {
			t.true([...line].length <= 30, line);
		}

		t.regex(lines.join('\n'), /very-long-x+…/);
	}
});

test('leaders are marked in the top pane', t => {
	const top = [row('Hannibal', 5), row('Hanny', 5), row('Steeve', 2)];
	const lines = pane({rows: top, totals: {hosts: 3, count: 12}, markCount: 5});
	// 5 of 12 is 41.7 %; 2 of 12 is 16.7 %, and 2 / 5 of 17 cells is 54.4 eighths: 6 cells and 6 eighths.
	t.is(lines[3], '│ * 5   42% █████████████████ Hannibal │');
	t.is(lines[4], '│ * 5   42% █████████████████ Hanny    │');
	t.is(lines[5], '│   2   17% ██████▊           Steeve   │');
});

test('a pane without border puts the totals beside the title and marks the focus', t => {
	const focused = pane({bordered: false, focused: true, height: 4});
	t.regex(focused[0]!, /^▸ Connected to Hannibal +1240 · 5 hosts$/);
	t.regex(focused[1]!, /^ {2}1200 {3}97% █{18} Hannibal/);
	t.regex(focused[3]!, /^ {2}\+3 more/);
	const unfocused = pane({bordered: false, height: 1});
	t.regex(unfocused[0]!, /^ {2}Connected to Hannibal/);
	t.is(unfocused.length, 1);
});

test('the focused bordered pane marks its title', t => {
	t.regex(pane({focused: true})[1]!, /│ ▸ Connected to Hannibal/);
});

test('an empty list says so', t => {
	t.regex(pane({rows: [], totals: {hosts: 0, count: 0}}).join('\n'), /\(none\)/);
});

test('a name with invisible characters is drawn whole, escaped, and cannot reverse the row', t => {
	const name = 'abc\u200Bd\u202Eevil\u2066END';
	const report = buildReport(tallyOf([[name, 'Hannibal']]), {host: 'Hannibal', from: 0, to: 10_000, topBy: 'source'});
	const lines = pane({rows: report.connectedTo, totals: {hosts: 1, count: 1}});
	const frame = lines.join('\n');
	t.true(frame.includes(String.raw`1  abc\u200bd\u202eevil\u2066END`), frame);
	t.false(/[\u200B\u202E\u2066]/.test(frame));
});
