import {displayText} from '../../source/core/display-name.js';
import type {ListTotals, Report, ReportOptions, ReportRow} from '../../source/core/report.js';
import type {LiveReader, ReaderStatus} from '../../source/io/live-reader-contract.js';

/** One log line: timestamp (ms), source, destination. */
export type FakeLine = readonly [number, string, string];

/**
A LiveReader whose lines the test controls: `append` lines, and they count from the next `update()`. Reports are brute-force counts, and every call is recorded.
*/
export class FakeReader implements LiveReader {
	status: ReaderStatus = {linesRead: 0, malformed: 0, state: {kind: 'reading'}};
	readonly lines: FakeLine[] = [];
	readonly asked: ReportOptions[] = [];
	readonly windows: number[] = [];
	updates = 0;
	/** Most `update()` calls running at once. */
	maxConcurrent = 0;
	closed = false;
	/** While set, `update()` waits for it: a slow read. */
	gate: Promise<void> | undefined;
	private pending: FakeLine[] = [];
	private running = 0;
	private lastHosts: string[] = [];

	constructor(lines: readonly FakeLine[] = [], status?: Partial<ReaderStatus>) {
		this.pending.push(...lines);
		this.status = {...this.status, ...status};
	}

	append(...lines: FakeLine[]): void {
		this.pending.push(...lines);
	}

	async update(): Promise<void> {
		this.updates++;
		this.running++;
		this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
		try {
			await this.gate;
		} finally {
			this.running--;
		}

		if (this.pending.length === 0) {
			return;
		}

		this.lines.push(...this.pending);
		const newest = Math.max(this.status.newestTimestamp ?? 0, ...this.pending.map(line => line[0]));
		this.status = {...this.status, linesRead: this.status.linesRead + this.pending.length, newestTimestamp: newest};
		this.pending = [];
	}

	report(options: ReportOptions): Report {
		this.asked.push(options);
		const inWindow = this.lines.filter(([ts]) => ts >= options.from && ts <= options.to);
		const connectedTo = new Map<string, number>();
		const receivedFrom = new Map<string, number>();
		const top = new Map<string, number>();
		const activity = new Map<string, number>();
		const add = (map: Map<string, number>, host: string) => map.set(host, (map.get(host) ?? 0) + 1);
		for (const [, source, destination] of inWindow) {
			if (destination === options.host) {
				add(connectedTo, source);
			}

			if (source === options.host) {
				add(receivedFrom, destination);
			}

			add(top, source);
			add(activity, source);
			if (destination !== source) {
				add(activity, destination);
				if (options.topBy === 'involved') {
					add(top, destination);
				}
			}
		}

		this.lastHosts = rank(activity).map(([host]) => host);
		const limit = options.limit ?? Number.POSITIVE_INFINITY;
		const topRanked = rank(top);
		const best = topRanked[0]?.[1];
		return {
			host: options.host,
			from: options.from,
			to: options.to,
			connectedTo: rows(rank(connectedTo).slice(0, limit)),
			receivedFrom: rows(rank(receivedFrom).slice(0, limit)),
			top: {
				by: options.topBy,
				leaders: rows(topRanked.filter(([, count]) => count === best)),
				ranking: rows(topRanked.slice(0, options.topLimit ?? options.limit ?? 10)),
			},
			stats: {lines: inWindow.length, malformed: this.status.malformed},
			totals: {connectedTo: totals(connectedTo), receivedFrom: totals(receivedFrom), top: totals(top)},
		};
	}

	hosts(): readonly string[] {
		return this.lastHosts;
	}

	setWindow(milliseconds: number): void {
		this.windows.push(milliseconds);
	}

	async close(): Promise<void> {
		this.closed = true;
	}
}

/** Count, highest first, then name in byte order (SPEC section 2). */
export function rank(counts: ReadonlyMap<string, number>): Array<[string, number]> {
	return [...counts].sort(([a, x], [b, y]) => y - x || Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function rows(entries: ReadonlyArray<[string, number]>): ReportRow[] {
	return entries.map(([host, count]) => ({host, count, label: displayText(host)}));
}

function totals(counts: ReadonlyMap<string, number>): ListTotals {
	let count = 0;
	for (const value of counts.values()) {
		count += value;
	}

	return {hosts: counts.size, count};
}
