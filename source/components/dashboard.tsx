import {Box} from 'ink';
import {useReducer, useState} from 'react';
import {type ClockKind, clockNow} from '../core/clock.js';
import {computeLayout, type DashboardLayout, type PaneBox, paneSlice} from '../core/dashboard-layout.js';
import {completeHost, dashboardReducer, type DashboardState, initialDashboardState, type PaneId, promptValue} from '../core/dashboard-state.js';
import {displayText} from '../core/display-name.js';
import type {ListTotals, Report, ReportRow} from '../core/report.js';
import type {LiveOptions} from '../commands/options.js';
import {useConnectionWindow} from '../hooks/use-connection-window.js';
import {type ScrollLimits, useDashboardKeys} from '../hooks/use-dashboard-keys.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {LiveReader} from '../io/live-reader-contract.js';
import {type EmptyReason, EmptyState} from './empty-state.js';
import {Header} from './header.js';
import {HelpOverlay} from './help-overlay.js';
import {HostPane} from './host-pane.js';
import {HostPrompt} from './host-prompt.js';
import {NoticeLine, SparklineLine} from './sparkline-pane.js';
import {StatusLine} from './status-line.js';

/** Rows asked of each list when `--limit` is not given: what scrolling can reach; the rest is counted in "+N more". */
export const defaultRowLimit = 1000;

export type DashboardProps = {
	readonly options: LiveOptions;
	readonly reader: LiveReader;
	/** The wall clock; tests pass their own (it must not change between renders). */
	readonly wallNow?: () => number;
};

/**
The live dashboard: state in a reducer, the refresh cycle, the keys and the terminal size in hooks, drawing in `DashboardView`.
*/
export function Dashboard({options, reader, wallNow}: DashboardProps) {
	const [state, dispatch] = useReducer(dashboardReducer, options, initialDashboardState);
	const [startedAt] = useState(() => (wallNow ?? Date.now)());
	const size = useTerminalSize();
	const wall = useConnectionWindow({
		reader,
		state,
		dispatch,
		clock: options.clock,
		nowOption: options.now,
		startedAt,
		limit: options.limit ?? defaultRowLimit,
		wallNow,
	});
	const layout = computeLayout(size.columns, size.rows, state.focus, paneWants(state.report));
	useDashboardKeys({state, dispatch, scroll: scrollLimits(layout, state.report)});
	const now = clockNow({kind: options.clock, nowOption: options.now, startedAt, wallNow: wall, newestTimestamp: state.status?.newestTimestamp});
	return <DashboardView state={state} layout={layout} wallNow={wall} now={now} clock={options.clock} source={describeSource(options)}/>;
}

export type DashboardViewProps = {
	readonly state: DashboardState;
	readonly layout: DashboardLayout;
	readonly wallNow: number;
	/** Now by the dashboard's clock. */
	readonly now?: number;
	readonly clock: ClockKind;
	readonly source: string;
};

/** The whole screen for a state and a layout; draws only. */
export function DashboardView({state, layout, wallNow, now, clock, source}: DashboardViewProps) {
	const {columns} = layout;
	const notice = unseenHostNotice(state);
	return (
		<Box flexDirection="column" width={columns} height={layout.height} overflow="hidden">
			<Header host={state.host} window={state.window} every={state.every} paused={state.paused} clock={clock} now={now} source={source} width={columns}/>
			{layout.sparkline ? (notice === undefined ? <SparklineLine history={state.history} width={columns}/> : <NoticeLine text={notice} width={columns}/>) : undefined}
			<Box width={columns} height={layout.bodyHeight} flexDirection={layout.direction} overflow="hidden">
				<Body state={state} layout={layout} clock={clock}/>
			</Box>
			<StatusLine status={state.status} lastRefresh={state.lastRefresh} reportAt={state.reportAt} wallNow={wallNow} paused={state.paused} width={columns}/>
		</Box>
	);
}

function Body({state, layout, clock}: {readonly state: DashboardState; readonly layout: DashboardLayout; readonly clock: ClockKind}) {
	const width = layout.columns;
	const height = layout.bodyHeight;
	if (state.help) {
		return <HelpOverlay width={width} height={height}/>;
	}

	if (state.prompt) {
		const candidates = completeHost(state.hosts, state.prompt.text);
		return <HostPrompt value={promptValue(state)} candidates={candidates} selected={state.prompt.completion} width={width} height={height}/>;
	}

	const reason = emptyReason(state, clock);
	if (reason) {
		return <EmptyState reason={reason} width={width} height={height}/>;
	}

	const report = state.report!;
	const panes = paneLists(report);
	return (
		<>
			{(['connectedTo', 'receivedFrom', 'top'] as const).map(id => {
				const box: PaneBox = layout.panes[id];
				const list = panes[id];
				return (
					<HostPane
						key={id}
						title={list.title}
						rows={list.rows}
						totals={list.totals}
						summary={list.summary}
						shortSummary={list.shortSummary}
						width={box.width}
						height={box.height}
						scroll={state.scroll[id]}
						focused={state.focus === id}
						bordered={box.bordered}
						markCount={list.markCount}
					/>
				);
			})}
		</>
	);
}

type PaneList = {
	readonly title: string;
	readonly rows: readonly ReportRow[];
	readonly totals: ListTotals;
	readonly summary: string;
	readonly shortSummary: string;
	readonly markCount?: number;
};

function paneLists(report: Report): Record<PaneId, PaneList> {
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
			markCount: report.top.leaders[0]?.count,
		},
	};
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/* Lines each stacked pane would use: its title and its rows (or the "(none)" line), and "+N more". */
function paneWants(report: Report | undefined): Record<PaneId, number> | undefined {
	if (!report) {
		return undefined;
	}

	const lists = paneLists(report);
	const want = (id: PaneId) => 1 + Math.max(1, lists[id].totals.hosts, lists[id].rows.length);
	return {connectedTo: want('connectedTo'), receivedFrom: want('receivedFrom'), top: want('top')};
}

/** How far each pane of the layout can scroll the report's lists, and a page of each. */
export function scrollLimits(layout: DashboardLayout, report: Report | undefined): ScrollLimits {
	const limits = (id: PaneId) => {
		const box = layout.panes[id];
		if (!report) {
			return {max: 0, page: Math.max(1, box.listRows - 1)};
		}

		const {rows, totals} = paneLists(report)[id];
		return {max: paneSlice(rows.length, totals.hosts, box.listRows, 0).maxScroll, page: Math.max(1, box.listRows - 1)};
	};

	return {connectedTo: limits('connectedTo'), receivedFrom: limits('receivedFrom'), top: limits('top')};
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

function describeSource(options: LiveOptions): string {
	const parts = options.files.map(file => displayText(file));
	if (options.dir !== undefined) {
		const dir = displayText(options.dir).replace(/\/?$/, '/');
		parts.push(options.generate ? `${dir} (generated)` : dir);
	}

	return parts.length === 0 ? 'no source' : parts.join(', ');
}
