import test from 'ava';
import {createCursor} from '../source/core/formats/log-format.js';
import {lineResult} from '../source/core/line-cursor.js';
import {connection, readRecords} from './helpers/read-records.js';

/* Suricata eve.json, one test per rule of SPEC section 6, on events as Suricata writes them. */

const flow = '{"timestamp":"2017-04-07T22:25:38.123456+0100","flow_id":1218498431587428,"in_iface":"eth0","event_type":"flow","src_ip":"10.0.0.5","src_port":52311,"dest_ip":"93.184.216.34","dest_port":443,"proto":"TCP","app_proto":"tls","flow":{"pkts_toserver":12,"pkts_toclient":10,"bytes_toserver":1500,"bytes_toclient":9000,"start":"2017-04-07T22:24:37.251547+0100","end":"2017-04-07T22:24:38.512345+0100","age":1,"state":"closed","reason":"timeout","alerted":false},"tcp":{"tcp_flags":"1b","tcp_flags_ts":"1b","tcp_flags_tc":"1b","syn":true,"fin":true,"psh":true,"ack":true,"state":"closed"}}';
const flowStart = Date.parse('2017-04-07T21:24:37.251Z');

test('a flow event: src_ip to dest_ip at flow.start, its offset taken into account, floored to the ms', t => {
	t.deepEqual(readRecords('eve', `${flow}\n`), [connection(flowStart, '10.0.0.5', '93.184.216.34')]);
});

test('other event types are skipped, an alert carrying a flow object too', t => {
	const events = [
		'{"timestamp":"2017-04-07T22:24:37.251547+0100","flow_id":1218498431587428,"in_iface":"eth0","event_type":"dns","src_ip":"10.0.0.5","src_port":53211,"dest_ip":"10.0.0.2","dest_port":53,"proto":"UDP","dns":{"type":"query","id":4501,"rrname":"www.example.com","rrtype":"A","tx_id":0}}',
		'{"timestamp":"2017-04-07T22:24:37.300000+0100","flow_id":1218498431587428,"event_type":"alert","src_ip":"10.0.0.5","src_port":52311,"dest_ip":"93.184.216.34","dest_port":80,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2013028,"rev":7,"signature":"ET POLICY curl User-Agent Outbound","category":"Attempted Information Leak","severity":2},"flow":{"pkts_toserver":4,"pkts_toclient":3,"bytes_toserver":400,"bytes_toclient":300,"start":"2017-04-07T22:24:37.251547+0100"}}',
		'{"timestamp":"2017-04-07T22:24:40.000000+0100","event_type":"stats","stats":{"uptime":30,"capture":{"kernel_packets":1000}}}',
		'{"timestamp":"2017-04-07T22:24:41.000000+0100","event_type":"netflow","src_ip":"10.0.0.5","dest_ip":"10.0.0.2","netflow":{"start":"2017-04-07T22:24:37.251547+0100"}}',
	];
	t.deepEqual(readRecords('eve', `${events.join('\n')}\n${flow}\n`), ['skipped', 'skipped', 'skipped', 'skipped', connection(flowStart, '10.0.0.5', '93.184.216.34')]);
});

test('an event is skipped once its event_type is read: the rest of the line is not looked at', t => {
	t.deepEqual(readRecords('eve', '{"event_type":"http","http":{"url":"/\\u0000not JSON after this\n'), ['skipped']);
});

test('the members may come in any order; only top-level ones count (a tunnel\'s addresses are not the flow\'s)', t => {
	const line = '{"tunnel":{"src_ip":"192.0.2.1","dest_ip":"192.0.2.2","depth":1},"flow":{"start":"2017-04-07T21:24:37.251547Z","end":"x"},"dest_ip":"10.0.0.2","src_ip":"10.0.0.1","event_type":"flow","x":[{"start":"1999-01-01T00:00:00Z"}]}';
	t.deepEqual(readRecords('eve', `${line}\n`), [connection(flowStart, '10.0.0.1', '10.0.0.2')]);
});

test('flow.start in every ISO 8601 shape Suricata and its converters write; a date that does not exist is malformed', t => {
	const at = (start: string) => `{"event_type":"flow","src_ip":"a","dest_ip":"b","flow":{"start":"${start}"}}`;
	const starts = ['2017-04-07T21:24:37.251547Z', '2017-04-07T22:24:37.251547+01:00', '2017-04-07T16:54:37.251-0430', '2017-04-07T21:24:37.251547', '2017-04-07 23:24:37.2519+02', '2017-02-29T00:00:00Z', '2017-04-07T24:00:00Z', '2017-04-07T21:24:37.Z', 'yesterday'];
	t.deepEqual(readRecords('eve', `${starts.map(start => at(start)).join('\n')}\n`), [
		...Array.from({length: 5}, () => connection(flowStart, 'a', 'b')),
		'malformed',
		'malformed',
		'malformed',
		'malformed',
	]);
});

test('a flow event without event_type, src_ip, dest_ip or flow.start, or a line that is not a JSON object, is malformed', t => {
	const lines = [
		'{"src_ip":"a","dest_ip":"b","flow":{"start":"2017-04-07T21:24:37Z"}}',
		'{"event_type":"flow","dest_ip":"b","flow":{"start":"2017-04-07T21:24:37Z"}}',
		'{"event_type":"flow","src_ip":"a","flow":{"start":"2017-04-07T21:24:37Z"}}',
		'{"event_type":"flow","src_ip":"a","dest_ip":"b","flow":{"end":"2017-04-07T21:24:37Z"}}',
		'{"event_type":"flow","src_ip":"a","dest_ip":"b","flow":"2017-04-07T21:24:37Z"}',
		'{"event_type":"flow","src_ip":"a","dest_ip":"b","flow":{"start":"2017-04-07T21:24',
		'{"event_type":"flow","src_ip":1,"dest_ip":"b","flow":{"start":"2017-04-07T21:24:37Z"}}',
		'["event_type","flow"]',
		'1491600277 10.0.0.1 10.0.0.2',
	];
	t.deepEqual(readRecords('eve', `${lines.join('\n')}\n`), lines.map(() => 'malformed'));
});

test('an address written with escapes is decoded into hostBuffer, valid until the next record', t => {
	const cursor = createCursor('eve');
	const buffer = Buffer.from('{"event_type":"flow","src_ip":"fe80::\\u0031","dest_ip":"10.0.0.2","flow":{"start":"2017-04-07T21:24:37Z"}}\n');
	cursor.reset(buffer);
	t.is(cursor.next(), lineResult.line);
	const hosts = cursor.hostBuffer!;
	t.not(hosts, buffer);
	t.is(Buffer.from(hosts.subarray(cursor.sourceStart, cursor.sourceEnd)).toString(), 'fe80::1');
	t.is(Buffer.from(hosts.subarray(cursor.destinationStart, cursor.destinationEnd)).toString(), '10.0.0.2');
});

test('blank lines are not reported; CRLF is fine; the last line waits for finish()', t => {
	const text = `\n  \r\n${flow}\r\n${flow}`;
	t.is(readRecords('eve', text).length, 1);
	t.deepEqual(readRecords('eve', text, {finish: true}), [connection(flowStart, '10.0.0.5', '93.184.216.34'), connection(flowStart, '10.0.0.5', '93.184.216.34')]);
});

test('chunk cuts anywhere give the same records', t => {
	const text = `${flow}\n{"event_type":"dns"}\n${flow}\n`;
	const whole = readRecords('eve', text);
	for (let cut = 1; cut < text.length; cut += 11) {
		t.deepEqual(readRecords('eve', text, {cuts: [cut]}), whole);
	}
});

test('white space between the tokens, as json.dumps writes it, is fine', t => {
	const line = '{ "timestamp": "2017-04-07T22:25:38.123456+0100", "event_type" : "flow", "src_ip": "10.0.0.5", "dest_ip": "93.184.216.34", "flow": { "age": 1, "start": "2017-04-07T22:24:37.251547+0100" } }';
	t.deepEqual(readRecords('eve', `${line}\n`), [connection(flowStart, '10.0.0.5', '93.184.216.34')]);
	t.deepEqual(readRecords('zeek', '{"ts": 1331901000.5, "id.orig_h": "a", "id.resp_h": "b"}\n'), [connection(1_331_901_000_500, 'a', 'b')]);
});
