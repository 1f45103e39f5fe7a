import {type Dispatch, useEffect, useRef} from 'react';
import {type ClockKind, clockNow} from '../core/clock.js';
import type {DashboardAction, DashboardState} from '../core/dashboard-state.js';
import type {Report} from '../core/report.js';
import type {LiveReader, ReaderStatus} from '../io/live-reader-contract.js';

export type ConnectionWindowOptions = {
	readonly reader: LiveReader;
	readonly state: DashboardState;
	readonly dispatch: Dispatch<DashboardAction>;
	readonly clock: ClockKind;
	/** `--now` (ms): the wall clock's time at start-up. */
	readonly nowOption?: number;
	/** `Date.now()` at start-up. */
	readonly startedAt: number;
	/** Rows asked of each list. */
	readonly limit: number;
	/** The wall clock; tests pass their own. */
	readonly wallNow?: () => number;
};

type Cycle = {
	/** Refresh now (or as soon as the running refresh ends); `asked`: show the report even while paused. */
	readonly trigger: (asked: boolean) => void;
};

/**
Owns the refresh cycle: reads what was appended (`reader.update()`), then reports the window ending at the clock's now, at once on start, every `every` ms (a `setTimeout` after each refresh, idle in between), on `r`, and whenever the host, window or top-by changes; a new window is told to the reader (`setWindow`) before the read. Never runs two refreshes at once: requests during one run once, right after it. While paused it goes on reading but keeps the report on screen, and only what a key asks for (r, a host, the window, top-by) shows a new one; resuming shows the current window at once.

Nothing ticks between refreshes: the screen says when the next one is due as a time of day (`RefreshInfo.nextAt`), not as a countdown, so an idle dashboard draws nothing and costs next to no CPU.
*/
export function useConnectionWindow(options: ConnectionWindowOptions): void {
	const {reader, state, dispatch, clock, nowOption, startedAt, limit} = options;
	const wallNow = options.wallNow ?? Date.now;
	const latest = useRef(state);
	const cycle = useRef<Cycle | undefined>(undefined);
	// The reader was opened with the window at start-up.
	const toldWindow = useRef(state.window);
	const asked = useRef({host: state.host, topBy: state.topBy, window: state.window, refreshRequests: state.refreshRequests, paused: state.paused});

	// Set while rendering, not in an effect: a refresh that ends right after a key must see what the key did.
	latest.current = state;

	useEffect(() => {
		let stopped = false;
		let running = false;
		let queued: boolean | undefined;
		let timer: NodeJS.Timeout | undefined;
		let last: Asked | undefined;

		const finish = (startedWall: number) => {
			running = false;
			if (stopped) {
				return;
			}

			if (queued === undefined) {
				const delay = Math.max(0, startedWall + latest.current.every - wallNow());
				timer = setTimeout(() => {
					void run(false);
				}, delay);
				return;
			}

			const next = queued;
			queued = undefined;
			void run(next);
		};

		const run = async (showAnyway: boolean) => {
			if (stopped) {
				return;
			}

			if (running) {
				queued = (queued ?? false) || showAnyway;
				return;
			}

			clearTimeout(timer);
			running = true;
			const startedWall = wallNow();
			const started = performance.now();
			// The window is told before reading, so that the update reads the older lines a wider one needs.
			const {window} = latest.current;
			if (window !== toldWindow.current) {
				toldWindow.current = window;
				reader.setWindow(window);
			}

			try {
				await reader.update();
				if (stopped) {
					return;
				}

				const current = {...latest.current, window};
				const status: ReaderStatus = {...reader.status};
				// The wall clock's now is when the refresh began, as for text and JSON reports: a line stamped while the read went on shows at the next refresh instead of counting late.
				const now = clockNow({kind: clock, nowOption, startedAt, wallNow: startedWall, newestTimestamp: status.newestTimestamp});
				let report: Report | undefined;
				let hosts: readonly string[] | undefined;
				if (now !== undefined && (!current.paused || showAnyway)) {
					const ask: Omit<Asked, 'report' | 'hosts'> = {linesRead: status.linesRead, now, host: current.host, topBy: current.topBy, window};
					// Nothing read and the same window asked about (a finished file under --clock log, say): the answers are those on screen, and asking again would only cost.
					if (last && sameAsk(last, ask)) {
						({report, hosts} = last);
					} else {
						report = askReport(reader, current, now, limit);
						// Ranking a window of a million hosts takes tens of ms each time: a key pressed meanwhile is answered between the two.
						await nextTurn();
						if (stopped) {
							return;
						}

						hosts = reader.hosts();
						last = {...ask, report, hosts};
					}
				}

				hosts ??= reader.hosts();
				dispatch({
					type: 'refreshed',
					info: {at: wallNow(), duration: performance.now() - started, nextAt: startedWall + current.every, now},
					status,
					hosts,
					report,
				});
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				dispatch({
					type: 'refreshed',
					info: {at: wallNow(), duration: performance.now() - started, nextAt: startedWall + latest.current.every},
					status: {...reader.status, state: {kind: 'error', message}},
					hosts: [],
				});
			} finally {
				finish(startedWall);
			}
		};

		cycle.current = {
			trigger(showAnyway) {
				void run(showAnyway);
			},
		};
		void run(true);
		return () => {
			stopped = true;
			clearTimeout(timer);
			cycle.current = undefined;
		};
	}, [reader, clock, nowOption, startedAt, limit, dispatch, wallNow]);

	// Keys change the host, window, top-by or ask for a refresh: report again at once, even while paused.
	const {host, topBy, window, refreshRequests, paused} = state;
	const reportedHost = state.report?.host;
	useEffect(() => {
		const previous = asked.current;
		asked.current = {host, topBy, window, refreshRequests, paused};
		// The first report named the top host: it is on screen already.
		const hostFromReport = previous.host === undefined && host === reportedHost;
		const hostChanged = host !== previous.host && !hostFromReport;
		const resumed = previous.paused && !paused;
		if (hostChanged || topBy !== previous.topBy || window !== previous.window || refreshRequests !== previous.refreshRequests || resumed) {
			cycle.current?.trigger(true);
		}
	}, [host, topBy, window, refreshRequests, paused, reportedHost]);
}

/** What a report was asked for, and its answers. */
type Asked = {
	readonly linesRead: number;
	readonly now: number;
	readonly host?: string;
	readonly topBy: DashboardState['topBy'];
	readonly window: number;
	readonly report: Report;
	readonly hosts: readonly string[];
};

function sameAsk(asked: Asked, ask: Omit<Asked, 'report' | 'hosts'>): boolean {
	return asked.linesRead === ask.linesRead && asked.now === ask.now && asked.host === ask.host && asked.topBy === ask.topBy && asked.window === ask.window;
}

/** The report for the state's host; without one, for the top host of the window (the first leader: the ranking's first row). */
function askReport(reader: LiveReader, state: DashboardState, now: number, limit: number): Report {
	// Leaders are marked by count (the ranking's first row has it): naming every one would cost a second on a window of a million hosts tied.
	const ask = (host: string) => reader.report({host, from: now - state.window, to: now, topBy: state.topBy, limit, topLimit: limit, leaderLimit: 0});
	if (state.host !== undefined) {
		return ask(state.host);
	}

	const first = ask('');
	const top = first.top.ranking[0]?.host;
	return top === undefined ? first : ask(top);
}

/** Let the event loop run what waits (a key) before going on. */
async function nextTurn(): Promise<void> {
	await new Promise<void>(resolve => {
		setImmediate(resolve);
	});
}
