import test from 'ava';
import {
	type DashboardAction,
	dashboardReducer,
	type DashboardState,
	historyLength,
	initialDashboardState,
	maxWindow,
	minWindow,
	promptValue,
	scaleWindow,
	selectedIndex,
	trailLength,
} from '../source/core/dashboard-state.js';
import type {Report, ReportRow} from '../source/core/report.js';

const start = initialDashboardState({host: 'Hannibal', window: 10_000, every: 10_000, topBy: 'source'});
const reduce = (state: DashboardState, ...actions: DashboardAction[]) => actions.reduce(dashboardReducer, state);

function report(host: string, options: {connections?: number; window?: number; topBy?: 'source' | 'involved'} = {}): Report {
	const connections = options.connections ?? 3;
	return {
		host,
		from: 0,
		to: options.window ?? 10_000,
		connectedTo: [],
		receivedFrom: [],
		top: {by: options.topBy ?? 'source', leaders: [{host: 'Steeve', count: 4, label: 'Steeve'}], ranking: []},
		stats: {lines: 4, malformed: 0},
		totals: {connectedTo: {hosts: 1, count: connections}, receivedFrom: {hosts: 0, count: 0}, top: {hosts: 1, count: 4}},
	};
}

const rows = (...entries: Array<[string, number]>): ReportRow[] => entries.map(([host, count]) => ({host, count, label: host}));

/** A report for `host` whose panes list these rows (counts as given, totals their sums). */
function listed(host: string, lists: {connectedTo?: ReportRow[]; receivedFrom?: ReportRow[]; top?: ReportRow[]; topBy?: 'source' | 'involved'; window?: number}): Report {
	const totals = (list: ReportRow[] = []) => ({hosts: list.length, count: list.reduce((sum, row) => sum + row.count, 0)});
	return {
		...report(host, {window: lists.window, topBy: lists.topBy}),
		connectedTo: lists.connectedTo ?? [],
		receivedFrom: lists.receivedFrom ?? [],
		top: {by: lists.topBy ?? 'source', leaders: (lists.top ?? []).slice(0, 1), ranking: lists.top ?? []},
		totals: {connectedTo: totals(lists.connectedTo), receivedFrom: totals(lists.receivedFrom), top: totals(lists.top)},
	};
}

const refreshed = (report?: Report, hosts: readonly string[] = ['Steeve', 'Hannibal', 'Hanny']): DashboardAction => ({
	type: 'refreshed',
	info: {at: 1, duration: 2, nextAt: 3, now: 4},
	status: {linesRead: 4, malformed: 0, state: {kind: 'reading'}},
	hosts,
	report,
});

test('starts live on the given host, window, period and top-by', t => {
	t.like(start, {host: 'Hannibal', window: 10_000, every: 10_000, paused: false, topBy: 'source', focus: 'connectedTo', help: false, prompt: undefined});
	t.deepEqual(start.scroll, {connectedTo: 0, receivedFrom: 0, top: 0});
	t.deepEqual(start.trail, []);
	t.is(start.scale, 'linear');
});

test('a report for the host is shown and adds to the history', t => {
	const state = reduce(start, refreshed(report('Hannibal', {connections: 3})), refreshed(report('Hannibal', {connections: 5})));
	t.is(state.report?.totals.connectedTo.count, 5);
	t.deepEqual(state.history, [3, 5]);
	t.deepEqual(state.hosts, ['Steeve', 'Hannibal', 'Hanny']);
	t.is(state.status?.linesRead, 4);
});

test('a stale report (other host, window or top-by) only updates the status', t => {
	const shown = reduce(start, refreshed(report('Hannibal')));
	for (const stale of [report('Other'), report('Hannibal', {window: 20_000}), report('Hannibal', {topBy: 'involved'})]) {
		const state = dashboardReducer(shown, refreshed(stale, ['x']));
		t.is(state.report, shown.report);
		t.deepEqual(state.hosts, ['x']);
	}
});

test('without a host the first report names it; an empty one names none', t => {
	const open = initialDashboardState({window: 10_000, every: 10_000, topBy: 'source'});
	const empty = dashboardReducer(open, refreshed(report('')));
	t.is(empty.host, undefined);
	t.truthy(empty.report);
	t.deepEqual(empty.history, []);
	const named = dashboardReducer(empty, refreshed(report('Steeve')));
	t.is(named.host, 'Steeve');
	t.deepEqual(named.history, [3]);
});

test('the history keeps the last refreshes only', t => {
	let state = start;
	for (let i = 0; i < historyLength + 5; i++) {
		state = dashboardReducer(state, refreshed(report('Hannibal', {connections: i})));
	}

	t.is(state.history.length, historyLength);
	t.is(state.history.at(-1), historyLength + 4);
});

test('pause toggles; refresh bumps the request counter', t => {
	t.true(reduce(start, {type: 'togglePause'}).paused);
	t.false(reduce(start, {type: 'togglePause'}, {type: 'togglePause'}).paused);
	t.is(reduce(start, {type: 'refresh'}, {type: 'refresh'}).refreshRequests, 2);
});

test('switching host clears the history and the host panes\' scroll and selection', t => {
	const scrolled = {...reduce(start, refreshed(report('Hannibal'))), scroll: {connectedTo: 4, receivedFrom: 2, top: 7}, selection: {connectedTo: {index: 5, host: 'a'}, receivedFrom: {index: 2}, top: {index: 8, host: 'b'}}};
	const state = dashboardReducer(scrolled, {type: 'setHost', host: 'Hanny'});
	t.is(state.host, 'Hanny');
	t.deepEqual(state.history, []);
	t.deepEqual(state.scroll, {connectedTo: 0, receivedFrom: 0, top: 7});
	t.deepEqual(state.selection, {connectedTo: {index: 0}, receivedFrom: {index: 0}, top: {index: 8, host: 'b'}});
	t.is(dashboardReducer(state, {type: 'setHost', host: 'Hanny'}), state);
});

test('stepping goes through hosts by activity and wraps', t => {
	const state = reduce(start, refreshed(undefined, ['Steeve', 'Hannibal', 'Hanny']));
	t.is(dashboardReducer(state, {type: 'stepHost', direction: 1}).host, 'Hanny');
	t.is(dashboardReducer(state, {type: 'stepHost', direction: -1}).host, 'Steeve');
	t.is(reduce(state, {type: 'stepHost', direction: 1}, {type: 'stepHost', direction: 1}).host, 'Steeve');
	t.is(reduce(state, {type: 'setHost', host: 'Steeve'}, {type: 'stepHost', direction: -1}).host, 'Hanny');
});

test('stepping from a host not in the list starts at the busiest (or the quietest going back)', t => {
	const state = reduce(start, {type: 'setHost', host: 'ghost'}, refreshed(undefined, ['a', 'b', 'c']));
	t.is(dashboardReducer(state, {type: 'stepHost', direction: 1}).host, 'a');
	t.is(dashboardReducer(state, {type: 'stepHost', direction: -1}).host, 'c');
	const none = reduce(start, refreshed(undefined, []));
	t.is(dashboardReducer(none, {type: 'stepHost', direction: 1}), none);
});

test('the window doubles and halves within one second and seven days', t => {
	t.is(reduce(start, {type: 'scaleWindow', factor: 2}).window, 20_000);
	t.is(reduce(start, {type: 'scaleWindow', factor: 0.5}).window, 5000);
	t.is(scaleWindow(1500, 0.5), minWindow);
	t.is(scaleWindow(minWindow, 0.5), minWindow);
	t.is(scaleWindow(500, 0.5), 500, 'a window given below the bound is not pushed up');
	t.is(scaleWindow(maxWindow - 1, 2), maxWindow);
	t.is(scaleWindow(maxWindow, 2), maxWindow);
	const shown = reduce(start, refreshed(report('Hannibal')));
	t.deepEqual(dashboardReducer(shown, {type: 'scaleWindow', factor: 2}).history, [], 'counts over another window are not comparable');
});

test('top-by toggles and takes the top pane back to its first row', t => {
	const state = reduce({...start, scroll: {connectedTo: 1, receivedFrom: 1, top: 5}, selection: {connectedTo: {index: 1}, receivedFrom: {index: 1}, top: {index: 6, host: 'x'}}}, {type: 'toggleTopBy'});
	t.is(state.topBy, 'involved');
	t.is(state.scroll.top, 0);
	t.deepEqual(state.selection.top, {index: 0});
	t.deepEqual(state.selection.connectedTo, {index: 1});
	t.is(dashboardReducer(state, {type: 'toggleTopBy'}).topBy, 'source');
});

test('focus cycles through the panes both ways', t => {
	t.is(reduce(start, {type: 'focus', direction: 1}).focus, 'receivedFrom');
	t.is(reduce(start, {type: 'focus', direction: 1}, {type: 'focus', direction: 1}, {type: 'focus', direction: 1}).focus, 'connectedTo');
	t.is(reduce(start, {type: 'focus', direction: -1}).focus, 'top');
});

test('up and down move the selection within the list, and the pane scrolls to keep it in sight', t => {
	const ten = rows(...Array.from({length: 10}, (_, i): [string, number] => [`h${i}`, 10 - i]));
	const shown = reduce(start, refreshed(listed('Hannibal', {connectedTo: ten})));
	const select = (delta: number): DashboardAction => ({type: 'select', delta, visible: 4});
	const down = reduce(shown, select(1), select(1), select(1));
	t.deepEqual(down.selection.connectedTo, {index: 3, host: 'h3'});
	t.is(down.scroll.connectedTo, 0, 'rows 0 to 3 are in sight');
	const further = reduce(down, select(1));
	t.is(further.scroll.connectedTo, 1, 'row 4 scrolls the pane by one');
	const back = reduce(further, select(-1), select(-1), select(-1));
	t.deepEqual(back.selection.connectedTo, {index: 1, host: 'h1'});
	t.is(back.scroll.connectedTo, 1, 'the selection moves within what is shown before the pane scrolls');
	const end = reduce(shown, select(Number.MAX_SAFE_INTEGER));
	t.deepEqual(end.selection.connectedTo, {index: 9, host: 'h9'});
	t.is(end.scroll.connectedTo, 6);
	t.deepEqual(reduce(end, select(-Number.MAX_SAFE_INTEGER)).selection.connectedTo, {index: 0, host: 'h0'});
	t.is(reduce(end, select(-Number.MAX_SAFE_INTEGER)).scroll.connectedTo, 0);
	t.deepEqual(reduce(shown, {type: 'focus', direction: 1}, select(1)).selection, shown.selection, 'an empty pane has nothing to select');
	t.is(reduce(start, select(1)), start, 'no report, no rows');
});

test('a selection stays on its host as refreshes reorder the list, or on its place when the host left', t => {
	const first = reduce(start, refreshed(listed('Hannibal', {connectedTo: rows(['a', 5], ['b', 4], ['c', 3])})), {type: 'select', delta: 1, visible: 10});
	t.deepEqual(first.selection.connectedTo, {index: 1, host: 'b'});
	const reordered = dashboardReducer(first, refreshed(listed('Hannibal', {connectedTo: rows(['b', 9], ['a', 5], ['c', 3])})));
	t.deepEqual(reordered.selection.connectedTo, {index: 0, host: 'b'});
	const gone = dashboardReducer(reordered, refreshed(listed('Hannibal', {connectedTo: rows(['c', 3])})));
	t.deepEqual(gone.selection.connectedTo, {index: 0, host: 'c'});
	t.is(selectedIndex(dashboardReducer(start, refreshed(listed('Hannibal', {connectedTo: rows(['a', 1])}))), 'connectedTo'), 0);
	const untouched = reduce(start, refreshed(listed('Hannibal', {connectedTo: rows(['a', 5], ['b', 4])})), refreshed(listed('Hannibal', {connectedTo: rows(['b', 6], ['a', 5])})));
	t.deepEqual(untouched.selection.connectedTo, {index: 0}, 'a selection no key moved stays on the busiest row');
	t.is(selectedIndex({...untouched, selection: {...untouched.selection, connectedTo: {index: 7}}}, 'connectedTo'), 1, 'an index past a list that shrank is its last row');
	t.is(selectedIndex(start, 'top'), -1);
});

test('Enter watches the selected row\'s host and Backspace goes back, with the panes as they were', t => {
	const hannibal = listed('Hannibal', {connectedTo: rows(['Steeve', 2], ['Tiaya', 1]), top: rows(['Hannibal', 3])});
	const selected = reduce(start, refreshed(hannibal), {type: 'select', delta: 1, visible: 10});
	const tiaya = dashboardReducer(selected, {type: 'watchSelected'});
	t.is(tiaya.host, 'Tiaya');
	t.deepEqual(tiaya.trail.map(step => step.host), ['Hannibal']);
	t.deepEqual(tiaya.selection.connectedTo, {index: 0}, 'the new host\'s panes start at their first row');
	t.deepEqual(tiaya.history, []);
	const tiayaReport = listed('Tiaya', {connectedTo: rows(['Pyrtly', 4]), top: rows(['Hannibal', 3])});
	const pyrtly = reduce(tiaya, refreshed(tiayaReport), {type: 'watchSelected'});
	t.is(pyrtly.host, 'Pyrtly');
	t.deepEqual(pyrtly.trail.map(step => step.host), ['Hannibal', 'Tiaya']);
	const backOnce = dashboardReducer(pyrtly, {type: 'back'});
	t.is(backOnce.host, 'Tiaya');
	const backTwice = dashboardReducer(backOnce, {type: 'back'});
	t.is(backTwice.host, 'Hannibal');
	t.deepEqual(backTwice.selection.connectedTo, {index: 1, host: 'Tiaya'}, 'the row Enter was pressed on is selected again');
	t.deepEqual(backTwice.trail, []);
	t.is(dashboardReducer(backTwice, {type: 'back'}), backTwice, 'nothing before the first host');
	const onSelf = reduce(start, refreshed(listed('Hannibal', {connectedTo: rows(['Hannibal', 1])})), {type: 'watchSelected'});
	t.deepEqual(onSelf.trail, [], 'Enter on the host watched changes nothing');
	t.is(reduce(start, {type: 'watchSelected'}), start, 'nothing to watch before a report');
});

test('Enter on the top hosts pane watches that host', t => {
	const shown = reduce(start, refreshed(listed('Hannibal', {top: rows(['Steeve', 9], ['Hanny', 4])})), {type: 'focus', direction: -1}, {type: 'select', delta: 1, visible: 10}, {type: 'watchSelected'});
	t.is(shown.host, 'Hanny');
});

test('the way back survives window, top-by, scale and pause changes, and the prompt adds to it; stepping by activity does not', t => {
	const onTiaya = reduce(start, refreshed(listed('Hannibal', {connectedTo: rows(['Tiaya', 1])}), ['Steeve', 'Tiaya', 'Hanny']), {type: 'watchSelected'});
	const changed = reduce(onTiaya, {type: 'scaleWindow', factor: 2}, {type: 'toggleTopBy'}, {type: 'toggleScale'}, {type: 'togglePause'}, {type: 'scaleWindow', factor: 0.5});
	t.deepEqual(changed.trail.map(step => step.host), ['Hannibal']);
	const stepped = reduce(changed, {type: 'stepHost', direction: 1});
	t.is(stepped.host, 'Hanny');
	t.deepEqual(stepped.trail.map(step => step.host), ['Hannibal'], 'a step replaces the host, it does not lengthen the way');
	const prompted = reduce(stepped, {type: 'openPrompt'}, {type: 'promptType', text: 'Steeve'}, {type: 'promptSubmit'});
	t.deepEqual(prompted.trail.map(step => step.host), ['Hannibal', 'Hanny']);
	t.is(dashboardReducer(prompted, {type: 'back'}).host, 'Hanny');
});

test('the way back keeps the last hosts only', t => {
	let state = start;
	for (let i = 0; i < trailLength + 10; i++) {
		state = dashboardReducer(state, {type: 'setHost', host: `h${i}`});
	}

	t.is(state.trail.length, trailLength);
	t.is(state.trail.at(-1)?.host, `h${trailLength + 8}`);
	t.is(state.trail[0]?.host, 'h9');
});

test('l switches the bars between linear and log scale', t => {
	t.is(start.scale, 'linear');
	t.is(reduce(start, {type: 'toggleScale'}).scale, 'log');
	t.is(reduce(start, {type: 'toggleScale'}, {type: 'toggleScale'}).scale, 'linear');
});

test('prompt: the first match is highlighted as you type; down and up move the highlight, up from the first to the typed text', t => {
	const shown = reduce(start, refreshed(undefined, ['Steeve', 'Hannibal', 'shanny', 'Hanny']));
	const typed = reduce(shown, {type: 'openPrompt'}, {type: 'promptType', text: 'Ha'}, {type: 'promptType', text: 'n'});
	t.deepEqual(typed.prompt, {text: 'Han', completion: 0});
	t.is(promptValue(typed), 'Hannibal', 'Enter takes the highlighted match');
	const second = dashboardReducer(typed, {type: 'promptComplete', direction: 1});
	t.is(promptValue(second), 'Hanny');
	const third = dashboardReducer(second, {type: 'promptComplete', direction: 1});
	t.is(promptValue(third), 'shanny', 'substring matches after the prefix ones');
	t.is(promptValue(dashboardReducer(third, {type: 'promptComplete', direction: 1})), 'Hannibal', 'wraps');
	const asTyped = dashboardReducer(typed, {type: 'promptComplete', direction: -1});
	t.is(asTyped.prompt?.completion, -1);
	t.is(promptValue(asTyped), 'Han', 'up from the first match is the typed text');
	t.is(promptValue(dashboardReducer(asTyped, {type: 'promptComplete', direction: -1})), 'shanny', 'and up again the last match');
	t.is(promptValue(dashboardReducer(asTyped, {type: 'promptComplete', direction: 1})), 'Hannibal');
	const switched = dashboardReducer(second, {type: 'promptSubmit'});
	t.is(switched.host, 'Hanny');
	t.is(switched.prompt, undefined);
	t.is(dashboardReducer(asTyped, {type: 'promptSubmit'}).host, 'Han');
});

test('prompt: Enter takes what was typed when nothing matches; empty Enter and Esc change nothing', t => {
	const opened = reduce(start, refreshed(undefined, ['Hannibal']), {type: 'openPrompt'});
	const ghost = reduce(opened, {type: 'promptType', text: 'ghost'});
	t.is(reduce(ghost, {type: 'promptComplete', direction: 1}), ghost, 'no match to move to');
	t.is(reduce(ghost, {type: 'promptSubmit'}).host, 'ghost');
	const busiest = reduce(start, refreshed(undefined, ['Steeve', 'Hannibal']), {type: 'openPrompt'}, {type: 'promptSubmit'});
	t.is(busiest.host, 'Steeve', 'nothing typed: the busiest host is highlighted');
	const empty = reduce(start, refreshed(undefined, []), {type: 'openPrompt'}, {type: 'promptSubmit'});
	t.is(empty.host, 'Hannibal', 'nothing typed, nothing seen: nothing to watch');
	t.is(empty.prompt, undefined);
	const cancelled = reduce(opened, {type: 'promptType', text: 'x'}, {type: 'closePrompt'});
	t.is(cancelled.host, 'Hannibal');
	t.is(cancelled.prompt, undefined);
});

test('prompt: typing and backspace edit the typed text and highlight the first match again', t => {
	const shown = reduce(start, refreshed(undefined, ['Hannibal', 'Hanny']), {type: 'openPrompt'}, {type: 'promptType', text: 'H'});
	const moved = reduce(shown, {type: 'promptComplete', direction: 1}, {type: 'promptType', text: 'an'});
	t.deepEqual(moved.prompt, {text: 'Han', completion: 0});
	t.deepEqual(reduce(moved, {type: 'promptBackspace'}, {type: 'promptBackspace'}).prompt, {text: 'H', completion: 0});
	t.is(reduce(start, {type: 'promptType', text: 'x'}), start, 'no prompt, no typing');
});

test('help toggles, Esc closes it, and it closes the prompt', t => {
	const help = reduce(start, {type: 'openPrompt'}, {type: 'toggleHelp'});
	t.true(help.help);
	t.is(help.prompt, undefined);
	t.false(reduce(help, {type: 'toggleHelp'}).help);
	t.false(reduce(help, {type: 'closeHelp'}).help);
	t.false(reduce(help, {type: 'openPrompt'}).help);
});
