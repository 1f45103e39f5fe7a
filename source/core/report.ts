import {displayName, isPrintableAscii} from './display-name.js';
import {formatLabels, type LogFormat} from './formats/log-format.js';
import type {HostTable} from './host-table.js';
import {leaders, rankHosts, type RankedId} from './ranking.js';
import {formatTime} from './time.js';

/** What top hosts counts: each line's source, or each host of the line once (SPEC section 2). */
export type TopBy = 'source' | 'involved';

/** A host and its count, as the JSON report gives it. */
export type HostCount = {
	readonly host: string;
	readonly count: number;
};

/** A row for people: the host's name made safe for a terminal, beside the JSON fields. */
export type ReportRow = HostCount & {
	readonly label: string;
};

/** How many hosts and connections a list holds in all, however many rows are shown. */
export type ListTotals = {
	readonly hosts: number;
	readonly count: number;
};

/** A file a report was read from, and how it was read (SPEC section 6). */
export type ReportFile = {
	readonly path: string;
	readonly format: LogFormat;
};

/**
The three answers for a host and a window (SPEC section 5). Rows carry a `label` for display; `toJson` leaves it out.
*/
export type Report = {
	readonly host: string;
	readonly from: number;
	readonly to: number;
	readonly connectedTo: readonly ReportRow[];
	readonly receivedFrom: readonly ReportRow[];
	readonly top: {
		readonly by: TopBy;
		readonly leaders: readonly ReportRow[];
		readonly ranking: readonly ReportRow[];
	};
	readonly stats: {
		readonly lines: number;
		readonly malformed: number;
		/** Live reports only: lines read since the previous report that belong at or before its window's end (within the tolerance), so its numbers have moved since. */
		readonly late?: number;
	};
	readonly totals: {
		readonly connectedTo: ListTotals;
		readonly receivedFrom: ListTotals;
		readonly top: ListTotals;
	};
	/** The files read and their formats (`query`). */
	readonly files?: readonly ReportFile[];
};

/**
Counts over one window, indexed by host id of `hosts`.
*/
export type WindowCounts = {
	readonly hosts: HostTable;
	/** Per source: lines whose destination is the host asked about. */
	readonly connectedTo: ArrayLike<number>;
	/** Per destination: lines whose source is the host asked about. */
	readonly receivedFrom: ArrayLike<number>;
	/** The only ids with a count in `connectedTo` or `receivedFrom`, when known: ranking them need not look at every host. */
	readonly peerIds?: ArrayLike<number>;
	/** Per host: what top hosts counts (`topBy`). */
	readonly top: ArrayLike<number>;
	readonly lines: number;
	readonly malformed: number;
};

export type ReportOptions = {
	readonly host: string;
	readonly from: number;
	readonly to: number;
	readonly topBy: TopBy;
	/** Cuts connectedTo and receivedFrom; unlimited when absent. */
	readonly limit?: number;
	/** Rows of top.ranking; 10 when absent. */
	readonly topLimit?: number;
	/** Leaders listed, the first by name; all when absent, as JSON reports give them. The app marks them by count and needs none: naming a million hosts tied at 1 took a second. */
	readonly leaderLimit?: number;
};

export const defaultTopLimit = 10;

/** Leaders beyond the ranking that a text report names; the rest are counted. */
const leadersNamed = 20;

export function buildReport(counts: WindowCounts, options: ReportOptions): Report {
	const {hosts} = counts;
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	const connectedTo = rankHosts(hosts, counts.connectedTo, limit, hosts.size, counts.peerIds);
	const receivedFrom = rankHosts(hosts, counts.receivedFrom, limit, hosts.size, counts.peerIds);
	const top = rankHosts(hosts, counts.top, options.topLimit ?? options.limit ?? defaultTopLimit);
	const row = ({id, count}: RankedId): ReportRow => {
		const host = hosts.name(id);
		const bytes = hosts.bytes(id);
		// Most names are plain ASCII: one string serves as name and label.
		return {host, count, label: isPrintableAscii(bytes) ? host : displayName(bytes)};
	};
	return {
		host: options.host,
		from: options.from,
		to: options.to,
		connectedTo: connectedTo.rows.map(row),
		receivedFrom: receivedFrom.rows.map(row),
		top: {
			by: options.topBy,
			leaders: leaders(hosts, counts.top, options.leaderLimit).map(row),
			ranking: top.rows.map(row),
		},
		stats: {lines: counts.lines, malformed: counts.malformed},
		totals: {
			connectedTo: {hosts: connectedTo.distinct, count: connectedTo.total},
			receivedFrom: {hosts: receivedFrom.distinct, count: receivedFrom.total},
			top: {hosts: top.distinct, count: top.total},
		},
	};
}

/**
The report as one line of JSON, in the shape of SPEC section 5.
*/
export function toJson(report: Report): string {
	const rows = (list: readonly ReportRow[]) => list.map(({host, count}) => ({host, count}));
	return JSON.stringify({
		host: report.host,
		from: report.from,
		to: report.to,
		connectedTo: rows(report.connectedTo),
		receivedFrom: rows(report.receivedFrom),
		top: {by: report.top.by, leaders: rows(report.top.leaders), ranking: rows(report.top.ranking)},
		stats: report.stats,
		totals: report.totals,
		...(report.files && {files: report.files.map(({path, format}) => ({path, format}))}),
	});
}

/**
The report as text for people and for `grep`: the window, then three titled lists.
*/
export function formatReport(report: Report): string {
	const host = displayName(Buffer.from(report.host));
	const window = `${formatTime(report.from)} (${report.from}) to ${formatTime(report.to)} (${report.to})`;
	const count = `${plural(report.stats.lines, 'line')} in the window, ${report.stats.malformed} malformed`;
	// Native is what most files are; the other formats are worth naming.
	const formats = (report.files ?? []).filter(file => file.format !== 'native').map(file => `${displayName(Buffer.from(file.path))}: ${formatLabels[file.format]}`);
	// No host was asked for and the window has no top host to stand in: there is nothing to list.
	if (report.host === '') {
		return [window, count, ...formats, ''].join('\n');
	}

	const lines = [
		`${host}: ${window}`,
		count,
		...formats,
		'',
		...formatList(`Connected to ${host}`, report.connectedTo, report.totals.connectedTo, 'from', 'source'),
		'',
		...formatList(`Received from ${host}`, report.receivedFrom, report.totals.receivedFrom, 'to', 'destination'),
		'',
		...formatTop(report),
	];
	return lines.join('\n') + '\n';
}

function formatList(title: string, rows: readonly ReportRow[], totals: ListTotals, preposition: string, noun: string): string[] {
	const heading = `${title}: ${plural(totals.count, 'connection')} ${preposition} ${plural(totals.hosts, noun)}`;
	if (rows.length === 0) {
		return [heading, '  (none)'];
	}

	return [heading, ...formatRows(rows, new Set()), ...more(totals.hosts - rows.length)];
}

function formatTop(report: Report): string[] {
	const {top, totals} = report;
	const noun = top.by === 'source' ? 'as source' : 'involved';
	const heading = `Top hosts (${noun}): ${plural(totals.top.hosts, 'host')}, leaders marked *`;
	if (top.ranking.length === 0) {
		return [heading, '  (none)'];
	}

	const leaderNames = new Set(top.leaders.map(row => row.host));
	const rows = formatRows(top.ranking, leaderNames);
	const shown = new Set(top.ranking.map(row => row.host));
	const unshown = top.leaders.filter(leader => !shown.has(leader.host));
	const named = unshown.slice(0, leadersNamed).map(row => row.label).join(', ');
	const extra = unshown.length === 0 ? [] : [`  leaders also: ${named}${unshown.length > leadersNamed ? ` and ${unshown.length - leadersNamed} more` : ''}`];
	return [heading, ...rows, ...more(totals.top.hosts - top.ranking.length), ...extra];
}

function formatRows(rows: readonly ReportRow[], marked: ReadonlySet<string>): string[] {
	const width = Math.max(...rows.map(row => String(row.count).length));
	return rows.map(row => `${marked.has(row.host) ? '*' : ' '} ${String(row.count).padStart(width)}  ${row.label}`);
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function more(count: number): string[] {
	return count > 0 ? [`  +${count} more`] : [];
}
