import test from 'ava';
import {ZeekCursor} from '../source/core/formats/zeek.js';
import {createCursor, headerState} from '../source/core/formats/log-format.js';
import {lineResult} from '../source/core/line-cursor.js';
import {connection, connections, readRecords} from './helpers/read-records.js';

/* Zeek conn.log, one test per rule of SPEC section 6, on files written out by hand. */

const fields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'];

const header = [
	'#separator \\x09',
	'#set_separator\t,',
	'#empty_field\t(empty)',
	'#unset_field\t-',
	'#path\tconn',
	'#open\t2012-03-16-12-30-00',
	`#fields\t${fields.join('\t')}`,
	'#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
].join('\n');

const records = [
	'1331901000.486539\tCHhAvVGS1DHFjwGM9\t192.168.202.79\t50465\t192.168.229.251\t80\ttcp\thttp\t0.000546\t166\t214\tSF\t-\t-\t0\tShADfFa\t4\t382\t3\t382\t(empty)',
	'1331901000.487145\tClEkJM2Vm5giqnMf4h\tfe80::217:f2ff:fed7:cf65\t5353\tff02::fb\t5353\tudp\tdns\t-\t-\t-\tS0\t-\t-\t0\tD\t1\t415\t0\t0\t(empty)',
	'1331901001.000000\tC4J4Th3PJpwUYZZ6gc\t10.0.0.5\t52112\t10.0.0.1\t443\ttcp\tssl\t12.318000\t1200\t22000\tSF\tT\tT\t0\tShADadFf\t14\t1760\t18\t22720\t(empty)',
];

const conn = `${header}\n${records.join('\n')}\n#close\t2012-03-16-12-40-00\n`;

test('a conn.log as Zeek writes it: header lines skipped, each record its ts (floored to the ms), id.orig_h and id.resp_h', t => {
	t.deepEqual(readRecords('zeek', conn), [
		...Array.from({length: 8}, () => 'skipped' as const),
		connection(1_331_901_000_486, '192.168.202.79', '192.168.229.251'),
		connection(1_331_901_000_487, 'fe80::217:f2ff:fed7:cf65', 'ff02::fb'),
		connection(1_331_901_001_000, '10.0.0.5', '10.0.0.1'),
		'skipped',
	]);
});

test('#separator takes its \\x escape: a file of comma-separated columns', t => {
	const text = '#separator \\x2c\n#fields,ts,id.orig_h,id.resp_h\n1331901000.5,10.0.0.1,10.0.0.2\n';
	t.deepEqual(connections(readRecords('zeek', text)), [connection(1_331_901_000_500, '10.0.0.1', '10.0.0.2')]);
});

test('a separator of more than one byte', t => {
	const text = '#separator \\x7c\\x7c\n#fields||ts||uid||id.orig_h||id.resp_h\n1331901000.5||Cx||10.0.0.1||10.0.0.2\n1331901001||Cy||10.0.0.3\n';
	t.deepEqual(readRecords('zeek', text), ['skipped', 'skipped', connection(1_331_901_000_500, '10.0.0.1', '10.0.0.2'), 'malformed']);
});

test('#fields may name the columns in any order and any number', t => {
	const names = ['uid', 'proto', 'id.resp_h', 'service', 'x1', 'x2', 'ts', 'id.orig_h', ...Array.from({length: 30}, (_, i) => `extra${i}`)];
	const values = ['Cx', 'tcp', '10.0.0.2', 'ssl', 'a', 'b', '1331901000.25', '10.0.0.1', ...Array.from({length: 30}, (_, i) => String(i))];
	const text = `#separator \\x09\n#fields\t${names.join('\t')}\n${values.join('\t')}\n`;
	t.deepEqual(connections(readRecords('zeek', text)), [connection(1_331_901_000_250, '10.0.0.1', '10.0.0.2')]);
});

test('a record without the columns up to the last of the three is malformed', t => {
	const text = `${header}\n1331901000.5\tCx\t10.0.0.1\t5353\n`;
	t.deepEqual(readRecords('zeek', text).at(-1), 'malformed');
});

test('a later #fields line (another log in the same file) re-maps the columns', t => {
	const text = [
		'#separator \\x09',
		'#fields\tts\tid.orig_h\tid.resp_h',
		'1331901000.1\t10.0.0.1\t10.0.0.2',
		'#close\t2012-03-16-12-40-00',
		'#separator \\x09',
		'#fields\tid.resp_h\tuid\tid.orig_h\tts',
		'10.0.0.4\tCx\t10.0.0.3\t1331901000.2',
		'',
	].join('\n');
	t.deepEqual(connections(readRecords('zeek', text)), [
		connection(1_331_901_000_100, '10.0.0.1', '10.0.0.2'),
		connection(1_331_901_000_200, '10.0.0.3', '10.0.0.4'),
	]);
});

test('an unset (-) or empty ((empty)) timestamp or address is malformed; elsewhere it is nothing', t => {
	const line = (ts: string, source: string, destination: string) => `${ts}\tCx\t${source}\t1\t${destination}\t2\ttcp\t-\t-\t-\t-\tS0\t-\t-\t0\tS\t1\t40\t0\t0\t(empty)`;
	const text = `${header}\n${[line('-', 'a', 'b'), line('1331901000', '-', 'b'), line('1331901000', 'a', '-'), line('1331901000', '(empty)', 'b'), line('1331901000', 'a', 'b')].join('\n')}\n`;
	t.deepEqual(readRecords('zeek', text).slice(8), ['malformed', 'malformed', 'malformed', 'malformed', connection(1_331_901_000_000, 'a', 'b')]);
});

test('#unset_field and #empty_field set the markers', t => {
	const text = '#separator \\x09\n#unset_field\tNA\n#empty_field\tnothing\n#fields\tts\tid.orig_h\tid.resp_h\n1331901000\tNA\tb\n1331901000\tnothing\tb\n1331901000\t-\t(empty)\n';
	t.deepEqual(readRecords('zeek', text).slice(4), ['malformed', 'malformed', connection(1_331_901_000_000, '-', '(empty)')]);
});

test('ts is decimal seconds: floored to the ms, whole seconds allowed, no digit on a side of the dot or any other byte is malformed', t => {
	const text = ['1331901000.999999', '1331901000', '1331901000.', '.5', '13319O1000', '-1331901000', '1331901000.5e3', '1331901000.000001']
		.map(ts => `${ts}\tCx\ta\t1\tb`).join('\n');
	t.deepEqual(readRecords('zeek', `${text}\n`), [
		connection(1_331_901_000_999, 'a', 'b'),
		connection(1_331_901_000_000, 'a', 'b'),
		'malformed',
		'malformed',
		'malformed',
		'malformed',
		'malformed',
		connection(1_331_901_000_000, 'a', 'b'),
	]);
});

test('#fields without one of ts, id.orig_h, id.resp_h makes every record malformed until a #fields that has them', t => {
	const text = '#separator \\x09\n#fields\tts\tid.orig_h\tid.orig_p\n1331901000\ta\t1\n#fields\tts\tid.orig_h\tid.resp_h\n1331901000\ta\tb\n';
	t.deepEqual(readRecords('zeek', text), ['skipped', 'skipped', 'malformed', 'skipped', connection(1_331_901_000_000, 'a', 'b')]);
});

test('records before any header are read in conn.log\'s own column order, tab-separated', t => {
	t.deepEqual(readRecords('zeek', `${records[2]!}\n`), [connection(1_331_901_001_000, '10.0.0.5', '10.0.0.1')]);
});

test('blank lines are not reported; CRLF line ends are taken off the last column', t => {
	const text = `#separator \\x09\r\n#fields\tid.orig_h\tts\tid.resp_h\r\n\r\n \t\na\t1331901000\tb\r\n`;
	t.deepEqual(readRecords('zeek', text), ['skipped', 'skipped', connection(1_331_901_000_000, 'a', 'b')]);
});

test('a last line without newline is read by finish() only', t => {
	const text = `${records[0]!}\n${records[2]!}`;
	t.is(readRecords('zeek', text).length, 1);
	t.is(readRecords('zeek', text, {finish: true}).length, 2);
});

test('the header state carries from chunk to chunk, whatever the cuts', t => {
	const whole = readRecords('zeek', conn);
	for (let cut = 1; cut < conn.length; cut += 7) {
		t.deepEqual(readRecords('zeek', conn, {cuts: [cut, cut + 3, cut + 200]}), whole, `cut at ${cut}`);
	}
});

test('a cursor given the head\'s header state reads the middle of a file as one that read the header', t => {
	const names = ['uid', 'id.resp_h', 'ts', 'id.orig_h'];
	const head = `#separator \\x09\n#fields\t${names.join('\t')}\n`;
	const body = 'Cx\t10.0.0.2\t1331901000.5\t10.0.0.1\nCy\t10.0.0.4\t1331901001.5\t10.0.0.3\n';
	const state = headerState('zeek', Buffer.from(head + body));
	t.like(state, {format: 'zeek', timestampColumn: 2, sourceColumn: 3, destinationColumn: 1});
	t.deepEqual(readRecords('zeek', body, {state}), [connection(1_331_901_000_500, '10.0.0.1', '10.0.0.2'), connection(1_331_901_001_500, '10.0.0.3', '10.0.0.4')]);
	// Without it the middle is read in conn.log's default order: the wrong columns.
	t.deepEqual(readRecords('zeek', body), ['malformed', 'malformed']);
});

test('fileState is what the header lines set; a fresh cursor has the default', t => {
	const cursor = new ZeekCursor();
	t.like(cursor.fileState, {timestampColumn: 0, sourceColumn: 2, destinationColumn: 4, separator: [9]});
	cursor.reset(Buffer.from('#separator \\x2c\n#fields,a,id.resp_h,ts,id.orig_h\n'));
	t.is(cursor.next(), lineResult.skipped);
	t.is(cursor.next(), lineResult.skipped);
	t.like(cursor.fileState, {separator: [0x2C], timestampColumn: 2, sourceColumn: 3, destinationColumn: 1});
});

/* Zeek's JSON writer. */

test('JSON: one object a line, "id.orig_h" one key, dots and all; ts a number', t => {
	const line = '{"ts":1331901000.486539,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"192.168.202.79","id.orig_p":50465,"id.resp_h":"192.168.229.251","id.resp_p":80,"proto":"tcp","service":"http","duration":0.000546,"orig_bytes":166,"resp_bytes":214,"conn_state":"SF","missed_bytes":0,"history":"ShADfFa","orig_pkts":4,"orig_ip_bytes":382,"resp_pkts":3,"resp_ip_bytes":382,"tunnel_parents":[]}';
	t.deepEqual(readRecords('zeek', `${line}\n`), [connection(1_331_901_000_486, '192.168.202.79', '192.168.229.251')]);
});

test('JSON: keys in any order, ts an ISO 8601 string (Zeek\'s JSON::TS_ISO8601), with or without an offset, or a string of seconds', t => {
	const lines = [
		'{"id.resp_h":"b","id.orig_h":"a","ts":"2012-03-16T12:30:00.486539Z"}',
		'{"ts":"2012-03-16T13:30:00.486539+01:00","id.orig_h":"a","id.resp_h":"b"}',
		'{"ts":"1331901000.486539","id.orig_h":"a","id.resp_h":"b"}',
		'{"ts":1.331901000486539e9,"id.orig_h":"a","id.resp_h":"b"}',
	];
	const expected = Date.parse('2012-03-16T12:30:00.486Z');
	t.deepEqual(readRecords('zeek', `${lines.join('\n')}\n`), [
		connection(expected, 'a', 'b'),
		connection(expected, 'a', 'b'),
		connection(1_331_901_000_486, 'a', 'b'),
		connection(1_331_901_000_486, 'a', 'b'),
	]);
});

test('JSON: a nested id object, a missing key, a null or a number where an address goes, or a line that is not JSON is malformed', t => {
	const lines = [
		'{"ts":1331901000,"id":{"orig_h":"a","resp_h":"b"}}',
		'{"ts":1331901000,"id.orig_h":"a"}',
		'{"ts":1331901000,"id.orig_h":null,"id.resp_h":"b"}',
		'{"ts":1331901000,"id.orig_h":17,"id.resp_h":"b"}',
		'{"ts":null,"id.orig_h":"a","id.resp_h":"b"}',
		'{"ts":1331901000,"id.orig_h":"a" "id.resp_h":"b"}',
		'{"ts":1331901000,"id.orig_h":"","id.resp_h":"b"}',
		'{"ts":1331901000,"id.orig_h":"a","id.resp_h":"b',
		'ts=1331901000 id.orig_h=a id.resp_h=b',
	];
	t.deepEqual(readRecords('zeek', `${lines.join('\n')}\n`), lines.map(() => 'malformed'));
});

test('JSON: what follows the three values is not read, so a line cut after them still counts', t => {
	t.deepEqual(readRecords('zeek', '{"ts":1331901000,"id.orig_h":"a","id.resp_h":"b","proto":"tc\n'), [connection(1_331_901_000_000, 'a', 'b')]);
});

test('JSON: only top-level members count, and strings that hold keys are stepped over', t => {
	const line = '{"note":"\\"id.orig_h\\":\\"6.6.6.6\\"","x":{"ts":1,"id.orig_h":"7.7.7.7","deep":[{"id.resp_h":"8.8.8.8"},"]}"]},"ts":1331901000.5,"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2"}';
	t.deepEqual(readRecords('zeek', `${line}\n`), [connection(1_331_901_000_500, '10.0.0.1', '10.0.0.2')]);
});

test('JSON: an address written with escapes is decoded into the cursor\'s hostBuffer', t => {
	const cursor = createCursor('zeek');
	const buffer = Buffer.from('{"ts":1331901000,"id.orig_h":"10.0.0.\\u0031","id.resp_h":"caf\\u00e9\\ud83d\\ude00\\/\\\\"}\n{"ts":1331901000,"id.orig_h":"a","id.resp_h":"b"}\n');
	t.deepEqual(readRecords('zeek', buffer, {cursor}), [connection(1_331_901_000_000, '10.0.0.1', 'café😀/\\'), connection(1_331_901_000_000, 'a', 'b')]);
	cursor.reset(buffer);
	t.is(cursor.next(), lineResult.line);
	t.not(cursor.hostBuffer, buffer, 'decoded bytes are not in the input');
	t.is(cursor.next(), lineResult.line);
	t.is(cursor.hostBuffer, buffer, 'plain addresses are read where they are');
});

test('JSON: an escape that is not JSON makes the record malformed; a lone surrogate decodes to U+FFFD', t => {
	const text = '{"ts":1,"id.orig_h":"a\\x41","id.resp_h":"b"}\n{"ts":1,"id.orig_h":"a\\u12","id.resp_h":"b"}\n{"ts":1,"id.orig_h":"\\ud800","id.resp_h":"b"}\n';
	t.deepEqual(readRecords('zeek', text), ['malformed', 'malformed', connection(1000, '\uFFFD', 'b')]);
});

test('TSV and JSON records may share a file, each read by its own rule', t => {
	const text = `${records[0]!}\n{"ts":1331901002,"id.orig_h":"a","id.resp_h":"b"}\n  {"ts":1331901003,"id.orig_h":"c","id.resp_h":"d"}\n`;
	t.deepEqual(connections(readRecords('zeek', text)).map(read => read.source), ['192.168.202.79', 'a', 'c']);
});
