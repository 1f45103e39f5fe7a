import {Box} from 'ink';
import {useReducer, useState} from 'react';
import type {ClockKind} from '../core/clock.js';
import {computeLayout, type DashboardLayout, type PaneBox} from '../core/dashboard-layout.js';
import {dashboardReducer, type DashboardState, initialDashboardState} from '../core/dashboard-state.js';
import {describeSource, emptyReason, type PaneFits, paneFits, paneLists, paneWants, paneWindow, shownWindow, unseenHostNotice} from '../core/dashboard-view.js';
import {completeHost} from '../core/host-match.js';
import type {LiveOptions} from '../commands/options.js';
import {useConnectionWindow} from '../hooks/use-connection-window.js';
import {useDashboardKeys} from '../hooks/use-dashboard-keys.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {LiveReader} from '../io/live-reader-contract.js';
import {EmptyState} from './empty-state.js';
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
	useConnectionWindow({
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
	const fits = paneFits(layout, state.report);
	useDashboardKeys({state, dispatch, fits});
	return <DashboardView state={state} layout={layout} fits={fits} clock={options.clock} source={describeSource(options)}/>;
}

export type DashboardViewProps = {
	readonly state: DashboardState;
	readonly layout: DashboardLayout;
	readonly fits: PaneFits;
	readonly clock: ClockKind;
	readonly source: string;
};

/** The whole screen for a state and a layout; draws only. Nothing on it changes between refreshes unless a key changes it: the clock shown is the end of the window on screen. */
export function DashboardView({state, layout, fits, clock, source}: DashboardViewProps) {
	const {columns} = layout;
	const notice = unseenHostNotice(state);
	const now = state.report?.to ?? state.lastRefresh?.now;
	const trail = state.trail.map(step => step.host);
	return (
		<Box flexDirection="column" width={columns} height={layout.height} overflow="hidden">
			<Header host={state.host} trail={trail} window={shownWindow(state)} pendingWindow={state.window} every={state.every} paused={state.paused} clock={clock} now={now} source={source} scale={state.scale} width={columns}/>
			{layout.sparkline ? (notice === undefined ? <SparklineLine history={state.history} width={columns}/> : <NoticeLine text={notice} width={columns}/>) : undefined}
			<Box width={columns} height={layout.bodyHeight} flexDirection={layout.direction} overflow="hidden">
				<Body state={state} layout={layout} fits={fits} clock={clock}/>
			</Box>
			<StatusLine status={state.status} lastRefresh={state.lastRefresh} reportAt={state.reportAt} paused={state.paused} width={columns}/>
		</Box>
	);
}

type BodyProps = {
	readonly state: DashboardState;
	readonly layout: DashboardLayout;
	readonly fits: PaneFits;
	readonly clock: ClockKind;
};

function Body({state, layout, fits, clock}: BodyProps) {
	const width = layout.columns;
	const height = layout.bodyHeight;
	if (state.help) {
		return <HelpOverlay width={width} height={height}/>;
	}

	if (state.prompt) {
		const candidates = completeHost(state.hosts, state.prompt.text);
		return <HostPrompt text={state.prompt.text} candidates={candidates} selected={state.prompt.completion} width={width} height={height}/>;
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
				const focused = state.focus === id;
				const {scroll, selected} = paneWindow(state, fits, id);
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
						scroll={scroll}
						selected={focused ? selected : -1}
						scale={state.scale}
						focused={focused}
						bordered={box.bordered}
						markCount={list.markCount}
					/>
				);
			})}
		</>
	);
}

