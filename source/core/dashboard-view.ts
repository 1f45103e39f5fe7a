import type {ClockKind} from './clock.js';
import {type DashboardLayout, paneSlice, scrollToShow} from './dashboard-layout.js';
import {type DashboardState, type PaneId, paneRows, selectedIndex} from './dashboard-state.js';
import {displayText} from './display-name.js';
import type {ListTotals, Report, ReportRow} from './report.js';

/*
What the dashboard shows, derived from its state: the panes' titles and totals, how far each can scroll, and why there is nothing to list. Pure, so the components only draw.
*/

/** Why there is nothing to list, with what the words need. */
export type EmptyReason =
	| {readonly kind: 'starting'}
	| {readonly kind: 'waiting'; readonly message: string}
	| {readonly kind: 'error'; readonly message: string}
	/** `--clock log` before a first line: no now yet. */
	| {readonly kind: 'no-lines-yet'}
	/** A report whose window holds no line. */
	| {readonly kind: 'empty-window'; readonly from: number; readonly to: number; readonly newest?: number; readonly clock: ClockKind};

/** How many rows each pane shows at once (its selection moves within them, the pane scrolls past them), and how far PgUp and PgDn move. */
export type PaneFits = Readonly<Record<PaneId, {readonly visible: number; readonly page: number}>>;

export type PaneList = {
	readonly title: string;
	readonly rows: readonly ReportRow[];
	readonly totals: ListTotals;
	readonly summary: string;
	readonly shortSummary: string;
	readonly markCount?: number;
};

export function paneLists(report: Report): Record<PaneId, PaneList> {
	const host = displayText(report.host);
	const {connectedTo, receivedFrom, top} = report.totals;
	const short = (totals: ListTotals) => `${totals.count} · ${plural(totals.hosts, 'host')}`;
	return {
		connectedTo: {
			title: `Connected to ${host}`,
			rows: report.connectedTo,
			totals: connectedTo,
			summary: `${plural(connectedTo.count, 'connection')} from ${plural(connectedTo.hosts, 'host')}`,
			shortSummary: short(connectedTo),
		},
		receivedFrom: {
			title: `Received from ${host}`,
			rows: report.receivedFrom,
			totals: receivedFrom,
			summary: `${plural(receivedFrom.count, 'connection')} to ${plural(receivedFrom.hosts, 'host')}`,
			shortSummary: short(receivedFrom),
		},
		top: {
			title: `Top hosts (${report.top.by === 'source' ? 'as source' : 'involved'})`,
			rows: report.top.ranking,
			totals: top,
			summary: `${plural(top.hosts, 'host')}, leaders marked *`,
			shortSummary: plural(top.hosts, 'host'),
			// The leaders are the rows tied at the first row's count.
			markCount: report.top.ranking[0]?.count,
		},
	};
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Lines each stacked pane would use: its title and its rows (or the "(none)" line), and "+N more". */
export function paneWants(report: Report | undefined): Record<PaneId, number> | undefined {
	if (!report) {
		return undefined;
	}

	const lists = paneLists(report);
	const want = (id: PaneId) => 1 + Math.max(1, lists[id].totals.hosts, lists[id].rows.length);
	return {connectedTo: want('connectedTo'), receivedFrom: want('receivedFrom'), top: want('top')};
}

/** How many rows of the report's lists each pane of the layout shows at once, and a page of each. */
export function paneFits(layout: DashboardLayout, report: Report | undefined): PaneFits {
	const fit = (id: PaneId) => {
		const rows = paneRows(report, id).length;
		const hosts = report?.totals[id].hosts ?? 0;
		const visible = Math.max(1, paneSlice(rows, hosts, layout.panes[id].listRows, 0).count);
		return {visible, page: Math.max(1, visible - 1)};
	};

	return {connectedTo: fit('connectedTo'), receivedFrom: fit('receivedFrom'), top: fit('top')};
}

/** Where a pane's list starts on screen and which row is selected (-1 for none): the stored scroll, moved as little as needed to show the selection. */
export function paneWindow(state: DashboardState, fits: PaneFits, id: PaneId): {readonly scroll: number; readonly selected: number} {
	const selected = selectedIndex(state, id);
	const rows = paneRows(state.report, id).length;
	return {scroll: scrollToShow(state.scroll[id], selected, fits[id].visible, rows), selected};
}

/** The window of the numbers on screen: the report's own, which lags the one asked for while a wider window's older lines are read. */
export function shownWindow(state: DashboardState): number {
	return state.report ? state.report.to - state.report.from : state.window;
}

/** Why the panes' place holds words instead of lists, if it does. */
export function emptyReason(state: DashboardState, clock: ClockKind): EmptyReason | undefined {
	const {report, status} = state;
	const readerState = status?.state;
	if (!report || (report.stats.lines === 0 && report.totals.top.hosts === 0)) {
		if (readerState?.kind === 'error') {
			return {kind: 'error', message: readerState.message};
		}

		if (readerState?.kind === 'waiting' && (status?.linesRead ?? 0) === 0) {
			return {kind: 'waiting', message: readerState.message};
		}
	}

	if (!report) {
		if (clock === 'log' && status && status.newestTimestamp === undefined) {
			return {kind: 'no-lines-yet'};
		}

		return {kind: 'starting'};
	}

	if (report.stats.lines === 0 && report.totals.top.hosts === 0) {
		return {kind: 'empty-window', from: report.from, to: report.to, newest: status?.newestTimestamp, clock};
	}

	return undefined;
}

/** "host X not seen in the window, press / to pick one" when the host has no line in a window that has some. */
export function unseenHostNotice(state: DashboardState): string | undefined {
	const {report} = state;
	if (!report || report.host === '' || report.totals.top.hosts === 0) {
		return undefined;
	}

	if (report.totals.connectedTo.hosts > 0 || report.totals.receivedFrom.hosts > 0) {
		return undefined;
	}

	return `host ${displayText(report.host)} not seen in the window, press / to pick one`;
}

/** The source as the header names it: the files, the directory, and whether it is generated here. */
export function describeSource(options: {readonly files: readonly string[]; readonly dir?: string; readonly generate: boolean; readonly clickhouse?: {readonly url: string; readonly table: string}}): string {
	if (options.clickhouse) {
		let server = options.clickhouse.url;
		try {
			server = new URL(server).host;
		} catch {}

		return `ClickHouse ${displayText(server)} ${options.clickhouse.table}`;
	}

	const parts = options.files.map(file => displayText(file));
	if (options.dir !== undefined) {
		const dir = displayText(options.dir).replace(/\/?$/, '/');
		parts.push(options.generate ? `${dir} (generated)` : dir);
	}

	return parts.length === 0 ? 'no source' : parts.join(', ');
}
