import {RuntimeError} from '../core/errors.js';
import {formatReport, toJson} from '../core/report.js';
import {openConnection, ServerError} from '../io/clickhouse/connection.js';
import {countWindow} from '../io/clickhouse/server-counts.js';
import {buildServerReport} from '../io/clickhouse/server-report.js';
import type {ClickHouseSource, CommandIo, QueryOptions} from './options.js';
import {writeText} from './write-text.js';

/**
`dashboard query --clickhouse URL`: the three answers over [from, to], counted by the server, printed as `query` prints them for files.
*/
export async function runServerQuery(options: QueryOptions, source: ClickHouseSource, io: CommandIo): Promise<void> {
	const connection = openConnection(source.url);
	try {
		const topLimit = options.limit ?? 10;
		const counts = await countWindow(connection, source.table, {from: options.from, to: options.to, hosts: [options.host], topLimit, listLimit: options.limit});
		const report = buildServerReport(counts.top, counts.peers.get(options.host)!, {host: options.host, from: options.from, to: options.to, topBy: options.topBy, limit: options.limit}, counts.malformed);
		await writeText(io.stdout, options.json ? `${toJson(report)}\n` : formatReport(report));
	} catch (error) {
		throw error instanceof ServerError ? new RuntimeError(error.message) : error;
	} finally {
		await connection.close();
	}
}
