// DuckDB as a contender: installed by the benchmark on demand into bench/data/duckdb/ (git-ignored), never a dependency of the product.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';

/* @duckdb/node-api ships DuckDB's binary inside its registry packages (the older `duckdb` package downloads it from elsewhere at install time). */
export const duckdbPackage = '@duckdb/node-api@1.5.6-r.1';

/**
The path of the installed @duckdb/node-api module, installing it first if needed; undefined (and why, said) when it cannot be had.
*/
export function ensureDuckdb(directory, say) {
	const entry = join(directory, 'node_modules', '@duckdb', 'node-api', 'lib', 'index.js');
	if (!existsSync(entry)) {
		say(`installing ${duckdbPackage} into ${directory} for the comparison (once) ...`);
		mkdirSync(directory, {recursive: true});
		const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', directory, duckdbPackage], {encoding: 'utf8'});
		if (result.status !== 0 || !existsSync(entry)) {
			say(`  DuckDB could not be installed, it is left out: ${(result.stderr || result.error?.message || '').trim().split('\n').at(-1)}`);
			return undefined;
		}
	}

	return entry;
}
