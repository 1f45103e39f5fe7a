import test from 'ava';
import {defaultTolerances} from '../source/core/formats/log-format.js';
import {parseShipOptions, parseLiveOptions, parseQueryOptions} from '../source/cli/parse-options.js';
import {UsageError} from '../source/core/errors.js';
import {bytesLiteral, encodePosition, escapeField, integerLiteral, isTableName, parseCountArray, parsePositions, peersQuery, topQuery, windowParts} from '../source/io/clickhouse/sql.js';

/* The SQL text and its parsing, without a server: the window split worked by hand, literals that cannot be broken out of, and the flags. */

test('a window splits into whole minutes, the seconds around them, and the milliseconds at the edges', t => {
	// [61 250, 185 499] ms: ms 61 250..61 999, seconds 62..119, minutes 2..2 (120..179 s), seconds 180..184, ms 185 000..185 499.
	t.deepEqual(windowParts(61_250, 185_499), {
		milliseconds: [[61_250, 62_000], [185_000, 185_500]],
		seconds: [[62, 120], [180, 185]],
		minutes: [[2, 3]],
	});
});

test('a window of whole minutes reads only the minute table', t => {
	t.deepEqual(windowParts(120_000, 299_999), {milliseconds: [], seconds: [], minutes: [[2, 5]]});
});

test('a window inside one second, or of one millisecond, reads raw rows only', t => {
	t.deepEqual(windowParts(12_345, 12_999), {milliseconds: [[12_345, 13_000]], seconds: [], minutes: []});
	t.deepEqual(windowParts(7, 7), {milliseconds: [[7, 8]], seconds: [], minutes: []});
});

test('a window of whole seconds within one minute reads the second table only', t => {
	t.deepEqual(windowParts(61_000, 64_999), {milliseconds: [], seconds: [[61, 65]], minutes: []});
});

test('a host is its bytes in hex, whatever they hold', t => {
	t.is(bytesLiteral("'); DROP TABLE conn; --"), `unhex('${Buffer.from("'); DROP TABLE conn; --").toString('hex')}')`);
	t.is(bytesLiteral(new Uint8Array([0xFF, 0x00, 0x5C])), 'unhex(\'ff005c\')');
	t.false(topQuery('conn', 0, 1, {source: 10, involved: 10}).includes('DROP'));
	t.true(peersQuery('conn', 0, 1000, 'x\'y').includes('unhex(\'782779\')'));
	t.false(peersQuery('conn', 0, 1000, 'x\'y').includes('x\'y'));
});

test('numbers and table names are checked before they reach SQL', t => {
	t.throws(() => integerLiteral(-1));
	t.throws(() => integerLiteral(1.5));
	t.throws(() => integerLiteral(Number.NaN));
	t.is(integerLiteral(9_007_199_254_740_991), '9007199254740991');
	t.true(isTableName('conn_local'));
	for (const name of ['conn; DROP', '1conn', 'a.b', '', 'x`y']) {
		t.false(isTableName(name), name);
		t.throws(() => topQuery(name, 0, 1, {source: 1, involved: 1}));
	}
});

test('TabSeparated fields escape only what the format gives a meaning to', t => {
	const field = (text: string) => escapeField(Buffer.from(text), 0, Buffer.byteLength(text)).toString('latin1');
	t.is(field('plain'), 'plain');
	t.is(field('back\\slash'), 'back\\\\slash');
	t.is(field('x\ry'), 'x\\ry');
	t.is(field('nul\u0000'), 'nul\\0');
	t.is(field('it\'s "q"'), 'it\'s "q"');
});

test('a position row carries the shipper, the file, the offset, the batch and the bytes before', t => {
	t.is(encodePosition({shipper: 'web\\1', file: '2049:13', offset: 4096, seq: 7, fingerprint: '0a41', malformed: 3}).toString(), '18446744073709551615\t\t\tweb\\\\1\t2049:13\t4096\t7\t0a41\t3\n');
});

test('arrays of (count, hex) parse back to bytes, in order', t => {
	t.deepEqual(parseCountArray('[(3,\'41\'),(1,\'FF00\')]'), [{count: 3, bytes: Buffer.from('A')}, {count: 1, bytes: Buffer.from([0xFF, 0x00])}]);
	t.deepEqual(parseCountArray('[]'), []);
});

test('positions parse by file, the batch marker under the empty name', t => {
	const positions = parsePositions('\t0\t\t12\t5\n323034393A3133\t4096\t0a41\t11\t0\n');
	t.deepEqual(positions.get(''), {offset: 0, fingerprint: '', seq: 12, malformed: 5});
	t.deepEqual(positions.get('2049:13'), {offset: 4096, fingerprint: '0a41', seq: 11, malformed: 0});
});

test('--clickhouse takes an http URL and replaces the files; --table needs it', t => {
	t.deepEqual(parseLiveOptions([], {clickhouse: 'http://db:8123', host: 'H'}).clickhouse, {url: 'http://db:8123', table: 'conn'});
	t.deepEqual(parseQueryOptions([], {clickhouse: 'http://db:8123', table: 'conn_all', host: 'H', from: '0', to: '10'}).clickhouse, {url: 'http://db:8123', table: 'conn_all'});
	const usage = (run: () => unknown, message: RegExp) => {
		const error = t.throws(run, {instanceOf: UsageError});
		t.regex(error.message, message);
	};

	usage(() => parseLiveOptions([], {clickhouse: 'http://db', file: ['a.log']}), /does not take --file/);
	usage(() => parseLiveOptions([], {table: 'x', file: ['a.log']}), /--table applies to --clickhouse/);
	usage(() => parseLiveOptions([], {clickhouse: 'db:8123'}), /not an http/);
	usage(() => parseLiveOptions([], {clickhouse: 'nothing at all'}), /not a URL/);
	usage(() => parseQueryOptions(['a.log'], {clickhouse: 'http://db', host: 'H', from: '0', to: '1'}), /not both/);
	usage(() => parseQueryOptions([], {clickhouse: 'http://db', table: 'x;y', host: 'H', from: '0', to: '1'}), /not a table name/);
});

test('ship needs a server and something to ship; the shipper is named after the machine unless told', t => {
	t.deepEqual(parseShipOptions([], {clickhouse: 'http://db:8123', dir: 'logs'}, 'web1'), {clickhouse: {url: 'http://db:8123', table: 'conn'}, files: [], dir: 'logs', shipper: 'web1', format: 'auto', tolerances: defaultTolerances});
	t.is(parseShipOptions([], {clickhouse: 'http://db', dir: 'logs', format: 'zeek'}, 'web1').format, 'zeek');
	t.throws(() => parseShipOptions([], {clickhouse: 'http://db', dir: 'logs', format: 'csv'}, 'web1'), {instanceOf: UsageError, message: /--format/});
	t.is(parseShipOptions([], {clickhouse: 'http://db', file: ['a'], shipper: 'me'}, 'web1').shipper, 'me');
	t.throws(() => parseShipOptions([], {dir: 'logs'}, 'web1'), {instanceOf: UsageError, message: /--clickhouse URL is required/});
	t.throws(() => parseShipOptions([], {clickhouse: 'http://db'}, 'web1'), {instanceOf: UsageError, message: /nothing to ship/});
	t.throws(() => parseShipOptions([], {clickhouse: 'http://db', dir: 'logs', file: ['logs/a.log']}, 'web1'), {instanceOf: UsageError, message: /not both/});
});
