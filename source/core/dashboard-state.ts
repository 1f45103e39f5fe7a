import type {ReaderStatus} from '../io/live-reader-contract.js';
import {scrollToShow} from './dashboard-layout.js';
import {completeHost} from './host-match.js';
import type {BarScale} from './magnitude.js';
import type {Report, ReportRow, TopBy} from './report.js';

/** The three panes, in tab order. */
export type PaneId = 'connectedTo' | 'receivedFrom' | 'top';

export const paneOrder: readonly PaneId[] = ['connectedTo', 'receivedFrom', 'top'];

/** The window's bounds for `+` and `-`: one second to seven days. */
export const minWindow = 1000;
export const maxWindow = 7 * 24 * 3_600_000;

/** How many refreshes the sparkline remembers. */
export const historyLength = 240;

/** How many hosts the way back (Backspace) remembers. */
export const trailLength = 100;

/** The `/` prompt: what was typed, and which match is highlighted (-1: the typed text itself). */
export type PromptState = {
	readonly text: string;
	readonly completion: number;
};

/**
A pane's selected row: its index in the pane's list, and the host of that row when a key chose it, so that the selection stays on that host as refreshes reorder the list. Without a host (not moved yet) it stays at its index: the busiest row.
*/
export type RowSelection = {
	readonly index: number;
	readonly host?: string;
};

/** A host watched before, with where the panes were, for Backspace to go back to. */
export type TrailStep = {
	readonly host: string;
	readonly focus: PaneId;
	readonly selection: Readonly<Record<PaneId, RowSelection>>;
	readonly scroll: Readonly<Record<PaneId, number>>;
};

/** What the last refresh found, for the status line. */
export type RefreshInfo = {
	/** Wall-clock time the refresh ended (ms). */
	readonly at: number;
	/** How long reading and counting took (ms). */
	readonly duration: number;
	/** Wall-clock time the next timed refresh is due (ms). */
	readonly nextAt?: number;
	/** Now by the dashboard's clock (`--clock`), when it has one. */
	readonly now?: number;
};

/**
Everything the dashboard shows and the keys change. Components only read it; `dashboardReducer` is the one way to change it.
*/
export type DashboardState = {
	/** Undefined until the first report names the top host (no `--host`). */
	readonly host?: string;
	readonly window: number;
	readonly every: number;
	readonly paused: boolean;
	readonly topBy: TopBy;
	readonly focus: PaneId;
	/** First row each pane shows; the view moves it further when needed to keep the selected row in sight. */
	readonly scroll: Readonly<Record<PaneId, number>>;
	readonly selection: Readonly<Record<PaneId, RowSelection>>;
	/** Hosts watched before the current one, oldest first: the header's breadcrumb, and where Backspace goes. */
	readonly trail: readonly TrailStep[];
	/** How the rows' bars are scaled (`l`). */
	readonly scale: BarScale;
	/** Open when defined. */
	readonly prompt?: PromptState;
	readonly help: boolean;
	/** The report on screen. */
	readonly report?: Report;
	/** Connections of the host (connected to it plus received from it) at each refresh, oldest first. */
	readonly history: readonly number[];
	/** Hosts of the last reported window by activity, busiest first. */
	readonly hosts: readonly string[];
	readonly status?: ReaderStatus;
	/** The last read (while paused, reads go on without a new report). */
	readonly lastRefresh?: RefreshInfo;
	/** Wall-clock time the report on screen was made. */
	readonly reportAt?: number;
	/** Bumped by `r`: the refresh hook refreshes when it changes. */
	readonly refreshRequests: number;
};

export type DashboardAction =
	| {
		readonly type: 'refreshed';
		readonly info: RefreshInfo;
		readonly status: ReaderStatus;
		readonly hosts: readonly string[];
		/** Absent when paused or when the clock has no now yet. */
		readonly report?: Report;
	}
	| {readonly type: 'togglePause'}
	| {readonly type: 'refresh'}
	| {readonly type: 'setHost'; readonly host: string}
	| {readonly type: 'stepHost'; readonly direction: 1 | -1}
	| {readonly type: 'scaleWindow'; readonly factor: 2 | 0.5}
	| {readonly type: 'toggleTopBy'}
	| {readonly type: 'focus'; readonly direction: 1 | -1}
	/** Move the focused pane's selection by `delta` rows, scrolling so that it stays among the `visible` rows the pane shows. */
	| {readonly type: 'select'; readonly delta: number; readonly visible: number}
	/** Enter: watch the host of the focused pane's selected row. */
	| {readonly type: 'watchSelected'}
	/** Backspace: back to the host watched before. */
	| {readonly type: 'back'}
	| {readonly type: 'toggleScale'}
	| {readonly type: 'openPrompt'}
	| {readonly type: 'promptType'; readonly text: string}
	| {readonly type: 'promptBackspace'}
	| {readonly type: 'promptComplete'; readonly direction: 1 | -1}
	| {readonly type: 'promptSubmit'}
	| {readonly type: 'closePrompt'}
	| {readonly type: 'toggleHelp'}
	| {readonly type: 'closeHelp'};

export type InitialStateOptions = {
	readonly host?: string;
	readonly window: number;
	readonly every: number;
	readonly topBy: TopBy;
};

export function initialDashboardState(options: InitialStateOptions): DashboardState {
	return {
		host: options.host,
		window: options.window,
		every: options.every,
		paused: false,
		topBy: options.topBy,
		focus: 'connectedTo',
		scroll: {connectedTo: 0, receivedFrom: 0, top: 0},
		selection: {connectedTo: {index: 0}, receivedFrom: {index: 0}, top: {index: 0}},
		trail: [],
		scale: 'linear',
		prompt: undefined,
		help: false,
		report: undefined,
		history: [],
		hosts: [],
		status: undefined,
		lastRefresh: undefined,
		reportAt: undefined,
		refreshRequests: 0,
	};
}

/** What Enter in the prompt watches: the highlighted match, or what was typed when nothing matches (or the typed text is highlighted). */
export function promptValue(state: DashboardState): string {
	const {prompt} = state;
	if (!prompt) {
		return '';
	}

	if (prompt.completion < 0) {
		return prompt.text;
	}

	return completeHost(state.hosts, prompt.text)[prompt.completion] ?? prompt.text;
}

/** The rows a pane lists, from a report. */
export function paneRows(report: Report | undefined, pane: PaneId): readonly ReportRow[] {
	if (!report) {
		return [];
	}

	return pane === 'top' ? report.top.ranking : report[pane];
}

/** The index of a pane's selected row in its list now (the list may have shrunk since), or -1 for an empty list. */
export function selectedIndex(state: DashboardState, pane: PaneId): number {
	const rows = paneRows(state.report, pane).length;
	return rows === 0 ? -1 : Math.min(state.selection[pane].index, rows - 1);
}

/** The pure state machine of the dashboard. */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
	switch (action.type) {
		case 'refreshed': {
			return refreshed(state, action);
		}

		case 'togglePause': {
			return {...state, paused: !state.paused};
		}

		case 'refresh': {
			return {...state, refreshRequests: state.refreshRequests + 1};
		}

		case 'setHost': {
			return switchHost(state, action.host, true);
		}

		case 'stepHost': {
			return stepHost(state, action.direction);
		}

		case 'scaleWindow': {
			const window = scaleWindow(state.window, action.factor);
			return window === state.window ? state : {...state, window, history: []};
		}

		case 'toggleTopBy': {
			return {
				...state,
				topBy: state.topBy === 'source' ? 'involved' : 'source',
				scroll: {...state.scroll, top: 0},
				selection: {...state.selection, top: {index: 0}},
			};
		}

		case 'toggleScale': {
			return {...state, scale: state.scale === 'linear' ? 'log' : 'linear'};
		}

		case 'focus': {
			const index = paneOrder.indexOf(state.focus);
			const next = paneOrder[(index + action.direction + paneOrder.length) % paneOrder.length]!;
			return {...state, focus: next};
		}

		case 'select': {
			return select(state, action.delta, action.visible);
		}

		case 'watchSelected': {
			const index = selectedIndex(state, state.focus);
			const row = paneRows(state.report, state.focus)[index];
			return row ? switchHost(state, row.host, true) : state;
		}

		case 'back': {
			return back(state);
		}

		case 'openPrompt': {
			return {...state, prompt: {text: '', completion: 0}, help: false};
		}

		case 'promptType': {
			return state.prompt ? {...state, prompt: {text: state.prompt.text + action.text, completion: 0}} : state;
		}

		case 'promptBackspace': {
			return state.prompt ? {...state, prompt: {text: [...state.prompt.text].slice(0, -1).join(''), completion: 0}} : state;
		}

		case 'promptComplete': {
			if (!state.prompt) {
				return state;
			}

			const completion = nextCompletion(state.prompt.completion, completeHost(state.hosts, state.prompt.text).length, action.direction);
			return completion === state.prompt.completion ? state : {...state, prompt: {...state.prompt, completion}};
		}

		case 'promptSubmit': {
			if (!state.prompt) {
				return state;
			}

			const host = promptValue(state);
			const closed = {...state, prompt: undefined};
			return host === '' ? closed : switchHost(closed, host, true);
		}

		case 'closePrompt': {
			return {...state, prompt: undefined};
		}

		case 'toggleHelp': {
			return {...state, help: !state.help, prompt: undefined};
		}

		case 'closeHelp': {
			return {...state, help: false};
		}
	}
}

/** Double or halve a window within `minWindow` and `maxWindow`; one given outside them is never pushed further out. */
export function scaleWindow(window: number, factor: 2 | 0.5): number {
	if (factor === 2) {
		return Math.max(window, Math.min(maxWindow, window * 2));
	}

	return Math.min(window, Math.max(minWindow, Math.floor(window / 2)));
}

/*
Watch another host: its own panes start at their first row. `remember`: the host left goes on the trail, for Backspace (Enter and the prompt); stepping by activity does not lengthen the way back, it only moves its last step.
*/
function switchHost(state: DashboardState, host: string, remember: boolean): DashboardState {
	if (host === state.host) {
		return state;
	}

	const left: TrailStep | undefined = remember && state.host !== undefined
		? {host: state.host, focus: state.focus, selection: state.selection, scroll: state.scroll}
		: undefined;
	return {
		...state,
		host,
		history: [],
		scroll: {...state.scroll, connectedTo: 0, receivedFrom: 0},
		selection: {...state.selection, connectedTo: {index: 0}, receivedFrom: {index: 0}},
		trail: left ? [...state.trail, left].slice(-trailLength) : state.trail,
	};
}

/* Back to the last step of the trail, with its panes as they were: the selection finds its host again in the next report. */
function back(state: DashboardState): DashboardState {
	const step = state.trail.at(-1);
	if (!step) {
		return state;
	}

	return {...state, host: step.host, focus: step.focus, selection: step.selection, scroll: step.scroll, history: [], trail: state.trail.slice(0, -1)};
}

function select(state: DashboardState, delta: number, visible: number): DashboardState {
	const {focus} = state;
	const rows = paneRows(state.report, focus);
	if (rows.length === 0) {
		return state;
	}

	const shown = Math.max(1, visible);
	const from = selectedIndex(state, focus);
	// Where the view shows the list now: the stored scroll, moved to keep the selection in sight.
	const top = scrollToShow(state.scroll[focus], from, shown, rows.length);
	const index = Math.min(rows.length - 1, Math.max(0, from + delta));
	const scroll = scrollToShow(top, index, shown, rows.length);
	if (index === state.selection[focus].index && scroll === state.scroll[focus] && state.selection[focus].host === rows[index]!.host) {
		return state;
	}

	return {
		...state,
		selection: {...state.selection, [focus]: {index, host: rows[index]!.host}},
		scroll: {...state.scroll, [focus]: scroll},
	};
}

/* Down from the typed text goes to the first match; up from the first match goes back to the typed text; past either end it wraps. */
function nextCompletion(current: number, count: number, direction: 1 | -1): number {
	if (count === 0) {
		return current;
	}

	if (direction === 1) {
		return current < 0 ? 0 : (current + 1) % count;
	}

	if (current < 0) {
		return count - 1;
	}

	return current === 0 ? -1 : Math.min(current, count) - 1;
}

function stepHost(state: DashboardState, direction: 1 | -1): DashboardState {
	const {hosts} = state;
	if (hosts.length === 0) {
		return state;
	}

	const index = state.host === undefined ? -1 : hosts.indexOf(state.host);
	const next = index < 0 ? (direction === 1 ? hosts[0]! : hosts.at(-1)!) : hosts[(index + direction + hosts.length) % hosts.length]!;
	return switchHost(state, next, false);
}

function refreshed(state: DashboardState, action: Extract<DashboardAction, {type: 'refreshed'}>): DashboardState {
	const next: DashboardState = {...state, status: action.status, hosts: action.hosts, lastRefresh: action.info};
	const {report} = action;
	if (!report) {
		return next;
	}

	// A report asked for before a key changed the host, window or top-by is stale: the hook asks again at once.
	if ((state.host !== undefined && report.host !== state.host) || report.top.by !== state.topBy || report.to - report.from !== state.window) {
		return next;
	}

	// Without --host the first report names the top host; '' (no lines yet) names none.
	const host = state.host ?? (report.host === '' ? undefined : report.host);
	const connections = report.totals.connectedTo.count + report.totals.receivedFrom.count;
	const history = [...state.history, connections].slice(-historyLength);
	const selection = {
		connectedTo: follow(state.selection.connectedTo, paneRows(report, 'connectedTo')),
		receivedFrom: follow(state.selection.receivedFrom, paneRows(report, 'receivedFrom')),
		top: follow(state.selection.top, paneRows(report, 'top')),
	};
	return {...next, host, report, reportAt: action.info.at, history: host === undefined ? [] : history, selection};
}

/* A selection a key made stays on its host when a refresh reorders the list; when the host left the list, on the row now at its place. */
function follow(selection: RowSelection, rows: readonly ReportRow[]): RowSelection {
	if (selection.host === undefined) {
		return selection;
	}

	if (rows[selection.index]?.host === selection.host) {
		return selection;
	}

	const found = rows.findIndex(row => row.host === selection.host);
	if (found >= 0) {
		return {index: found, host: selection.host};
	}

	const index = Math.min(selection.index, Math.max(0, rows.length - 1));
	return {index, host: rows[index]?.host};
}
