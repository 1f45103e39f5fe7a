// The three answers computed by DuckDB, as a user of it would ask: the log read as CSV with a space as delimiter (malformed rows skipped), the window applied with the same 1e11 rule, one statement whose common part is materialised once. Prints `kind host count` lines, as the awk contender does.
//
//	node duckdb-query.js MODULE FILE HOST FROM TO
import {pathToFileURL} from 'node:url';

const [module, file, host, from, to] = process.argv.slice(2);
const {DuckDBInstance} = await import(pathToFileURL(module).href);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const literal = text => `'${text.replaceAll('\'', '\'\'')}'`;
const log = `read_csv(${literal(file)}, delim = ' ', header = false, quote = '', escape = '', auto_detect = false, ignore_errors = true, columns = {'ts': 'BIGINT', 'src': 'VARCHAR', 'dst': 'VARCHAR'})`;
const inWindow = `(CASE WHEN ts < 100000000000 THEN ts * 1000 ELSE ts END) BETWEEN ${Number(from)} AND ${Number(to)}`;
const reader = await connection.runAndReadAll(`WITH t AS MATERIALIZED (SELECT src, dst FROM ${log} WHERE ${inWindow})
SELECT 'connectedTo', src, count(*) FROM t WHERE dst = ${literal(host)} GROUP BY src
UNION ALL SELECT 'receivedFrom', dst, count(*) FROM t WHERE src = ${literal(host)} GROUP BY dst
UNION ALL SELECT 'leader', src, n FROM (SELECT src, count(*) AS n FROM t GROUP BY src) QUALIFY n = max(n) OVER ()`);
process.stdout.write(reader.getRowsJS().map(([kind, name, count]) => `${kind} ${name} ${count}\n`).join(''));
