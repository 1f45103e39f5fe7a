import process from 'node:process';
import {RuntimeError} from '../core/errors.js';
import {openConnection, ServerError} from '../io/clickhouse/connection.js';
import {runShipper} from '../io/clickhouse/shipper.js';
import type {CommandIo, ShipOptions} from './options.js';

/**
`dashboard ship`: follow the files and ship their lines into ClickHouse until a signal. What it is doing goes to stderr, one line per change (shipping, the server away and the wait before the next try, back again); at the end, what this run shipped.
*/
export async function runShip(options: ShipOptions, io: CommandIo): Promise<void> {
	const connection = openConnection(options.clickhouse.url);
	const stop = new AbortController();
	const abort = () => {
		stop.abort();
	};

	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	for (const signal of signals) {
		process.once(signal, abort);
	}

	const say = (message: string) => {
		io.stderr.write(`dashboard ship: ${message}\n`);
	};

	try {
		const totals = await runShipper({
			connection,
			table: options.clickhouse.table,
			shipper: options.shipper,
			files: options.files,
			dir: options.dir,
			formats: {choice: options.format, tolerances: options.tolerances},
			onStatus: say,
		}, stop.signal);
		say(`stopped: shipped ${totals.lines} line${totals.lines === 1 ? '' : 's'} in ${totals.batches} batch${totals.batches === 1 ? '' : 'es'}, ${totals.malformed} malformed line${totals.malformed === 1 ? '' : 's'} skipped`);
	} catch (error) {
		throw error instanceof ServerError ? new RuntimeError(error.message) : error;
	} finally {
		for (const signal of signals) {
			process.off(signal, abort);
		}

		await connection.close();
	}
}
