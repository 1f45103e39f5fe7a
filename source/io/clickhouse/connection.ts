import {randomUUID} from 'node:crypto';
import {Readable} from 'node:stream';
import {createClient, type ClickHouseClient} from '@clickhouse/client';
import {killQueryStatement} from './sql.js';

/*
One ClickHouse server over HTTP, through the official client. Every query carries its own id and `max_execution_time`, and a query given up on (timed out, aborted) is also killed on the server: an aborted request does not stop a query on older servers (18.16), so without the KILL a slow query would run on after the dashboard moved on.
*/

/** A problem talking to the server, in words: unreachable, refused, or the server's own message. */
export class ServerError extends Error {
	override name = 'ServerError';
	/** The server could not be reached at all (as opposed to answering with an error). */
	readonly unreachable: boolean;

	constructor(message: string, unreachable: boolean) {
		super(message);
		this.unreachable = unreachable;
	}
}

export type QueryOptions = {
	/** Give up after this many ms (also the server's `max_execution_time`). */
	readonly timeout?: number;
	readonly signal?: AbortSignal;
	readonly queryId?: string;
};

export type Connection = {
	/** The server as shown to people: the URL without its password. */
	readonly name: string;
	/** A query whose result is read whole, as text. */
	query(sql: string, options?: QueryOptions): Promise<string>;
	/** A statement without output (CREATE ...). */
	command(sql: string, options?: QueryOptions): Promise<void>;
	/** An INSERT whose rows are the body. */
	insert(sql: string, body: Uint8Array, options?: QueryOptions): Promise<void>;
	/** Stop a query on the server and wait until it has stopped; quiet when it is not running or the server is gone. */
	kill(queryId: string): Promise<void>;
	ping(): Promise<boolean>;
	close(): Promise<void>;
};

export const defaultQueryTimeout = 30_000;

/** A URL as shown in messages: no password. */
export function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.password = '';
		return parsed.toString().replace(/\/$/, '');
	} catch {
		return url;
	}
}

export function openConnection(url: string): Connection {
	const name = displayUrl(url);
	const client: ClickHouseClient = createClient({
		url,
		application: 'dashboard',
		compression: {request: false, response: false},
		// Our own timeouts abort each request; the client's is only a backstop.
		request_timeout: 10 * 60_000,
		max_open_connections: 4,
		log: {level: 127 as never},
	});

	const run = async <T>(options: QueryOptions, use: (queryId: string, signal: AbortSignal, seconds: number) => Promise<T>): Promise<T> => {
		const timeout = options.timeout ?? defaultQueryTimeout;
		const queryId = options.queryId ?? `dashboard-${randomUUID()}`;
		const timer = AbortSignal.timeout(timeout);
		const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
		try {
			return await use(queryId, signal, Math.max(1, Math.ceil(timeout / 1000)));
		} catch (error) {
			if (signal.aborted) {
				void kill(queryId);
				throw new ServerError(timer.aborted ? `the server at ${name} took longer than ${Math.round(timeout / 1000)} s` : 'stopped', !timer.aborted);
			}

			throw describe(error, name);
		}
	};

	const kill = async (queryId: string): Promise<void> => {
		try {
			await client.command({query: killQueryStatement(queryId), abort_signal: AbortSignal.timeout(10_000)});
		} catch {
			// The server is gone or the query ended on its own: nothing is left running either way.
		}
	};

	return {
		name,
		async query(sql, options = {}) {
			return run(options, async (queryId, signal, seconds) => {
				const result = await client.exec({query: sql, query_id: queryId, abort_signal: signal, clickhouse_settings: {max_execution_time: seconds}});
				const chunks: Buffer[] = [];
				for await (const chunk of result.stream) {
					chunks.push(chunk as Buffer);
				}

				return Buffer.concat(chunks).toString('latin1');
			});
		},
		async command(sql, options = {}) {
			await run(options, async (queryId, signal, seconds) => {
				await client.command({query: sql, query_id: queryId, abort_signal: signal, clickhouse_settings: {max_execution_time: seconds}});
			});
		},
		async insert(sql, body, options = {}) {
			await run(options, async (queryId, signal, seconds) => {
				// One block for the whole body: the server writes nothing until it has all of it, so a batch and its positions land together or not at all.
				const result = await client.exec({
					query: sql,
					query_id: queryId,
					abort_signal: signal,
					values: Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]),
					clickhouse_settings: {max_execution_time: seconds, max_insert_block_size: '16000000' as never},
				});
				result.stream.resume();
				await new Promise<void>((resolve, reject) => {
					result.stream.once('end', resolve);
					result.stream.once('close', resolve);
					result.stream.once('error', reject);
				});
			});
		},
		kill,
		async ping() {
			const result = await client.ping();
			return result.success;
		},
		async close() {
			await client.close();
		},
	};
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

const codeWords: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ENOTFOUND: 'no such host',
	EAI_AGAIN: 'no such host (DNS)',
	ETIMEDOUT: 'timed out',
	EPIPE: 'connection closed',
};

/* An error of the client or the server as one line in words. */
function describe(error: unknown, name: string): ServerError {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code && unreachableCodes.has(code)) {
		return new ServerError(`cannot reach ClickHouse at ${name}: ${codeWords[code] ?? code}`, true);
	}

	const message = error instanceof Error ? error.message : String(error);
	if (/socket hang up|ECONNRESET|ECONNREFUSED/i.test(message)) {
		return new ServerError(`cannot reach ClickHouse at ${name}: ${message.replace(/\s+/g, ' ').trim()}`, true);
	}

	// The server's exceptions read "Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., e.what() = DB::Exception"; keep the sentence.
	const sentence = /DB::Exception: (.*?)(?:, e\.what\(\)|\s*\(version|$)/s.exec(message)?.[1] ?? message;
	const missing = /Table (\S+) doesn't exist/.exec(sentence);
	if (missing) {
		return new ServerError(`ClickHouse at ${name} has no table ${missing[1]!.replace(/\.$/, '')} (dashboard ship creates the tables: is --table right?)`, false);
	}

	return new ServerError(`ClickHouse at ${name}: ${sentence.replace(/\s+/g, ' ').trim().replace(/\.$/, '')}`, false);
}
