import type {Report, ReportOptions} from '../../core/report.js';
import type {LiveReader, ReaderState, ReaderStatus} from '../live-reader-contract.js';
import {openConnection, ServerError, type Connection} from './connection.js';
import {countWindow, requestStatements, type WindowCounts, type WindowRequest} from './server-counts.js';
import {buildServerReport, noPeers, peersCover, row, topCovers} from './server-report.js';
import {newestQuery, parsePeers, parseTop, type PeersResult, type TopResult} from './sql.js';
import {SyncQuery} from './sync-query.js';

/*
The live reader over a ClickHouse table: the same contract as the file reader, so the app and the reporters take it as they are. Each `update()` has the server count the window ending at the clock's now (the top hosts, the host list, and the lists of the hosts the last reports asked about) and keeps the answer; `report()` answers from it, for the window it counted, which is the one that ended when the refresh began.

`report()` is synchronous. When it is asked about a host the update did not count (a key switched hosts) or for more rows, it waits for the server there and then, once (see sync-query.ts); the next update counts that host too.

Server errors and an unreachable server become the reader's state, in words; the last counts stay on screen meanwhile.
*/

export type ServerReaderOptions = {
	readonly url: string;
	readonly table: string;
	readonly window: number;
	/** Now at start-up for `--clock wall`; absent for `--clock log`, where now is the newest line in the table. */
	readonly now?: number;
	/** Give up on a refresh's queries after this many ms. */
	readonly timeout?: number;
	/** The host the first report will ask about, when known (`--host`): counted by the first update. */
	readonly host?: string;
};

/** Rows of the ranking counted at each refresh unless a report asked for more: what the app's panes can scroll to. */
const defaultTopRows = 1000;
/** How long a report waits for a host the refresh did not count. */
const syncTimeout = 10_000;
/** With the wall clock, the newest line (for the status line) is looked for this far back at first, then only after the newest seen; with the log clock the whole table is searched once. */
const newestLookBack = 3600 * 1000;

export function openServerReader(options: ServerReaderOptions): LiveReader {
	return new ServerReader(options);
}

class ServerReader implements LiveReader {
	private readonly connection: Connection;
	private readonly sync: SyncQuery;
	private readonly options: ServerReaderOptions;
	private readonly openedAt = Date.now();
	private readonly stop = new AbortController();
	private window: number;
	private counts: WindowCounts | undefined;
	private newest: number | undefined;
	private updates = 0;
	private state: ReaderState = {kind: 'waiting', message: 'connecting to ClickHouse'};
	/** Hosts asked about since the last update; '' means the top host was wanted. */
	private readonly asked = new Set<string>();
	private topRows = defaultTopRows;
	private listRows: number | undefined;
	private running: Promise<void> | undefined;

	constructor(options: ServerReaderOptions) {
		this.options = options;
		this.window = options.window;
		this.connection = openConnection(options.url);
		this.sync = new SyncQuery(options.url);
		this.sync.start();
		if (options.host !== undefined) {
			this.asked.add(options.host);
		}
	}

	get status(): ReaderStatus {
		return {
			linesRead: this.counts?.top.lines ?? 0,
			malformed: this.counts?.malformed ?? 0,
			currentFile: `${this.options.table} on ${this.connection.name}`,
			newestTimestamp: this.newest,
			state: this.state,
		};
	}

	async update(): Promise<void> {
		// Updates never overlap: a second caller shares the one under way.
		this.running ??= this.refresh().finally(() => {
			this.running = undefined;
		});
		return this.running;
	}

	report(options: ReportOptions): Report {
		this.asked.add(options.host);
		this.listRows = options.limit;
		this.topRows = Math.max(defaultTopRows, options.topLimit ?? options.limit ?? 0);
		const counts = this.counts;
		if (!counts) {
			return buildServerReport(emptyTop, noPeers, options, 0);
		}

		const window = {from: counts.from, to: counts.to};
		// Another width than the one counted (not a refresh of this reader): count exactly what was asked.
		if (options.to - options.from !== counts.to - counts.from) {
			window.from = options.from;
			window.to = options.to;
		}

		const sameWindow = window.from === counts.from;
		const topLimit = options.topLimit ?? options.limit ?? 10;
		const top = sameWindow && topCovers(counts.top, counts.topLimit, topLimit) ? counts.top : this.waitForTop(window.from, window.to);
		let peers: PeersResult = noPeers;
		if (options.host !== '') {
			const cached = sameWindow ? counts.peers.get(options.host) : undefined;
			peers = cached && peersCover(cached, counts.listLimit, options.limit) ? cached : this.waitForPeers(window.from, window.to, options.host, options.limit);
			if (sameWindow && cached !== peers) {
				(counts.peers as Map<string, PeersResult>).set(options.host, peers);
			}
		}

		return buildServerReport(top, peers, {...options, ...window}, counts.malformed);
	}

	hosts(): readonly string[] {
		return this.counts?.top.byInvolved.map(entry => row(entry).host) ?? [];
	}

	setWindow(milliseconds: number): void {
		this.window = milliseconds;
	}

	async close(): Promise<void> {
		this.stop.abort();
		await this.running?.catch(() => undefined);
		await Promise.all([this.connection.close(), this.sync.close()]);
	}

	private async refresh(): Promise<void> {
		if (this.stop.signal.aborted) {
			return;
		}

		const first = this.updates === 0;
		this.updates++;
		const options = {timeout: this.options.timeout, signal: this.stop.signal};
		try {
			let now: number;
			if (this.options.now === undefined) {
				const newest = await this.findNewest(0);
				if (newest === undefined) {
					this.state = {kind: 'waiting', message: `no lines in ${this.options.table} on ${this.connection.name} yet`};
					return;
				}

				now = newest;
			} else {
				// The first report is exactly at `--now`; later ones follow the wall clock from there.
				now = first ? this.options.now : this.options.now + (Date.now() - this.openedAt);
			}

			const wantTop = (first && this.options.host === undefined) || this.asked.has('');
			const request: WindowRequest = {
				from: now - this.window,
				to: now,
				hosts: [...this.asked].filter(host => host !== ''),
				topLimit: this.topRows,
				listLimit: this.listRows,
			};
			this.asked.clear();
			const [counts] = await Promise.all([
				countWindow(this.connection, this.options.table, request, options),
				this.options.now === undefined ? undefined : this.findNewest(now - newestLookBack),
			]);
			if (wantTop) {
				// Without a host the reports name the top host: count its lists now, so that the report asking for them finds them.
				const leaders = [counts.top.sourceLeaders[0], counts.top.involvedLeaders[0]].map(entry => entry && row(entry).host);
				const missing = [...new Set(leaders)].filter((host): host is string => host !== undefined && !counts.peers.has(host));
				if (missing.length > 0) {
					const more = await countWindow(this.connection, this.options.table, {...request, hosts: missing}, options);
					for (const [host, peers] of more.peers) {
						(counts.peers as Map<string, PeersResult>).set(host, peers);
					}
				}
			}

			this.counts = counts;
			this.state = {kind: 'reading'};
		} catch (error) {
			if (!this.stop.signal.aborted) {
				this.state = {kind: 'error', message: describe(error)};
			}
		}
	}

	/* The newest line's timestamp, looking at or after `atLeast` (and after the newest already seen); undefined when there is none. */
	private async findNewest(atLeast: number): Promise<number | undefined> {
		const floor = Math.max(0, atLeast, this.newest ?? 0);
		const text = await this.connection.query(newestQuery(this.options.table, floor), {timeout: this.options.timeout, signal: this.stop.signal});
		const newest = Number(text.trim() || '0');
		if (newest > 0 && newest >= (this.newest ?? 0)) {
			this.newest = newest;
		}

		return this.newest;
	}

	private waitForTop(from: number, to: number): TopResult {
		const request = {from, to, hosts: [], topLimit: this.topRows};
		return parseTop(this.waitFor(requestStatements(this.options.table, request).top));
	}

	private waitForPeers(from: number, to: number, host: string, limit: number | undefined): PeersResult {
		const request = {from, to, hosts: [host], topLimit: this.topRows, listLimit: limit};
		return parsePeers(this.waitFor(requestStatements(this.options.table, request).peers[0]!));
	}

	private waitFor(sql: string): string {
		try {
			return this.sync.run(sql, syncTimeout);
		} catch (error) {
			this.state = {kind: 'error', message: describe(error)};
			throw error;
		}
	}
}

const emptyTop: TopResult = {lines: 0, sources: 0, hosts: 0, involvedTotal: 0, bySource: [], sourceLeaders: [], byInvolved: [], involvedLeaders: []};

function describe(error: unknown): string {
	if (error instanceof ServerError) {
		return error.unreachable ? `${error.message} (trying again at each refresh)` : error.message;
	}

	return error instanceof Error ? error.message : String(error);
}
