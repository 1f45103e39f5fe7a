import type {ReaderStatus} from '../io/live-reader-contract.js';
import type {Report, TopBy} from './report.js';

/** The three panes, in tab order. */
export type PaneId = 'connectedTo' | 'receivedFrom' | 'top';

export const paneOrder: readonly PaneId[] = ['connectedTo', 'receivedFrom', 'top'];

/** The window's bounds for `+` and `-`: one second to seven days. */
export const minWindow = 1000;
export const maxWindow = 7 * 24 * 3_600_000;

/** How many refreshes the sparkline remembers. */
export const historyLength = 240;

/** The `/` prompt: what was typed, and which completion Tab has picked (-1: none). */
export type PromptState = {
	readonly text: string;
	readonly completion: number;
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
	readonly scroll: Readonly<Record<PaneId, number>>;
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
	/** Move the focused pane by `delta` rows, within 0 to `max` (rows that do not fit). */
	| {readonly type: 'scroll'; readonly delta: number; readonly max: number}
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

/**
Hosts offered by the prompt for what was typed: those starting with it (case-sensitive) first, then those holding it in any case, each group in activity order. At most `max`.
*/
export function completeHost(hosts: readonly string[], text: string, max = 1000): string[] {
	if (text === '') {
		return hosts.slice(0, max);
	}

	const prefixed: string[] = [];
	const holding: string[] = [];
	const lower = text.toLowerCase();
	for (const host of hosts) {
		if (host.startsWith(text)) {
			prefixed.push(host);
			if (prefixed.length >= max) {
				break;
			}
		} else if (holding.length < max && host.toLowerCase().includes(lower)) {
			holding.push(host);
		}
	}

	return [...prefixed, ...holding].slice(0, max);
}

/** What the prompt line shows: the picked completion, or what was typed. */
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
			return switchHost(state, action.host);
		}

		case 'stepHost': {
			return stepHost(state, action.direction);
		}

		case 'scaleWindow': {
			const window = scaleWindow(state.window, action.factor);
			return window === state.window ? state : {...state, window, history: []};
		}

		case 'toggleTopBy': {
			return {...state, topBy: state.topBy === 'source' ? 'involved' : 'source', scroll: {...state.scroll, top: 0}};
		}

		case 'focus': {
			const index = paneOrder.indexOf(state.focus);
			const next = paneOrder[(index + action.direction + paneOrder.length) % paneOrder.length]!;
			return {...state, focus: next};
		}

		case 'scroll': {
			const current = state.scroll[state.focus];
			const max = Math.max(0, action.max);
			const offset = Math.min(max, Math.max(0, Math.min(current, max) + action.delta));
			return offset === current ? state : {...state, scroll: {...state.scroll, [state.focus]: offset}};
		}

		case 'openPrompt': {
			return {...state, prompt: {text: '', completion: -1}, help: false};
		}

		case 'promptType': {
			return state.prompt ? {...state, prompt: {text: promptValue(state) + action.text, completion: -1}} : state;
		}

		case 'promptBackspace': {
			return state.prompt ? {...state, prompt: {text: [...promptValue(state)].slice(0, -1).join(''), completion: -1}} : state;
		}

		case 'promptComplete': {
			if (!state.prompt) {
				return state;
			}

			const count = completeHost(state.hosts, state.prompt.text).length;
			if (count === 0) {
				return state;
			}

			const from = state.prompt.completion < 0 ? (action.direction === 1 ? -1 : count) : state.prompt.completion;
			const completion = (from + action.direction + count) % count;
			return {...state, prompt: {...state.prompt, completion}};
		}

		case 'promptSubmit': {
			if (!state.prompt) {
				return state;
			}

			const host = promptValue(state);
			const closed = {...state, prompt: undefined};
			return host === '' ? closed : switchHost(closed, host);
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

function switchHost(state: DashboardState, host: string): DashboardState {
	if (host === state.host) {
		return state;
	}

	return {...state, host, history: [], scroll: {...state.scroll, connectedTo: 0, receivedFrom: 0}};
}

function stepHost(state: DashboardState, direction: 1 | -1): DashboardState {
	const {hosts} = state;
	if (hosts.length === 0) {
		return state;
	}

	const index = state.host === undefined ? -1 : hosts.indexOf(state.host);
	const next = index < 0 ? (direction === 1 ? hosts[0]! : hosts.at(-1)!) : hosts[(index + direction + hosts.length) % hosts.length]!;
	return switchHost(state, next);
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
	return {...next, host, report, reportAt: action.info.at, history: host === undefined ? [] : history};
}
