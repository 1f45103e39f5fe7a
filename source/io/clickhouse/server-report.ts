import {displayName, isPrintableAscii} from '../../core/display-name.js';
import {defaultTopLimit, type Report, type ReportOptions, type ReportRow} from '../../core/report.js';
import type {CountedBytes, PeersResult, TopResult} from './sql.js';

/*
The report of SPEC section 5 from what the server counted: the same shape, order and labels as the file readers' `buildReport`, so the panes, text and JSON cannot tell where the counts came from. Pure.
*/

/** The lists of a host that names no line: '' asks for the top hosts only. */
export const noPeers: PeersResult = {toCount: 0, toHosts: 0, fromCount: 0, fromHosts: 0, connectedTo: [], receivedFrom: []};

export function row({bytes, count}: CountedBytes): ReportRow {
	// Bytes that are not UTF-8 become U+FFFD in the name (JSON) and escapes in the label (screen).
	const host = bytes.toString('utf8');
	return {host, count, label: isPrintableAscii(bytes) ? host : displayName(bytes)};
}

export function buildServerReport(top: TopResult, peers: PeersResult, options: ReportOptions, malformed: number): Report {
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	const topLimit = options.topLimit ?? options.limit ?? defaultTopLimit;
	const bySource = options.topBy === 'source';
	const ranking = bySource ? top.bySource : top.byInvolved;
	return {
		host: options.host,
		from: options.from,
		to: options.to,
		connectedTo: peers.connectedTo.slice(0, limit).map(row),
		receivedFrom: peers.receivedFrom.slice(0, limit).map(row),
		top: {
			by: options.topBy,
			leaders: (bySource ? top.sourceLeaders : top.involvedLeaders).map(row),
			ranking: ranking.slice(0, topLimit).map(row),
		},
		stats: {lines: top.lines, malformed},
		totals: {
			connectedTo: {hosts: peers.toHosts, count: peers.toCount},
			receivedFrom: {hosts: peers.fromHosts, count: peers.fromCount},
			top: bySource ? {hosts: top.sources, count: top.lines} : {hosts: top.hosts, count: top.involvedTotal},
		},
	};
}

/** Whether lists fetched with `fetched` rows hold the `wanted` first rows of each (a list that was not cut holds all). */
export function peersCover(peers: PeersResult, fetched: number | undefined, wanted: number | undefined): boolean {
	if (fetched === undefined) {
		return true;
	}

	const need = wanted ?? Number.POSITIVE_INFINITY;
	const whole = peers.connectedTo.length === peers.toHosts && peers.receivedFrom.length === peers.fromHosts;
	return whole || need <= fetched;
}

/** Whether a top result fetched with `fetched` rows per ranking holds the `wanted` first rows. */
export function topCovers(top: TopResult, fetched: number, wanted: number): boolean {
	return wanted <= fetched || (top.bySource.length === top.sources && top.byInvolved.length === top.hosts);
}
