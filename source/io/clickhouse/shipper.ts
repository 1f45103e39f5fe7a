import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {DirFollower} from '../dir-follower.js';
import {FileFollower, ReadBuffer, type ReadBudget} from '../file-follower.js';
import type {ReaderState} from '../live-reader-contract.js';
import type {FormatSettings} from '../file-format.js';
import {sleep} from '../sleep.js';
import {Batch} from './batch.js';
import {type Connection, ServerError} from './connection.js';
import {insertStatement, killQueriesStatement, lastBatchQuery, parsePositions, positionsQuery, schemaStatements, type StoredPosition} from './sql.js';

/*
Shipping followed log files into ClickHouse, exactly once across crashes.

Each batch (about a second of lines) is one INSERT whose body holds the lines and, after them, a row per file that moved: the shipper's name, the file (device and inode), the offset reached, and the bytes just before it. The server writes nothing of a body it has not received whole, so after a kill -9 at any moment the table holds either the batch and its positions or neither. A restart reads the newest positions back and each file resumes there, if the bytes before the offset are still the same (otherwise it is another file, read from its start).

An INSERT that fails without an answer may still have landed: before sending it again the shipper kills it on the server by its id (derived from the batch number, so a second copy cannot even start while the first runs) and asks whether the batch's marker is there.

While the server is down the shipper holds one batch and reads nothing more: the files are the buffer. Reads are capped per batch, so a large backlog (a restart after a day) goes out in bounded pieces.
*/

export type ShipperOptions = {
	readonly connection: Connection;
	readonly table: string;
	/** Who ships: positions are kept per shipper and file. */
	readonly shipper: string;
	readonly files: readonly string[];
	readonly dir?: string;
	/** How often a batch goes out (ms). */
	readonly interval?: number;
	/** Bytes read from the files per batch at most. */
	readonly maxBatchBytes?: number;
	/** How to tell each file's format (`--format`); native when absent. */
	readonly formats?: FormatSettings;
	/** Told what the shipper is doing, in words, when it changes. */
	readonly onStatus?: (message: string) => void;
	/** Waits between retries: first, then doubling up to the last (ms). */
	readonly backoff?: {readonly first: number; readonly max: number};
};

export type ShipperTotals = {
	readonly lines: number;
	readonly malformed: number;
	readonly batches: number;
};

const defaultMaxBatchBytes = 32 * 1024 * 1024;
const fingerprintBytes = 64;

/**
Ship until `signal` aborts. Resolves with what was shipped by this run; never rejects for a server that is down (it waits and retries), only for a mistake that retrying cannot fix.
*/
export async function runShipper(options: ShipperOptions, signal: AbortSignal): Promise<ShipperTotals> {
	const shipper = new Shipper(options, signal);
	try {
		return await shipper.run();
	} finally {
		await shipper.close();
	}
}

class Shipper {
	private readonly options: ShipperOptions;
	private readonly signal: AbortSignal;
	/** What a batch may still read of the files, shared by the followers. */
	private readonly budget: ReadBudget = {remaining: 0};
	private readonly batch = new Batch();
	private readonly followers: FileFollower[] = [];
	private dir: DirFollower | undefined;
	private stored = new Map<string, StoredPosition>();
	/** What each file's last committed row said, by file key. */
	private readonly committed = new Map<string, number>();
	private seq = 0;
	private malformedTotal = 0;
	private newestShipped = Number.NEGATIVE_INFINITY;
	private lastStatus = '';
	private readonly states = new Map<string, string>();
	private totals = {lines: 0, malformed: 0, batches: 0};

	constructor(options: ShipperOptions, signal: AbortSignal) {
		this.options = options;
		this.signal = signal;
	}

	async run(): Promise<ShipperTotals> {
		const {connection, table} = this.options;
		await this.retrying('creating the tables', async () => {
			for (const statement of schemaStatements(table)) {
				// eslint-disable-next-line no-await-in-loop
				await connection.command(statement);
			}
		});
		// A run killed just after sending its last batch may have left that INSERT running on the server: let it end (or stop it) before reading where that run got to.
		await this.retrying('waiting for the inserts of an earlier run to end', async () => connection.command(killQueriesStatement(this.queryIdPrefix())));
		const text = await this.retrying('reading where the last run stopped', async () => connection.query(positionsQuery(table, this.options.shipper)));
		if (text === undefined) {
			return this.totals;
		}

		this.stored = parsePositions(text);
		const marker = this.stored.get('');
		this.seq = marker?.seq ?? 0;
		this.malformedTotal = marker?.malformed ?? 0;
		for (const [key, position] of this.stored) {
			this.committed.set(key, position.offset);
		}

		await this.openFollowers();
		this.status(`shipping to ${connection.name}, table ${table}${this.seq > 0 ? `, resuming after batch ${this.seq}` : ''}`);
		const interval = this.options.interval ?? 1000;
		while (!this.signal.aborted) {
			const started = Date.now();
			// eslint-disable-next-line no-await-in-loop
			const full = await this.readBatch();
			// eslint-disable-next-line no-await-in-loop
			if (!(await this.sendBatch())) {
				break;
			}

			if (!full) {
				// eslint-disable-next-line no-await-in-loop
				await sleep(started + interval - Date.now(), this.signal);
			}
		}

		return this.totals;
	}

	async close(): Promise<void> {
		await Promise.all([...this.followers.map(async follower => follower.close()), this.dir?.close()]);
	}

	private async openFollowers(): Promise<void> {
		const readBuffer = new ReadBuffer();
		const {budget} = this;
		const start = async (handle: FileHandle) => this.resumeAt(handle);
		// One follower per file, however it is named (a link, the same path twice): two would ship its lines twice.
		const seen = new Set<string>();
		const unique: string[] = [];
		for (const file of this.options.files) {
			// eslint-disable-next-line no-await-in-loop
			const key = await fs.stat(file).then(stats => fileKey(stats), () => `path:${path.resolve(file)}`);
			if (!seen.has(key)) {
				seen.add(key);
				unique.push(file);
			}
		}

		for (const file of unique) {
			const follower = new FileFollower(file, {start, budget, readBuffer, formats: this.options.formats});
			const sink = this.batch.sink();
			this.followers.push(follower);
			this.sinks.set(follower, sink);
		}

		if (this.options.dir !== undefined) {
			this.dir = new DirFollower(this.options.dir, {
				formats: this.options.formats,
				// Nothing is passed over unread at start: positions decide.
				windowStart: () => Number.NEGATIVE_INFINITY,
				start,
				budget,
				readBuffer,
			});
			this.dirSink = this.batch.sink();
		}
	}

	private readonly sinks = new Map<FileFollower, ReturnType<Batch['sink']>>();
	private dirSink: ReturnType<Batch['sink']> | undefined;

	/* Where a file met at start-up resumes: the stored offset, if the bytes before it are still those shipped. */
	private async resumeAt(handle: FileHandle): Promise<number> {
		const stats = await handle.stat();
		const stored = this.stored.get(fileKey(stats));
		if (!stored || stored.offset > stats.size) {
			return 0;
		}

		const fingerprint = await readFingerprint(handle, stored.offset);
		return fingerprint === stored.fingerprint ? stored.offset : 0;
	}

	/* Read what the files have, up to the budget. Returns whether the budget ran out (more is waiting). */
	private async readBatch(): Promise<boolean> {
		this.budget.remaining = this.options.maxBatchBytes ?? defaultMaxBatchBytes;
		for (const follower of this.followers) {
			// eslint-disable-next-line no-await-in-loop
			await follower.update(this.sinks.get(follower)!);
			this.tellState(follower.path, follower.state);
		}

		if (this.dir) {
			await this.dir.update(this.dirSink!);
			this.tellState(this.dir.dir, this.dir.state);
		}

		return this.budget.remaining <= 0;
	}

	/* Send the batch read, with the positions it leads to; false when stopped before it went. */
	private async sendBatch(): Promise<boolean> {
		const {batch} = this;
		const moved = await this.movedPositions();
		if (batch.lines === 0 && batch.malformed === 0 && moved.length === 0) {
			return true;
		}

		const seq = this.seq + 1;
		const malformed = this.malformedTotal + batch.malformed;
		const {shipper} = this.options;
		const body = batch.body([
			{shipper, file: '', offset: 0, seq, fingerprint: '', malformed},
			...moved.map(position => ({shipper, file: position.key, offset: position.offset, seq, fingerprint: position.fingerprint, malformed: 0})),
		]);
		const sent = await this.commit(body, seq, batch.lines);
		if (!sent) {
			return false;
		}

		this.seq = seq;
		this.malformedTotal = malformed;
		for (const position of moved) {
			this.committed.set(position.key, position.offset);
		}

		if (batch.newest > this.newestShipped) {
			this.newestShipped = batch.newest;
		}

		if (batch.malformed > 0) {
			this.status(`skipped ${batch.malformed} malformed line${batch.malformed === 1 ? '' : 's'} (${malformed} in all)`);
		}

		this.totals = {lines: this.totals.lines + batch.lines, malformed: this.totals.malformed + batch.malformed, batches: this.totals.batches + 1};
		batch.clear();
		return true;
	}

	/* The files whose read position moved since their last committed row. */
	private async movedPositions(): Promise<Array<{key: string; offset: number; fingerprint: string}>> {
		const moved: Array<{key: string; offset: number; fingerprint: string}> = [];
		const points = [...this.followers.map(follower => follower.readPoint), ...(this.dir?.readPoints() ?? [])];
		for (const point of points) {
			if (!point) {
				continue;
			}

			const key = fileKey(point.identity);
			if (this.committed.get(key) === point.offset) {
				continue;
			}

			// The follower keeps the bytes before its point (256 of them); the table keeps the last 64.
			moved.push({key, offset: point.offset, fingerprint: Buffer.from(point.fingerprint.subarray(Math.max(0, point.fingerprint.length - fingerprintBytes))).toString('hex')});
		}

		return moved;
	}

	/* Insert until the batch is in the table, however long the server is away; false only when stopped. */
	private async commit(body: Buffer, seq: number, lines: number): Promise<boolean> {
		const {connection, table, shipper} = this.options;
		const queryId = `${this.queryIdPrefix()}${seq}`;
		let delay = this.options.backoff?.first ?? 500;
		const maxDelay = this.options.backoff?.max ?? 30_000;
		let failing = false;
		for (;;) {
			try {
				// eslint-disable-next-line no-await-in-loop
				await connection.insert(insertStatement(table), body, {queryId, timeout: 60_000, signal: this.signal});
				if (failing) {
					this.status(`ClickHouse at ${connection.name} answers again: the held batch went out`);
				}

				return true;
			} catch (error) {
				if (this.signal.aborted) {
					return false;
				}

				if (error instanceof ServerError && !error.unreachable && !/already running/i.test(error.message) && !/Memory limit|Too many parts|TOO_MANY/i.test(error.message)) {
					// The server refused the batch itself: sending it again would fail the same way.
					throw error;
				}

				failing = true;
				this.status(`${(error as Error).message}; holding ${lines} line${lines === 1 ? '' : 's'} (1 batch, nothing more is read), retrying in ${formatSeconds(delay)}`);
			}

			// eslint-disable-next-line no-await-in-loop
			await sleep(delay, this.signal);
			delay = Math.min(maxDelay, delay * 2);
			if (this.signal.aborted) {
				return false;
			}

			// The failed INSERT may have landed, or may still be running: stop it, then look.
			try {
				// eslint-disable-next-line no-await-in-loop
				await connection.kill(queryId);
				// eslint-disable-next-line no-await-in-loop
				const last = Number((await connection.query(lastBatchQuery(table, shipper), {timeout: 10_000, signal: this.signal})).trim() || '0');
				if (last >= seq) {
					this.status(`ClickHouse at ${connection.name} answers again: the held batch had landed`);
					return true;
				}
			} catch {
				// Still away: try the INSERT again after the next wait.
			}
		}
	}

	/* The ids of this shipper's INSERTs start with this; the batch number follows. */
	private queryIdPrefix(): string {
		return `dashboard-ship-${Buffer.from(this.options.shipper).toString('hex').slice(0, 64)}-`;
	}

	/* Retry a start-up step until it works; undefined when stopped first. */
	private async retrying<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
		let delay = this.options.backoff?.first ?? 500;
		const maxDelay = this.options.backoff?.max ?? 30_000;
		while (!this.signal.aborted) {
			try {
				// eslint-disable-next-line no-await-in-loop
				return await step();
			} catch (error) {
				if (this.signal.aborted) {
					break;
				}

				if (error instanceof ServerError && !error.unreachable) {
					throw error;
				}

				this.status(`${(error as Error).message} (${what}); retrying in ${formatSeconds(delay)}`);
			}

			// eslint-disable-next-line no-await-in-loop
			await sleep(delay, this.signal);
			delay = Math.min(maxDelay, delay * 2);
		}

		return undefined;
	}

	private tellState(source: string, state: ReaderState): void {
		const text = state.kind === 'reading' ? '' : state.message;
		if (this.states.get(source) !== text) {
			this.states.set(source, text);
			if (text !== '') {
				this.status(text);
			}
		}
	}

	private status(message: string): void {
		if (message !== this.lastStatus) {
			this.lastStatus = message;
			this.options.onStatus?.(message);
		}
	}
}


function fileKey(stats: {readonly dev: number; readonly ino: number}): string {
	return `${stats.dev}:${stats.ino}`;
}

/* Hex of the bytes just before `offset`: what a restart checks to know it is the same file. */
async function readFingerprint(handle: FileHandle, offset: number): Promise<string> {
	const length = Math.min(offset, fingerprintBytes);
	if (length === 0) {
		return '';
	}

	const bytes = Buffer.alloc(length);
	const {bytesRead} = await handle.read(bytes, 0, length, offset - length);
	return bytes.subarray(0, bytesRead).toString('hex');
}

function formatSeconds(milliseconds: number): string {
	return milliseconds < 1000 ? `${milliseconds} ms` : `${Math.round(milliseconds / 1000)} s`;
}
