import test from 'ava';
import {
	completeHost,
	type DashboardAction,
	dashboardReducer,
	type DashboardState,
	historyLength,
	initialDashboardState,
	maxWindow,
	minWindow,
	promptValue,
	scaleWindow,
} from '../source/core/dashboard-state.js';
import type {Report} from '../source/core/report.js';

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

test('switching host clears the history and the host panes\' scroll', t => {
	const scrolled = {...reduce(start, refreshed(report('Hannibal'))), scroll: {connectedTo: 4, receivedFrom: 2, top: 7}};
	const state = dashboardReducer(scrolled, {type: 'setHost', host: 'Hanny'});
	t.is(state.host, 'Hanny');
	t.deepEqual(state.history, []);
	t.deepEqual(state.scroll, {connectedTo: 0, receivedFrom: 0, top: 7});
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

test('top-by toggles and scrolls the top pane back', t => {
	const state = reduce({...start, scroll: {connectedTo: 1, receivedFrom: 1, top: 5}}, {type: 'toggleTopBy'});
	t.is(state.topBy, 'involved');
	t.is(state.scroll.top, 0);
	t.is(dashboardReducer(state, {type: 'toggleTopBy'}).topBy, 'source');
});

test('focus cycles through the panes both ways', t => {
	t.is(reduce(start, {type: 'focus', direction: 1}).focus, 'receivedFrom');
	t.is(reduce(start, {type: 'focus', direction: 1}, {type: 'focus', direction: 1}, {type: 'focus', direction: 1}).focus, 'connectedTo');
	t.is(reduce(start, {type: 'focus', direction: -1}).focus, 'top');
});

test('scrolling moves the focused pane within its bounds', t => {
	const down = reduce(start, {type: 'scroll', delta: 1, max: 2}, {type: 'scroll', delta: 1, max: 2}, {type: 'scroll', delta: 1, max: 2});
	t.deepEqual(down.scroll, {connectedTo: 2, receivedFrom: 0, top: 0});
	t.is(reduce(down, {type: 'scroll', delta: -1, max: 2}).scroll.connectedTo, 1);
	t.is(reduce(down, {type: 'scroll', delta: -Number.MAX_SAFE_INTEGER, max: 2}).scroll.connectedTo, 0);
	t.is(reduce(down, {type: 'scroll', delta: -1, max: 0}).scroll.connectedTo, 0, 'a list that shrank scrolls back into range');
	const top = reduce(start, {type: 'focus', direction: -1}, {type: 'scroll', delta: 9, max: 4});
	t.deepEqual(top.scroll, {connectedTo: 0, receivedFrom: 0, top: 4});
});

test('completion: prefix matches first, then any-case substrings, in activity order', t => {
	const hosts = ['Steeve', 'Hannibal', 'shanny', 'Hanny', 'Mustafa'];
	t.deepEqual(completeHost(hosts, 'Han'), ['Hannibal', 'Hanny', 'shanny']);
	t.deepEqual(completeHost(hosts, ''), hosts);
	t.deepEqual(completeHost(hosts, 'zzz'), []);
	t.deepEqual(completeHost(hosts, 'a', 2), ['Hannibal', 'shanny']);
});

test('prompt: type, Tab cycles completions, Enter switches', t => {
	const shown = reduce(start, refreshed(undefined, ['Steeve', 'Hannibal', 'Hanny']));
	const typed = reduce(shown, {type: 'openPrompt'}, {type: 'promptType', text: 'Ha'}, {type: 'promptType', text: 'n'});
	t.deepEqual(typed.prompt, {text: 'Han', completion: -1});
	const first = dashboardReducer(typed, {type: 'promptComplete', direction: 1});
	t.is(promptValue(first), 'Hannibal');
	const second = dashboardReducer(first, {type: 'promptComplete', direction: 1});
	t.is(promptValue(second), 'Hanny');
	t.is(promptValue(dashboardReducer(second, {type: 'promptComplete', direction: 1})), 'Hannibal', 'wraps');
	t.is(promptValue(dashboardReducer(typed, {type: 'promptComplete', direction: -1})), 'Hanny', 'backwards from none is the last');
	const switched = dashboardReducer(second, {type: 'promptSubmit'});
	t.is(switched.host, 'Hanny');
	t.is(switched.prompt, undefined);
});

test('prompt: Enter takes what was typed, even a host not seen; empty Enter and Esc change nothing', t => {
	const opened = reduce(start, {type: 'openPrompt'});
	t.is(reduce(opened, {type: 'promptType', text: 'ghost'}, {type: 'promptSubmit'}).host, 'ghost');
	const empty = reduce(opened, {type: 'promptSubmit'});
	t.is(empty.host, 'Hannibal');
	t.is(empty.prompt, undefined);
	const cancelled = reduce(opened, {type: 'promptType', text: 'x'}, {type: 'closePrompt'});
	t.is(cancelled.host, 'Hannibal');
	t.is(cancelled.prompt, undefined);
});

test('prompt: typing after a completion goes on from it; backspace removes one character', t => {
	const shown = reduce(start, refreshed(undefined, ['Hannibal']), {type: 'openPrompt'}, {type: 'promptType', text: 'H'});
	const completed = reduce(shown, {type: 'promptComplete', direction: 1}, {type: 'promptType', text: '2'});
	t.deepEqual(completed.prompt, {text: 'Hannibal2', completion: -1});
	t.deepEqual(reduce(completed, {type: 'promptBackspace'}, {type: 'promptBackspace'}).prompt, {text: 'Hanniba', completion: -1});
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
