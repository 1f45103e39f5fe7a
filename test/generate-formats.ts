import {isIP} from 'node:net';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import type {GenerateOptions} from '../source/commands/options.js';
import {detectFormat} from '../source/core/formats/detect-format.js';
import {defaultTolerances, type LogFormat} from '../source/core/formats/log-format.js';
import type {RecordFormat} from '../source/core/format-records.js';
import {startGenerator} from '../source/io/generator.js';
import {bruteReport} from './helpers/brute-count.js';
import {FakeTimers} from './helpers/fake-timers.js';
import {type Connection, connections, type Read, readRecords} from './helpers/read-records.js';

/*
`generate --format zeek|vpc|eve`: what it writes, read back by the formats' cursors, is the traffic the native generator writes for the same seed (the same connections, as late as the format makes them, within its default tolerance), in files shaped as the real sensors write them.
*/

const start = Date.UTC(2020, 11, 13, 17);
const formats: readonly RecordFormat[] = ['zeek', 'vpc', 'eve'];

async function temporaryDirectory(t: import('ava').ExecutionContext): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'generate-formats-'));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	return dir;
}

function options(dir: string, overrides: Partial<GenerateOptions>): GenerateOptions {
	return {dir, rate: 20, linesPerFile: 4000, maxFileAge: 3_600_000, disorder: 0, unit: 'ms', seed: 11, lines: 10_000, fast: true, start, ...overrides};
}

type FileRead = {readonly name: string; readonly text: string; readonly detected: LogFormat | undefined; readonly reads: Read[]};

/** Every log file of a directory in the order written, detected and read in its format as a finished file. */
async function readDirectory(dir: string, format: LogFormat): Promise<FileRead[]> {
	// Only the logs: a running generator keeps its lock file there too.
	const names = (await readdir(dir)).filter(name => /^log_\d+\.txt$/.test(name)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
	return Promise.all(names.map(async name => {
		const bytes = await readFile(path.join(dir, name));
		return {name, text: bytes.toString(), detected: detectFormat(bytes, bytes.length, true), reads: readRecords(format, bytes, {finish: true})};
	}));
}

async function generate(t: import('ava').ExecutionContext, overrides: Partial<GenerateOptions>): Promise<FileRead[]> {
	const dir = await temporaryDirectory(t);
	await startGenerator(options(dir, overrides)).done;
	return readDirectory(dir, overrides.format ?? 'native');
}

const key = (record: Connection) => `${record.timestamp} ${record.source} ${record.destination}`;

for (const format of formats) {
	test(`${format}: the connections read back are those of the native generator with the same seed, within ${format}'s default tolerance`, async t => {
		const hosts = ['web-1', 'db-2', 'Hannibal', 'cache-3', 'gw'];
		const files = await generate(t, {format, hosts});
		// VPC writes whole seconds: compare with the native generator writing seconds.
		const native = await generate(t, {hosts, unit: format === 'vpc' ? 's' : 'ms'});
		const read = files.flatMap(file => file.reads);
		t.false(read.includes('malformed'));
		t.true(files.every(file => file.detected === format), files.map(file => file.detected).join());
		const written = connections(read);
		const expected = connections(native.flatMap(file => file.reads));
		t.is(written.length, 10_000);
		t.deepEqual(written.map(record => key(record)).sort(), expected.map(record => key(record)).sort());

		// Late as the format writes them: out of order, yet never more than the tolerance behind a record before them.
		let newest = Number.NEGATIVE_INFINITY;
		let latest = 0;
		for (const record of written) {
			newest = Math.max(newest, record.timestamp);
			latest = Math.max(latest, newest - record.timestamp);
		}

		t.true(latest > 0, 'nothing came out of order');
		t.true(latest <= defaultTolerances[format], `${latest / 60_000} min late`);

		// So a reader that stops at the first record newer than to + tolerance counts any window right.
		for (const [from, to] of [[start, start + 60_000], [start + 1_800_000, start + 1_860_000], [start + 200_000, start + 400_000]] as const) {
			const seen: Connection[] = [];
			for (const record of written) {
				if (record.timestamp > to + defaultTolerances[format]) {
					break;
				}

				seen.push(record);
			}

			t.deepEqual(bruteReport(seen, 'Hannibal', from, to), bruteReport(expected, 'Hannibal', from, to));
		}
	});

	test(`${format}: --lines-per-file counts connections; the other records come on top`, async t => {
		const files = await generate(t, {format, lines: 2500, linesPerFile: 1000});
		t.deepEqual(files.map(file => connections(file.reads).length), [1000, 1000, 500]);
		t.true(files.flatMap(file => file.reads).includes('skipped'), 'no record without a connection');
	});

	test(`${format}: addresses, IPv4 and some IPv6, as the sensor writes them`, async t => {
		const files = await generate(t, {format, hostCount: 300, lines: 3000});
		const hosts = new Set(connections(files.flatMap(file => file.reads)).flatMap(record => [record.source, record.destination]));
		t.true([...hosts].every(host => isIP(host) !== 0), [...hosts].find(host => isIP(host) === 0));
		const v6 = [...hosts].filter(host => isIP(host) === 6).length;
		t.true(v6 > 0.05 * hosts.size && v6 < 0.25 * hosts.size, `${v6} of ${hosts.size}`);
		const five = await generate(t, {format, lines: 200});
		t.is(new Set(connections(five.flatMap(file => file.reads)).map(record => record.source)).size <= 5, true);
	});
}

test('zeek: each file opens with the full header block and closes with #close; records have all 21 columns of conn.log', async t => {
	const files = await generate(t, {format: 'zeek', lines: 3000, linesPerFile: 1000});
	const fields = 'ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents';
	for (const {text} of files) {
		const lines = text.split('\n').slice(0, -1);
		t.deepEqual(lines.slice(0, 5), ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn']);
		t.regex(lines[5]!, /^#open\t\d{4}(-\d\d){5}$/);
		t.is(lines[6], `#fields\t${fields.replaceAll(' ', '\t')}`);
		t.true(lines[7]!.startsWith('#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool'));
		t.regex(lines.at(-1)!, /^#close\t\d{4}(-\d\d){5}$/);
		for (const line of lines.slice(8, -1)) {
			const columns = line.split('\t');
			t.is(columns.length, 21, line);
			t.regex(columns[0]!, /^\d{10}\.\d{6}$/);
			t.regex(columns[1]!, /^C[A-Za-z\d]{17}$/);
			t.regex(columns[3]!, /^\d+$/);
			t.true(['tcp', 'udp', 'icmp'].includes(columns[6]!));
			t.true(['SF', 'S0', 'REJ', 'RSTO', 'RSTR', 'SH', 'OTH'].includes(columns[11]!));
			t.regex(columns[8]!, /^(-|\d+\.\d{6})$/);
		}
	}
});

test('vpc: each file opens with the v2 header; records have the 14 fields; NODATA and SKIPDATA records come now and then', async t => {
	const files = await generate(t, {format: 'vpc', lines: 20_000, linesPerFile: 10_000, hostCount: 50});
	const statuses = new Map<string, number>();
	for (const {text} of files) {
		const lines = text.split('\n').slice(0, -1);
		t.is(lines[0], 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status');
		for (const line of lines.slice(1)) {
			const fields = line.split(' ');
			t.is(fields.length, 14, line);
			t.is(fields[0], '2');
			t.regex(fields[1]!, /^\d{12}$/);
			t.regex(fields[2]!, /^eni-[\da-f]{17}$/);
			statuses.set(fields[13]!, (statuses.get(fields[13]!) ?? 0) + 1);
			if (fields[13] === 'OK') {
				t.true(['6', '17', '1'].includes(fields[7]!));
				t.true(['ACCEPT', 'REJECT'].includes(fields[12]!));
				t.true(Number(fields[11]) >= Number(fields[10]), 'end before start');
			} else {
				t.deepEqual(fields.slice(3, 10), ['-', '-', '-', '-', '-', '-', '-']);
			}
		}
	}

	t.is(statuses.get('OK'), 20_000);
	t.true((statuses.get('NODATA') ?? 0) > 50, JSON.stringify([...statuses]));
	t.true((statuses.get('SKIPDATA') ?? 0) > 0, JSON.stringify([...statuses]));
});

test('eve: every line is a JSON object; flow events carry flow.start and end, and dns and alert events come among them', async t => {
	const files = await generate(t, {format: 'eve', lines: 5000, hostCount: 200});
	const types = new Map<string, number>();
	for (const line of files.flatMap(file => file.text.split('\n').slice(0, -1))) {
		const event = JSON.parse(line) as {event_type: string; timestamp: string; src_ip: string; dest_ip: string; flow?: {start: string; end?: string}};
		types.set(event.event_type, (types.get(event.event_type) ?? 0) + 1);
		t.regex(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+0100$/);
		if (event.event_type === 'flow') {
			t.true(Date.parse(event.flow!.start.replace(/(\d\d)(\d\d)$/, '$1:$2')) <= Date.parse(event.flow!.end!.replace(/(\d\d)(\d\d)$/, '$1:$2')));
			t.true(Date.parse(event.flow!.start.replace(/(\d\d)(\d\d)$/, '$1:$2')) <= Date.parse(event.timestamp.replace(/(\d\d)(\d\d)$/, '$1:$2')), 'written before it started');
		}
	}

	t.is(types.get('flow'), 5000);
	t.true((types.get('dns') ?? 0) > 250, JSON.stringify([...types]));
	t.true((types.get('alert') ?? 0) > 10, JSON.stringify([...types]));
});

test('live: records wait until the format writes them, and a stop writes what is held', async t => {
	const dir = await temporaryDirectory(t);
	const timers = new FakeTimers();
	const origin = timers.time;
	const generator = startGenerator({...options(dir, {format: 'zeek', rate: 50}), fast: false, start: undefined, lines: undefined}, {}, {timers});
	for (let tick = 0; tick < 100; tick++) {
		// eslint-disable-next-line no-await-in-loop
		await timers.advance(generator, 100);
	}

	const before = connections((await readDirectory(dir, 'zeek')).flatMap(file => file.reads));
	// Every record on disk was due: its connection ended (plus Zeek's delay) by now; the long ones are still held.
	t.true(before.length > 0 && before.length < 500, String(before.length));
	t.true(before.every(record => record.timestamp <= timers.time));
	await generator.stop();
	const after = connections((await readDirectory(dir, 'zeek')).flatMap(file => file.reads));
	t.is(after.length, 501, '10 s at 50 a second, plus the one at 0');
	t.deepEqual(after.map(record => record.timestamp).sort((a, b) => a - b), Array.from({length: 501}, (_, index) => origin + (index * 20)));
});
