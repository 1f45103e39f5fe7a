import {mkdtemp, open, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import test, {type ExecutionContext} from 'ava';
import {runQuery} from '../source/commands/query.js';
import type {CommandIo, QueryOptions} from '../source/commands/options.js';
import {defaultTolerances, type FormatChoice, type LogFormat} from '../source/core/formats/log-format.js';
import {startGenerator} from '../source/io/generator.js';
import {buildReport, type TopBy} from '../source/core/report.js';
import {type FileAnswer, queryFile} from '../source/io/query-file.js';
import type {ParallelOptions} from '../source/io/parallel-scan.js';
import {answers, bruteReport, type ParsedLine} from './helpers/brute-count.js';
import {bruteRead} from './helpers/brute-formats.js';

/*
`query` over files of every format (SPEC section 6): hand-worked files with every rule, the generator's output and large files of each format against a brute force over the same text (test/helpers/brute-formats.ts, which shares no code with the cursors), with seeking, across worker threads, and several formats in one query.
*/

let directory: string;
let fileNumber = 0;

test.before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'dashboard-query-formats-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

async function logFile(name: string, content: string): Promise<string> {
	const path = join(directory, `${fileNumber++}-${name}`);
	await writeFile(path, content);
	return path;
}

function collector(): {stream: Writable; text: () => string} {
	let text = '';
	const stream = new Writable({
		write(chunk: Uint8Array, _encoding, done) {
			text += Buffer.from(chunk).toString();
			done();
		},
	});
	return {stream, text: () => text};
}

type Run = {readonly stdout: string; readonly stderr: string};

async function query(files: readonly string[], window: {host: string; from: number; to: number}, options: {format?: FormatChoice; json?: boolean; topBy?: 'source' | 'involved'} = {}): Promise<Run> {
	const stdout = collector();
	const stderr = collector();
	const io: CommandIo = {stdout: stdout.stream, stderr: stderr.stream};
	const format = options.format ?? 'auto';
	const queryOptions: QueryOptions = {
		files,
		...window,
		json: options.json ?? true,
		format,
		tolerance: defaultTolerances[format === 'auto' ? 'native' : format],
		tolerances: defaultTolerances,
		topBy: options.topBy ?? 'source',
	};
	await runQuery(queryOptions, io);
	return {stdout: stdout.text(), stderr: stderr.text()};
}

const rows = (...pairs: Array<[string, number]>) => pairs.map(([host, count]) => ({host, count}));

/* Hand-worked files: each rule of the format once, the answers worked out by hand. */

const zeekTsv = [
	'#separator \\x09',
	'#set_separator\t,',
	'#empty_field\t(empty)',
	'#unset_field\t-',
	'#path\tconn',
	'#open\t2020-12-13-17-00-00',
	// Not the default order: the header decides which column is which.
	'#fields\tuid\tid.resp_h\tts\tid.orig_h\tproto',
	'#types\tstring\taddr\ttime\taddr\tenum',
	'C1\t10.0.0.5\t1607878800.500731\t10.0.0.1\ttcp',
	'C2\t10.0.0.9\t1607878801.000000\t10.0.0.5\tudp',
	'C3\t-\t1607878802.1\t10.0.0.2\ttcp',
	'C4\t10.0.0.5\t1607878803\t10.0.0.3\ttcp',
	'#close\t2020-12-13-18-00-00',
	// A second log in the same file, with other columns.
	'#fields\tts\tid.orig_h\tid.resp_h\tuid',
	'#types\ttime\taddr\taddr\tstring',
	'1607878804.999\t10.0.0.5\t10.0.0.5\tC5',
	'1607878900.000\t10.0.0.4\t10.0.0.5\tC6',
].join('\n') + '\n';

test('Zeek TSV: columns as #fields names them, a second #fields re-mapping them, an unset address malformed', async t => {
	const path = await logFile('conn.log', zeekTsv);
	const report = JSON.parse((await query([path], {host: '10.0.0.5', from: 1_607_878_800_500, to: 1_607_878_804_999})).stdout);
	t.deepEqual(report.connectedTo, rows(['10.0.0.1', 1], ['10.0.0.3', 1], ['10.0.0.5', 1]));
	t.deepEqual(report.receivedFrom, rows(['10.0.0.5', 1], ['10.0.0.9', 1]));
	t.deepEqual(report.top.leaders, rows(['10.0.0.5', 2]));
	t.deepEqual(report.top.ranking, rows(['10.0.0.5', 2], ['10.0.0.1', 1], ['10.0.0.3', 1]));
	t.deepEqual(report.stats, {lines: 4, malformed: 1});
	t.deepEqual(report.files, [{path, format: 'zeek'}]);
});

test('Zeek JSON: ts as seconds or ISO 8601, keys in any order, an escaped address decoded', async t => {
	const path = await logFile('conn.json', [
		'{"ts":1607878800.123,"uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.5","id.resp_p":80}',
		'{"ts":"2020-12-13T17:00:01.5Z","uid":"C2","id.orig_h":"10.0.0.\\u0035","id.resp_h":"10.0.0.2"}',
		'{"ts":"2020-12-13T17:00:02.000000Z","id.orig_h":"10.0.0.3"}',
		'{"uid":"C4","id.resp_h":"10.0.0.5","id.orig_h":"fe80::1","ts":1607878803}',
		'{"ts":1607878803.001,"id.orig_h":"10.0.0.5","id.resp_h":"10.0.0.6"}',
	].join('\n'));
	const report = JSON.parse((await query([path], {host: '10.0.0.5', from: 1_607_878_800_123, to: 1_607_878_803_000})).stdout);
	t.deepEqual(report.connectedTo, rows(['10.0.0.1', 1], ['fe80::1', 1]));
	t.deepEqual(report.receivedFrom, rows(['10.0.0.2', 1]));
	t.deepEqual(report.top.leaders, rows(['10.0.0.1', 1], ['10.0.0.5', 1], ['fe80::1', 1]));
	t.deepEqual(report.stats, {lines: 3, malformed: 1});
	t.deepEqual(report.files, [{path, format: 'zeek'}]);
});

const vpcLog = [
	'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
	'2 123456789010 eni-1235b8ca123456789 10.0.0.1 10.0.0.5 443 50000 6 10 5000 1607878800 1607878860 ACCEPT OK',
	'2 123456789010 eni-1235b8ca123456789 - - - - - - - 1607878801 1607878860 - NODATA',
	'2 123456789010 eni-1235b8ca123456789 10.0.0.5 10.0.0.1 50000 443 6 10 5000 1607878802 1607878860 ACCEPT OK',
	'2 123456789010 eni-1235b8ca123456789 10.0.0.5 10.0.0.7 50000 443 6 10 5000',
	'2 123456789010 eni-1235b8ca123456789 10.0.0.2 10.0.0.5 50000 443 6 10 5000 1607878803 1607878860 REJECT OK',
	'2 123456789010 eni-1235b8ca123456789 - - - - - - - 1607878803 1607878860 - SKIPDATA',
	'2 123456789010 eni-1235b8ca123456789 10.0.0.9 10.0.0.5 50000 443 6 10 5000 1607878804 1607878860 ACCEPT OK',
].join('\n') + '\n';

test('VPC Flow Logs: the header line and NODATA, SKIPDATA records skipped, a short record malformed', async t => {
	const path = await logFile('flow.log', vpcLog);
	const report = JSON.parse((await query([path], {host: '10.0.0.5', from: 1_607_878_800_000, to: 1_607_878_803_000})).stdout);
	t.deepEqual(report.connectedTo, rows(['10.0.0.1', 1], ['10.0.0.2', 1]));
	t.deepEqual(report.receivedFrom, rows(['10.0.0.1', 1]));
	t.deepEqual(report.top.ranking, rows(['10.0.0.1', 1], ['10.0.0.2', 1], ['10.0.0.5', 1]));
	t.deepEqual(report.stats, {lines: 3, malformed: 1});
	t.deepEqual(report.files, [{path, format: 'vpc'}]);
});

const eveLog = [
	'{"timestamp":"2020-12-13T18:00:00.100000+0100","event_type":"dns","src_ip":"10.0.0.5","dest_ip":"10.0.0.53","dns":{"type":"query"}}',
	'{"timestamp":"2020-12-13T18:00:01.000000+0100","flow_id":1,"event_type":"flow","src_ip":"10.0.0.1","src_port":1,"dest_ip":"10.0.0.5","dest_port":443,"proto":"TCP","flow":{"pkts_toserver":1,"start":"2020-12-13T18:00:00.250547+0100","end":"2020-12-13T18:00:01.000000+0100"}}',
	'{"event_type":"alert","src_ip":"10.0.0.1","dest_ip":"10.0.0.5","alert":{"signature":"x"}}',
	'{"event_type":"flow","src_ip":"10.0.0.5","dest_ip":"10.0.0.8","flow":{"start":"2020-12-13T12:00:01.000000-0500"}}',
	'{"event_type":"flow","src_ip":"10.0.0.6","flow":{"start":"2020-12-13T17:00:02Z"}}',
	'{"event_type":"flow","src_ip":"10.0.0.7","dest_ip":"10.0.0.5","flow":{"start":"2020-12-13T17:00:03.999+0000"}}',
	'{"event_type":"flow","src_ip":"10.0.0.7","dest_ip":"10.0.0.5","flow":{"start":"2020-12-13T17:00:04.000+0000"}}',
].join('\n') + '\n';

test('eve.json: only flow events, at flow.start with its offset; a flow without dest_ip malformed', async t => {
	const path = await logFile('eve.json', eveLog);
	const report = JSON.parse((await query([path], {host: '10.0.0.5', from: 1_607_878_800_250, to: 1_607_878_803_999})).stdout);
	t.deepEqual(report.connectedTo, rows(['10.0.0.1', 1], ['10.0.0.7', 1]));
	t.deepEqual(report.receivedFrom, rows(['10.0.0.8', 1]));
	t.deepEqual(report.top.ranking, rows(['10.0.0.1', 1], ['10.0.0.5', 1], ['10.0.0.7', 1]));
	t.deepEqual(report.stats, {lines: 3, malformed: 1});
	t.deepEqual(report.files, [{path, format: 'eve'}]);
});

test('the brute force reads the hand-worked files as they were worked out by hand', t => {
	const counted = (format: LogFormat, text: string) => {
		const {connections, malformed, skipped} = bruteRead(format, text);
		return {connections: connections.map(({timestamp, source, destination}) => `${timestamp} ${source} ${destination}`), malformed, skipped};
	};

	t.deepEqual(counted('zeek', zeekTsv), {
		connections: ['1607878800500 10.0.0.1 10.0.0.5', '1607878801000 10.0.0.5 10.0.0.9', '1607878803000 10.0.0.3 10.0.0.5', '1607878804999 10.0.0.5 10.0.0.5', '1607878900000 10.0.0.4 10.0.0.5'],
		malformed: 1,
		skipped: 11,
	});
	t.deepEqual(counted('vpc', vpcLog), {
		connections: ['1607878800000 10.0.0.1 10.0.0.5', '1607878802000 10.0.0.5 10.0.0.1', '1607878803000 10.0.0.2 10.0.0.5', '1607878804000 10.0.0.9 10.0.0.5'],
		malformed: 1,
		skipped: 3,
	});
	t.deepEqual(counted('eve', eveLog), {
		connections: ['1607878800250 10.0.0.1 10.0.0.5', '1607878801000 10.0.0.5 10.0.0.8', '1607878803999 10.0.0.7 10.0.0.5', '1607878804000 10.0.0.7 10.0.0.5'],
		malformed: 1,
		skipped: 2,
	});
});

test('files of every format in one query add up, and the text output names each format but native', async t => {
	const paths = [
		await logFile('conn.log', zeekTsv),
		await logFile('flow.log', vpcLog),
		await logFile('eve.json', eveLog),
		await logFile('app.log', '1607878800000 10.0.0.5 10.0.0.1\n1607878801000 web 10.0.0.5\n'),
	];
	const window = {host: '10.0.0.5', from: 1_607_878_800_000, to: 1_607_878_805_000};
	const report = JSON.parse((await query(paths, window)).stdout);
	const all = [['zeek', zeekTsv], ['vpc', vpcLog], ['eve', eveLog], ['native', '1607878800000 10.0.0.5 10.0.0.1\n1607878801000 web 10.0.0.5\n']] as const;
	const lines: ParsedLine[] = all.flatMap(([format, text]) => bruteRead(format, text).connections);
	t.deepEqual(answers(report), bruteReport(lines, window.host, window.from, window.to));
	t.deepEqual(report.files.map((file: {format: string}) => file.format), ['zeek', 'vpc', 'eve', 'native']);
	const text = (await query(paths, window, {json: false})).stdout;
	const named = text.split('\n').filter(line => / (Zeek conn\.log|VPC Flow Logs|Suricata eve\.json|native)$/.test(line));
	t.deepEqual(named, [`${paths[0]}: Zeek conn.log`, `${paths[1]}: VPC Flow Logs`, `${paths[2]}: Suricata eve.json`]);
});

test('a forced --format reads every file in it; one that does not fit gets one warning with its malformed lines, the answers stand', async t => {
	const conn = await logFile('conn.log', zeekTsv);
	const app = await logFile('app.log', '1607878800000 10.0.0.5 10.0.0.1\n\n1607878801000 web 10.0.0.5\n1607878802000 a b\n');
	const window = {host: '10.0.0.5', from: 1_607_878_800_000, to: 1_607_878_805_000};
	const forced = await query([conn, app], window, {format: 'zeek'});
	const report = JSON.parse(forced.stdout);
	t.deepEqual(report.files, [{path: conn, format: 'zeek'}, {path: app, format: 'zeek'}]);
	t.deepEqual(answers(report), bruteReport(bruteRead('zeek', zeekTsv).connections, window.host, window.from, window.to));
	t.is(report.stats.malformed, 1 + 3);
	t.is(forced.stderr, `dashboard: warning: '${app}' does not look like Zeek conn.log: 3 malformed lines, none read (--format auto tells each file's format)\n`);
	// Native forced on the Zeek file: every record and header line is malformed.
	const native = await query([conn], window, {format: 'native'});
	t.is(JSON.parse(native.stdout).stats.lines, 0);
	t.regex(native.stderr, /^dashboard: warning: '.*conn\.log' does not look like native: 17 malformed lines, none read/);
	// The same files read with auto: no warning.
	t.is((await query([conn, app], window)).stderr, '');
});

/* The generator's output, read back. */

const generatorStart = Date.UTC(2020, 11, 13, 17);

async function generated(t: ExecutionContext, format: LogFormat, lines: number): Promise<string[]> {
	const dir = await mkdtemp(join(directory, `generated-${format}-`));
	await startGenerator({dir, format, rate: 20, linesPerFile: 5000, maxFileAge: 86_400_000, disorder: 0, unit: 'ms', seed: 5, lines, fast: true, start: generatorStart, hostCount: 40}).done;
	const names = (await readdir(dir)).filter(name => /^log_\d+\.txt$/.test(name));
	t.true(names.length >= 2, 'several files');
	return names.map(name => join(dir, name));
}

/** The window's answers of several files, by `queryFile` one file at a time, merged as the command merges them. */
type Window = {readonly host: string; readonly from: number; readonly to: number; readonly topBy: TopBy};

async function queryFiles(paths: readonly string[], window: Window, parallel: ParallelOptions = {}, choice: FormatChoice = 'auto'): Promise<{answers: ReturnType<typeof answers>; malformed: number; bytesRead: number; files: FileAnswer[]}> {
	const found: FileAnswer[] = [];
	for (const path of paths) {
		// eslint-disable-next-line no-await-in-loop
		const handle = await open(path);
		try {
			// eslint-disable-next-line no-await-in-loop
			found.push(await queryFile(handle, await handle.stat(), {choice, tolerances: defaultTolerances}, window, parallel));
		} finally {
			// eslint-disable-next-line no-await-in-loop
			await handle.close();
		}
	}

	const [total, ...rest] = found.map(answer => answer.tally);
	for (const tally of rest) {
		total!.merge(tally, false);
	}

	const report = buildReport(total!, {...window, topLimit: 10});
	return {answers: answers(report), malformed: report.stats.malformed, bytesRead: found.reduce((sum, answer) => sum + answer.bytesRead, 0), files: found};
}

async function bruteOfFiles(format: LogFormat, paths: readonly string[]): Promise<ParsedLine[]> {
	const texts = await Promise.all(paths.map(async path => readFile(path, 'utf8')));
	return texts.flatMap(text => bruteRead(format, text).connections);
}

for (const format of ['zeek', 'vpc', 'eve'] as const) {
	test(`${format}: the generator's files, detected and queried over random windows, one thread and workers, give the brute force's answers`, async t => {
		const paths = await generated(t, format, 12_000);
		const lines = await bruteOfFiles(format, paths);
		t.is(lines.length, 12_000);
		const first = Math.min(...lines.map(line => line.timestamp));
		const last = Math.max(...lines.map(line => line.timestamp));
		const busiest = lines[0]!.source;
		for (const [start, width, topBy, threads] of [[0, 1, 'source', true], [0.3, 0.01, 'involved', false], [0.5, 0.2, 'source', true], [0.95, 0.1, 'involved', false]] as const) {
			const from = Math.round(first + ((last - first) * start));
			const to = Math.round(from + ((last - first) * width));
			const window = {host: busiest, from, to, topBy};
			const truth = bruteReport(lines, busiest, from, to, topBy);
			t.true(truth.lines > 0);
			// eslint-disable-next-line no-await-in-loop
			const single = await queryFiles(paths, window);
			t.deepEqual(single.answers, truth, `[${from}, ${to}]`);
			t.is(single.malformed, 0);
			t.true(single.files.every(file => file.reading.format === format && !file.misfit));
			if (threads) {
				// eslint-disable-next-line no-await-in-loop
				const across = await queryFiles(paths, window, {threshold: 1, threads: 3, headStart: 0});
				t.deepEqual(across.answers, truth, `[${from}, ${to}] across threads`);
			}
		}
	});
}

/* Large files of each format, written here, for the binary search to have room. */

type Connection = {readonly timestamp: number; readonly source: string; readonly destination: string};

const addresses = Array.from({length: 60}, (_, i) => (i % 7 === 0 ? `fd00::${i.toString(16)}` : `10.0.${i % 5}.${i}`));

/** `count` connections 2 s apart, each up to `late` ms late (a sensor's lateness), from a fixed pseudo-random sequence. */
function connectionsOf(count: number, late: number): Connection[] {
	let seed = 12_345;
	const next = () => {
		seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
		return seed / 4_294_967_296;
	};

	return Array.from({length: count}, (_, i) => ({
		timestamp: 1_600_000_000_000 + (i * 2000) - Math.floor(next() * late),
		source: addresses[Math.floor(next() * next() * addresses.length)]!,
		destination: addresses[Math.floor(next() * addresses.length)]!,
	}));
}

const secondsOf = (timestamp: number) => `${Math.floor(timestamp / 1000)}.${String(timestamp % 1000).padStart(3, '0')}417`;
const isoOf = (timestamp: number) => `${new Date(timestamp + 3_600_000).toISOString().slice(0, 23)}417+0100`;

/** Connections written as `kind`, with the lines that carry none among them. */
const writers: Record<'zeek' | 'zeekJson' | 'vpc' | 'eve', (records: readonly Connection[]) => string> = {
	zeek(records) {
		const header = '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2020-09-13-12-26-40\n#fields\tuid\tid.resp_h\tproto\tts\tid.orig_h\tduration\n#types\tstring\taddr\tenum\ttime\taddr\tinterval\n';
		return header + records.map((record, i) => `C${i}\t${record.destination}\ttcp\t${secondsOf(record.timestamp)}\t${record.source}\t${i % 3 === 0 ? '-' : '1.25'}\n`).join('') + '#close\t2020-09-15-12-00-00\n';
	},
	zeekJson: records => records.map((record, i) => `{"ts":${secondsOf(record.timestamp)},"uid":"C${i}","id.orig_h":"${record.source}","id.orig_p":5000,"id.resp_h":"${record.destination}","id.resp_p":443,"proto":"tcp"}\n`).join(''),
	vpc(records) {
		// A custom format's order, named by the header: read with version 2's columns, `packets` would pass for `start`.
		const header = 'version start end srcaddr dstaddr account-id interface-id srcport dstport protocol bytes packets action log-status\n';
		return header + records.map((record, i) => {
			const start = Math.floor(record.timestamp / 1000);
			return (i % 50 === 0 ? `2 ${start} ${start + 60} - - 123456789010 eni-0a1b2c3d - - - - - - NODATA\n` : '')
				+ `2 ${start} ${start + 60} ${record.source} ${record.destination} 123456789010 eni-0a1b2c3d 443 50000 6 5000 ${10 + (i % 90)} ACCEPT OK\n`;
		}).join('');
	},
	eve: records => records.map((record, i) => (i % 4 === 0 ? `{"timestamp":"${isoOf(record.timestamp)}","event_type":"dns","src_ip":"${record.source}","dest_ip":"10.0.0.53","dns":{"type":"query","rrname":"example.com"}}\n` : '')
		+ `{"timestamp":"${isoOf(record.timestamp)}","flow_id":${i},"event_type":"flow","src_ip":"${record.source}","src_port":5000,"dest_ip":"${record.destination}","dest_port":443,"proto":"TCP","flow":{"pkts_toserver":3,"start":"${isoOf(record.timestamp)}","end":"${isoOf(record.timestamp)}","age":0}}\n`).join(''),
};

const formatOf = {zeek: 'zeek', zeekJson: 'zeek', vpc: 'vpc', eve: 'eve'} as const;

for (const kind of ['zeek', 'zeekJson', 'vpc', 'eve'] as const) {
	test(`${kind}: a narrow window of a large file is found by seeking, with the format's tolerance and header, and answers as the brute force does`, async t => {
		const format = formatOf[kind];
		// Later than the format's default tolerance allows a record to be would break the order: stay within it.
		const records = connectionsOf(80_000, defaultTolerances[format] - 1000);
		const text = writers[kind](records);
		const path = await logFile(`${kind}.log`, text);
		const lines = bruteRead(format, text).connections;
		t.is(lines.length, records.length);
		const middle = records[40_000]!.timestamp;
		const window = {host: addresses[1]!, from: middle, to: middle + 600_000, topBy: 'involved' as const};
		const truth = bruteReport(lines, window.host, window.from, window.to, 'involved');
		t.true(truth.lines > 250);
		const single = await queryFiles([path], window);
		t.deepEqual(single.answers, truth);
		t.is(single.malformed, 0);
		// The window is 10 minutes of about 44 hours, widened by the tolerance on both sides: most of the file is left unread.
		t.true(single.bytesRead < text.length / 4, `${single.bytesRead} of ${text.length} bytes read`);
		const threads = await queryFiles([path], window, {threshold: 1, threads: 3, headStart: 0});
		t.deepEqual(threads.answers, truth);
		const whole = {...window, from: 0, to: Number.MAX_SAFE_INTEGER};
		const all = await queryFiles([path], whole, {threshold: 1, threads: 3, headStart: 0});
		t.deepEqual(all.answers, bruteReport(lines, window.host, whole.from, whole.to, 'involved'));
		t.is(all.bytesRead, text.length);
	});
}

test('Zeek: a second log with other columns in the middle of a file is read right by the worker threads after it', async t => {
	const records = connectionsOf(30_000, 60_000);
	const half = 15_000;
	const first = writers.zeek(records.slice(0, half));
	const second = '#fields\tts\tid.orig_h\tid.resp_h\tuid\n#types\ttime\taddr\taddr\tstring\n' + records.slice(half).map((record, i) => `${secondsOf(record.timestamp)}\t${record.source}\t${record.destination}\tD${i}\n`).join('');
	const text = first + second;
	const path = await logFile('two-logs.log', text);
	const lines = bruteRead('zeek', text).connections;
	t.is(lines.length, records.length);
	const window = {host: addresses[1]!, from: 0, to: Number.MAX_SAFE_INTEGER, topBy: 'source' as const};
	const truth = bruteReport(lines, window.host, window.from, window.to);
	for (const threads of [1, 2, 3, 5]) {
		// eslint-disable-next-line no-await-in-loop
		const found = await queryFiles([path], window, {threshold: 1, threads, headStart: 0});
		t.deepEqual(found.answers, truth, `${threads} threads`);
		t.is(found.malformed, 0, `${threads} threads`);
	}
});
