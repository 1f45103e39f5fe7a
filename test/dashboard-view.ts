import test from 'ava';
import {computeLayout} from '../source/core/dashboard-layout.js';
import {initialDashboardState, type DashboardState} from '../source/core/dashboard-state.js';
import {describeSource, emptyReason, paneFits, paneLists, paneWindow, unseenHostNotice} from '../source/core/dashboard-view.js';
import type {Report, ReportRow} from '../source/core/report.js';

const row = (host: string, count: number): ReportRow => ({host, count, label: host});

/** Hannibal's window by hand: Steeve -> Hannibal twice, Hanny -> Hannibal, Hannibal -> Steeve. */
const report: Report = {
	host: 'Hannibal',
	from: 0,
	to: 10_000,
	connectedTo: [row('Steeve', 2), row('Hanny', 1)],
	receivedFrom: [row('Steeve', 1)],
	top: {by: 'source', leaders: [row('Steeve', 2)], ranking: [row('Steeve', 2), row('Hannibal', 1), row('Hanny', 1)]},
	stats: {lines: 4, malformed: 0},
	totals: {connectedTo: {hosts: 2, count: 3}, receivedFrom: {hosts: 1, count: 1}, top: {hosts: 3, count: 4}},
};

const state = (changes: Partial<DashboardState>): DashboardState => ({
	...initialDashboardState({host: 'Hannibal', window: 10_000, every: 10_000, topBy: 'source'}),
	...changes,
});

test('pane titles and totals say what each list counts, in words', t => {
	const lists = paneLists(report);
	t.is(lists.connectedTo.title, 'Connected to Hannibal');
	t.is(lists.connectedTo.summary, '3 connections from 2 hosts');
	t.is(lists.receivedFrom.summary, '1 connection to 1 host');
	t.is(lists.top.title, 'Top hosts (as source)');
	t.is(lists.top.markCount, 2);
});

test('a host name with control bytes is escaped in the pane titles', t => {
	t.is(paneLists({...report, host: 'a\u001B[2Jb'}).connectedTo.title, String.raw`Connected to a\x1b[2Jb`);
});

test('a pane shows the rows that fit, one line kept for "+N more" when not all do', t => {
	const many = Array.from({length: 50}, (_, i) => row(`h${i}`, 50 - i));
	const big: Report = {...report, connectedTo: many, totals: {...report.totals, connectedTo: {hosts: 50, count: 1275}}};
	// 20 rows: 19 drawn, a header and a sparkline line, a status line: 16 body lines; a bordered pane has 4 of them for its border, title and totals.
	const layout = computeLayout(120, 20, 'connectedTo');
	t.is(layout.panes.connectedTo.listRows, 12);
	const fits = paneFits(layout, big);
	t.deepEqual(fits.connectedTo, {visible: 11, page: 10});
	t.deepEqual(fits.receivedFrom, {visible: 1, page: 1}, 'all of a short list fits');
	t.deepEqual(paneFits(layout, undefined).top, {visible: 1, page: 1});
});

test('the pane scrolls as little as it must to show the selected row', t => {
	const many = Array.from({length: 50}, (_, i) => row(`h${i}`, 50 - i));
	const big: Report = {...report, connectedTo: many, totals: {...report.totals, connectedTo: {hosts: 50, count: 1275}}};
	const fits = paneFits(computeLayout(120, 20, 'connectedTo'), big);
	const at = (index: number, scroll: number) => paneWindow(state({report: big, selection: {connectedTo: {index}, receivedFrom: {index: 0}, top: {index: 0}}, scroll: {connectedTo: scroll, receivedFrom: 0, top: 0}}), fits, 'connectedTo');
	t.deepEqual(at(0, 0), {scroll: 0, selected: 0});
	t.deepEqual(at(10, 0), {scroll: 0, selected: 10}, 'the last row shown');
	t.deepEqual(at(11, 0), {scroll: 1, selected: 11});
	t.deepEqual(at(20, 15), {scroll: 15, selected: 20}, 'already in sight');
	t.deepEqual(at(5, 15), {scroll: 5, selected: 5});
	t.deepEqual(at(49, 0), {scroll: 39, selected: 49});
	t.deepEqual(at(80, 0), {scroll: 39, selected: 49}, 'past a list that shrank: its last row');
	t.deepEqual(paneWindow(state({}), fits, 'top'), {scroll: 0, selected: -1});
});

test('nothing to list: a read error and a missing file come first, in words', t => {
	const status = (kind: 'waiting' | 'error') => ({linesRead: 0, malformed: 0, state: {kind, message: 'm'} as const});
	t.deepEqual(emptyReason(state({status: status('error')}), 'wall'), {kind: 'error', message: 'm'});
	t.deepEqual(emptyReason(state({status: status('waiting')}), 'wall'), {kind: 'waiting', message: 'm'});
	t.deepEqual(emptyReason(state({status: {linesRead: 0, malformed: 0, state: {kind: 'reading'}}}), 'log'), {kind: 'no-lines-yet'});
	t.deepEqual(emptyReason(state({}), 'wall'), {kind: 'starting'});
});

test('an empty window says so, with the newest time seen', t => {
	const empty: Report = {...report, connectedTo: [], receivedFrom: [], top: {by: 'source', leaders: [], ranking: []}, stats: {lines: 0, malformed: 0}, totals: {connectedTo: {hosts: 0, count: 0}, receivedFrom: {hosts: 0, count: 0}, top: {hosts: 0, count: 0}}};
	const reason = emptyReason(state({report: empty, status: {linesRead: 9, malformed: 0, newestTimestamp: 5, state: {kind: 'reading'}}}), 'wall');
	t.deepEqual(reason, {kind: 'empty-window', from: 0, to: 10_000, newest: 5, clock: 'wall'});
	t.is(emptyReason(state({report}), 'wall'), undefined);
});

test('a host absent from a busy window gets a notice; a present one does not', t => {
	const absent: Report = {...report, host: 'Nobody', connectedTo: [], receivedFrom: [], totals: {...report.totals, connectedTo: {hosts: 0, count: 0}, receivedFrom: {hosts: 0, count: 0}}};
	t.is(unseenHostNotice(state({report: absent})), 'host Nobody not seen in the window, press / to pick one');
	t.is(unseenHostNotice(state({report})), undefined);
});

test('the source is named as given, a generated directory marked', t => {
	t.is(describeSource({files: ['a.log', 'b.log'], generate: false}), 'a.log, b.log');
	t.is(describeSource({files: [], dir: './logs', generate: true}), './logs/ (generated)');
	t.is(describeSource({files: [], dir: 'logs/', generate: false}), 'logs/');
});
