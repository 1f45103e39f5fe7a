import test from 'ava';
import fc from 'fast-check';
import {defaultTolerances, headerState, type LogFormat} from '../source/core/formats/log-format.js';
import {bruteReport} from './helpers/brute-count.js';
import {type Connection, connections, type Read, readRecords} from './helpers/read-records.js';

/*
A property per format: random connections, each up to the format's default tolerance late, written in the format with the lines that carry none (headers, NODATA, other events) and malformed ones among them, read back in random chunks. What the cursor reads must be exactly what was written, and a reader that stops at the first record newer than `to + tolerance` must count any window as a brute force over all the records does. The files are written here with plain strings, sharing no code with the generator.
*/

type Written = {readonly text: string; readonly expected: readonly Read[]; readonly records: readonly Connection[]; readonly headerEnd: number};

const addresses = ['10.0.0.5', '10.0.0.1', '192.168.1.20', '172.16.4.2', '93.184.216.34', 'fe80::1', '2001:db8::8a2e:370:7334', 'fd00:1:2::a', '::1'];
const oddNames = ['Zoë', 'a"b', 'back\\slash', '😀', 'x', 'evil\u001B[31m', 'sp ace', 'tab\tbed'];

/** Connections in time order, each stamped up to `tolerance` before its time. */
function connectionsArbitrary(tolerance: number, hosts: fc.Arbitrary<string>) {
	return fc.array(fc.record({gap: fc.integer({min: 0, max: 2 * tolerance}), late: fc.integer({min: 0, max: tolerance}), source: hosts, destination: hosts}), {maxLength: 60})
		.map(items => {
			let time = 1_600_000_000_000;
			return items.map(({gap, late, source, destination}) => {
				time += gap;
				return {timestamp: time - late, source, destination};
			});
		});
}

const noise = fc.array(fc.integer({min: 0, max: 9}), {minLength: 60, maxLength: 60});

function hostsWithout(pattern: RegExp) {
	return fc.constantFrom(...[...addresses, ...oddNames].filter(host => !pattern.test(host)));
}

/** Interleave the records with the extra lines `extra(kind)` chosen by the noise: 0 a malformed line, 1 a skipped one, 2 a blank one, else nothing. */
function interleave(records: readonly Connection[], encode: (record: Connection) => string, extra: (kind: 0 | 1 | 2) => string, kinds: readonly number[]) {
	const lines: string[] = [];
	const expected: Read[] = [];
	for (const [index, record] of records.entries()) {
		const kind = kinds[index % kinds.length]!;
		if (kind <= 2) {
			lines.push(extra(kind as 0 | 1 | 2));
			if (kind < 2) {
				expected.push(kind === 0 ? 'malformed' : 'skipped');
			}
		}

		lines.push(encode(record));
		expected.push(record);
	}

	return {lines, expected};
}

const seconds = (timestamp: number, digits: string) => `${Math.floor(timestamp / 1000)}.${String(timestamp % 1000).padStart(3, '0')}${digits}`;

function isoLocal(timestamp: number, offsetMinutes: number, digits: string): string {
	const local = new Date(timestamp + (offsetMinutes * 60_000)).toISOString().slice(0, 23);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const absolute = Math.abs(offsetMinutes);
	return `${local}${digits}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}

/** A JSON string, sometimes with every character as a \u escape, to make the cursor decode. */
function jsonString(text: string, escapeAll: boolean): string {
	return escapeAll ? `"${text.split('').map(unit => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(text);
}

const zeekColumns = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'extra_a', 'extra_b'];
const permutation = (names: readonly string[]) => fc.shuffledSubarray([...names], {minLength: names.length, maxLength: names.length});

const zeekTsv = fc.record({
	records: connectionsArbitrary(defaultTolerances.zeek, hostsWithout(/[\t\n\r]|^[#{ ]/)),
	order: fc.integer({min: 3, max: zeekColumns.length}).chain(count => permutation(['ts', 'id.orig_h', 'id.resp_h', ...zeekColumns.filter(name => !['ts', 'id.orig_h', 'id.resp_h'].includes(name)).slice(0, count - 3)])),
	second: fc.option(permutation(['ts', 'id.orig_h', 'id.resp_h', 'uid', 'proto'])),
	digits: fc.stringMatching(/^\d{0,3}$/),
	kinds: noise,
}).map(({records, order, second, digits, kinds}): Written => {
	const headerOf = (columns: readonly string[]) => `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#fields\t${columns.join('\t')}\n#types\t${columns.map(() => 'string').join('\t')}`;
	const row = (columns: readonly string[]) => (record: Connection) => columns.map(name => ({ts: seconds(record.timestamp, digits), 'id.orig_h': record.source, 'id.resp_h': record.destination})[name] ?? '-').join('\t');
	const half = second ? Math.floor(records.length / 2) : records.length;
	const first = interleave(records.slice(0, half), row(order), kind => [`${order.map(name => name === 'ts' ? '-' : 'x').join('\t')}`, '#comment of another tool', ' \t'][kind]!, kinds);
	const header = headerOf(order);
	const lines = [header, ...first.lines];
	const expected: Read[] = [...Array.from({length: 7}, () => 'skipped' as const), ...first.expected];
	if (second) {
		const rest = interleave(records.slice(half), row(second), kind => ['x', '#close\t2020', ''][kind]!, kinds);
		lines.push('#close\t2020-01-01-00-00-00', headerOf(second), ...rest.lines);
		expected.push(...Array.from({length: 8}, () => 'skipped' as const), ...rest.expected);
	}

	return {text: `${lines.join('\n')}\n`, expected, records, headerEnd: second ? -1 : header.length + 1};
});

const zeekJson = fc.record({
	records: connectionsArbitrary(defaultTolerances.zeek, hostsWithout(/^$/)),
	iso: fc.boolean(),
	offset: fc.integer({min: -720, max: 840}),
	escapeAll: fc.boolean(),
	kinds: noise,
}).map(({records, iso, offset, escapeAll, kinds}): Written => {
	const encode = (record: Connection) => {
		const ts = iso ? `"${isoLocal(record.timestamp, offset, '123')}"` : seconds(record.timestamp, '539');
		return `{"ts":${ts},"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":${jsonString(record.source, escapeAll)},"id.orig_p":50465,"id.resp_h":${jsonString(record.destination, escapeAll)},"id.resp_p":80,"proto":"tcp","tunnel_parents":[]}`;
	};

	const {lines, expected} = interleave(records, encode, kind => ['{"ts":1,"id.orig_h":"a"}', '#comment', '  '][kind]!, kinds);
	return {text: `${lines.join('\n')}\n`, expected, records, headerEnd: 0};
});

const vpcNames = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status'];

const vpc = fc.record({
	// A second less late than the tolerance, as `start` is whole seconds.
	records: connectionsArbitrary(defaultTolerances.vpc - 1000, hostsWithout(/[ \t]|^-$/)).map(records => records.map(record => ({...record, timestamp: record.timestamp - (record.timestamp % 1000)}))),
	order: fc.option(permutation(vpcNames)),
	kinds: noise,
}).map(({records, order, kinds}): Written => {
	const columns = order ?? vpcNames;
	const values = (record: Connection | undefined) => ({version: '2', 'account-id': '123456789010', 'interface-id': 'eni-1235b8ca123456789', srcaddr: record?.source ?? '-', dstaddr: record?.destination ?? '-', srcport: record ? '443' : '-', dstport: record ? '50000' : '-', protocol: record ? '6' : '-', packets: record ? '10' : '-', bytes: record ? '5000' : '-', start: record ? String(record.timestamp / 1000) : '1431280876', end: '1431280934', action: record ? 'ACCEPT' : '-', 'log-status': record ? 'OK' : 'NODATA'});
	const encode = (record: Connection | undefined) => columns.map(name => values(record)[name as keyof ReturnType<typeof values>]).join(' ');
	const {lines, expected} = interleave(records, encode, kind => [encode(records[0]).split(' ').slice(1).join(' '), encode(undefined), ''][kind]!, kinds);
	const header = columns.join(' ');
	return {text: `${header}\n${lines.join('\n')}\n`, expected: ['skipped', ...expected], records, headerEnd: header.length + 1};
});

const eve = fc.record({
	records: connectionsArbitrary(defaultTolerances.eve, hostsWithout(/^$/)),
	offset: fc.integer({min: -720, max: 840}),
	escapeAll: fc.boolean(),
	typeLast: fc.boolean(),
	kinds: noise,
}).map(({records, offset, escapeAll, typeLast, kinds}): Written => {
	const encode = (record: Connection) => {
		const start = isoLocal(record.timestamp, offset, '547');
		const addressesPart = `"src_ip":${jsonString(record.source, escapeAll)},"src_port":52311,"dest_ip":${jsonString(record.destination, escapeAll)},"dest_port":443,"proto":"TCP"`;
		const flow = `"flow":{"pkts_toserver":12,"bytes_toserver":1500,"start":"${start}","end":"${start}","age":1,"state":"closed"}`;
		const tunnel = '"tunnel":{"src_ip":"192.0.2.1","dest_ip":"192.0.2.2","depth":1}';
		return typeLast
			? `{"timestamp":"${start}",${tunnel},${flow},${addressesPart},"tcp":{"syn":true},"event_type":"flow"}`
			: `{"timestamp":"${start}","flow_id":1218498431587428,"in_iface":"eth0","event_type":"flow",${addressesPart},"app_proto":"tls",${flow},"tcp":{"syn":true}}`;
	};

	const {lines, expected} = interleave(records, encode, kind => ['{"event_type":"flow","src_ip":"a","flow":{}}', '{"timestamp":"2020-01-01T00:00:00+0000","event_type":"dns","src_ip":"a","dest_ip":"b","dns":{"type":"query","rrname":"example.com"}}', ''][kind]!, kinds);
	return {text: `${lines.join('\n')}\n`, expected, records, headerEnd: 0};
});

const cuts = fc.array(fc.integer({min: 1, max: 20_000}), {maxLength: 6});
const windows = fc.array(fc.tuple(fc.integer({min: -3_600_000, max: 100_000_000}), fc.integer({min: 0, max: 20_000_000})), {minLength: 1, maxLength: 4});

/** The window's records as a reader that relies on the tolerance finds them: in file order, stopping at the first record newer than `to + tolerance`. */
function readWindow(reads: readonly Read[], to: number, tolerance: number): Connection[] {
	const found: Connection[] = [];
	for (const read of connections(reads)) {
		if (read.timestamp > to + tolerance) {
			break;
		}

		found.push(read);
	}

	return found;
}

function check(format: LogFormat, written: fc.Arbitrary<Written>) {
	fc.assert(fc.property(written, cuts, windows, ({text, expected, records, headerEnd}, cutList, windowList) => {
		const reads = readRecords(format, text, {cuts: cutList});
		if (JSON.stringify(reads) !== JSON.stringify(expected)) {
			throw new Error(`read ${JSON.stringify(reads)}\nwritten ${JSON.stringify(expected)}\nfrom ${JSON.stringify(text)}`);
		}

		const origin = records[0]?.timestamp ?? 0;
		for (const [start, width] of windowList) {
			const from = origin + start;
			const to = from + width;
			const host = records[Math.abs(start) % Math.max(1, records.length)]?.source ?? 'x';
			const seen = bruteReport(readWindow(reads, to, defaultTolerances[format]), host, from, to, 'involved');
			const truth = bruteReport(records, host, from, to, 'involved');
			if (JSON.stringify(seen) !== JSON.stringify(truth)) {
				throw new Error(`window [${from}, ${to}] for ${host}: ${JSON.stringify(seen)} instead of ${JSON.stringify(truth)}`);
			}
		}

		// A cursor started at a line in the middle with the head's header state reads on as the whole read does.
		if (headerEnd >= 0 && expected.length > 2) {
			const bytes = Buffer.from(text);
			const middle = bytes.indexOf(0x0A, Math.max(headerEnd, Math.floor(bytes.length / 2))) + 1;
			const fromMiddle = readRecords(format, bytes.subarray(middle), {state: headerState(format, bytes.subarray(0, 65_536))});
			const whole = readRecords(format, bytes);
			if (JSON.stringify(fromMiddle) !== JSON.stringify(whole.slice(whole.length - fromMiddle.length))) {
				throw new Error(`from the middle: ${JSON.stringify(fromMiddle)}`);
			}
		}
	}), {numRuns: 150});
}

test('Zeek TSV: random columns, a second log in the same file, malformed and header lines among the records', t => {
	check('zeek', zeekTsv);
	t.pass();
});

test('Zeek JSON: ts as seconds or ISO 8601 at random offsets, addresses plain or all escapes', t => {
	check('zeek', zeekJson);
	t.pass();
});

test('VPC Flow Logs: v2 or a header in random order, NODATA records and short lines among the records', t => {
	check('vpc', vpc);
	t.pass();
});

test('eve.json: flow events in two member orders, with tunnels, dns events and broken flows among them', t => {
	check('eve', eve);
	t.pass();
});
