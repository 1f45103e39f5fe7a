import type {Connection} from './connection.js';
import {malformedQuery, parsePeers, parseTop, peersQuery, topQuery, type PeersResult, type TopResult} from './sql.js';

/** What one refresh asks of the server: the window, the hosts whose lists are wanted, and how many rows. */
export type WindowRequest = {
	readonly from: number;
	readonly to: number;
	readonly hosts: readonly string[];
	/** Rows of the ranking by source; the ranking by involvement (the host list) has at least `hostListLength`. */
	readonly topLimit: number;
	/** Rows of each host's lists; complete when absent. */
	readonly listLimit?: number;
};

/** The server's counts for a request. */
export type WindowCounts = {
	readonly from: number;
	readonly to: number;
	readonly top: TopResult;
	readonly peers: ReadonlyMap<string, PeersResult>;
	readonly topLimit: number;
	readonly listLimit?: number;
	readonly malformed: number;
};

/** Hosts offered for stepping and completion, busiest first (as the file reader offers). */
export const hostListLength = 5000;

/** The SQL of a request, so that the same text can be sent awaited or waited for. */
export function requestStatements(table: string, request: WindowRequest): {top: string; peers: string[]; malformed: string} {
	return {
		top: topQuery(table, request.from, request.to, {source: request.topLimit, involved: Math.max(request.topLimit, hostListLength)}),
		peers: request.hosts.map(host => peersQuery(table, request.from, request.to, host, request.listLimit)),
		malformed: malformedQuery(table),
	};
}

/**
Count a window on the server: the top hosts and each host's lists, as concurrent queries (the server runs them on its cores side by side).
*/
export async function countWindow(connection: Connection, table: string, request: WindowRequest, options: {readonly timeout?: number; readonly signal?: AbortSignal} = {}): Promise<WindowCounts> {
	const statements = requestStatements(table, request);
	const [top, malformed, ...peers] = await Promise.all([
		connection.query(statements.top, options),
		connection.query(statements.malformed, options),
		...statements.peers.map(async sql => connection.query(sql, options)),
	]);
	return {
		from: request.from,
		to: request.to,
		top: parseTop(top),
		peers: new Map(request.hosts.map((host, index) => [host, parsePeers(peers[index]!)])),
		topLimit: request.topLimit,
		listLimit: request.listLimit,
		malformed: Number(malformed.trim() || '0'),
	};
}
