import type {LiveOptions} from '../commands/options.js';
import type {LiveReader} from './live-reader-contract.js';
import {openLiveReader} from './live-reader.js';

/**
The live reader the options name: the files', or a ClickHouse table's (loaded only then, so that following files never loads the server's client).

@param startedAt `Date.now()` at start-up: the wall clock's now unless `--now` moves it.
*/
export async function openReader(options: LiveOptions, startedAt: number): Promise<LiveReader> {
	const now = options.clock === 'wall' ? options.now ?? startedAt : undefined;
	if (options.clickhouse) {
		const {openServerReader} = await import('./clickhouse/server-reader.js');
		return openServerReader({url: options.clickhouse.url, table: options.clickhouse.table, window: options.window, now, host: options.host});
	}

	return openLiveReader({files: options.files, dir: options.dir, window: options.window, tolerance: options.tolerance, formats: {choice: options.format, tolerances: options.tolerances}, now, host: options.host});
}
