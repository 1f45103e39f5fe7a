import test from 'ava';
import {createCursor, headerState} from '../source/core/formats/log-format.js';
import {lineResult} from '../source/core/line-cursor.js';
import {connection, connections, readRecords} from './helpers/read-records.js';

/* AWS VPC Flow Logs, version 2, one test per rule of SPEC section 6; the records are AWS's own examples. */

const v2Header = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

test('v2 records: start (epoch seconds) is the timestamp, srcaddr and dstaddr the hosts, accepted or rejected alike', t => {
	const text = [
		'2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
		'2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
		'2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK',
	].join('\n');
	t.deepEqual(readRecords('vpc', `${text}\n`), [
		connection(1_418_530_010_000, '172.31.16.139', '172.31.16.21'),
		connection(1_418_530_010_000, '172.31.9.69', '172.31.9.12'),
		connection(1_477_913_708_000, '2001:db8:1234:a100:8d6e:3477:df66:f105', '2001:db8:1234:a102:3304:8879:34cf:4071'),
	]);
});

test('a header line naming the fields is skipped, at the top or again further down (files put end to end)', t => {
	const record = '2 123456789010 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
	t.deepEqual(readRecords('vpc', `${v2Header}\n${record}\n${v2Header}\n${record}\n`), ['skipped', connection(1_418_530_010_000, '10.0.0.1', '10.0.0.2'), 'skipped', connection(1_418_530_010_000, '10.0.0.1', '10.0.0.2')]);
});

test('NODATA and SKIPDATA records (addresses -) are skipped; a record without addresses and another status is malformed', t => {
	const text = [
		'2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
		'2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
		'2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - OK',
		'2 123456789010 eni-11111111aaaaaaaaa 10.0.0.1 - 1 2 6 1 40 1431280876 1431280934 ACCEPT OK',
	].join('\n');
	t.deepEqual(readRecords('vpc', `${text}\n`), ['skipped', 'skipped', 'malformed', 'malformed']);
});

test('a record of another number of fields, or whose start is not whole seconds, is malformed', t => {
	const text = [
		'2 123456789010 eni-1 10.0.0.1 10.0.0.2 20641 22 6 20 4249 1418530010 1418530070 ACCEPT',
		'2 123456789010 eni-1 10.0.0.1 10.0.0.2 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK extra',
		'2 123456789010 eni-1 10.0.0.1 10.0.0.2 20641 22 6 20 4249 1418530010.5 1418530070 ACCEPT OK',
		'2 123456789010 eni-1 10.0.0.1 10.0.0.2 20641 22 6 20 4249 - 1418530070 ACCEPT OK',
		'1418530010 10.0.0.1 10.0.0.2',
	].join('\n');
	t.deepEqual(readRecords('vpc', `${text}\n`), ['malformed', 'malformed', 'malformed', 'malformed', 'malformed']);
});

test('a header of a custom format maps the fields by name, in its order and number', t => {
	const header = 'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status';
	const record = '5 vpc-0123 subnet-0123 i-0123 eni-0123 123456789012 IPv4 10.0.0.7 10.0.1.9 443 50000 10.0.0.7 10.0.1.9 6 1500 5 1620000000 1620000060 ACCEPT 3 OK';
	const nodata = '5 vpc-0123 subnet-0123 i-0123 eni-0123 123456789012 - - - - - - - - - - 1620000000 1620000060 - - NODATA';
	t.deepEqual(readRecords('vpc', `${header}\n${record}\n${nodata}\n`), ['skipped', connection(1_620_000_000_000, '10.0.0.7', '10.0.1.9'), 'skipped']);
	// The header's map is what a cursor started after it needs.
	t.deepEqual(headerState('vpc', Buffer.from(`${header}\n${record}\n`)), {format: 'vpc', sourceColumn: 7, destinationColumn: 8, startColumn: 16, logStatusColumn: 20, columns: 21});
	t.deepEqual(readRecords('vpc', `${record}\n`, {state: headerState('vpc', Buffer.from(`${header}\n`))}), [connection(1_620_000_000_000, '10.0.0.7', '10.0.1.9')]);
});

test('runs of spaces or tabs separate the fields; CRLF and blank lines are fine', t => {
	const text = `\r\n  2  123456789010\teni-1 10.0.0.1   10.0.0.2 1 2 6 1 40 1418530010 1418530070 ACCEPT OK  \r\n\n`;
	t.deepEqual(readRecords('vpc', text), [connection(1_418_530_010_000, '10.0.0.1', '10.0.0.2')]);
});

test('chunk cuts anywhere give the same records', t => {
	const text = `${v2Header}\n${Array.from({length: 20}, (_, i) => `2 123456789010 eni-1 10.0.0.${i} 10.0.1.${i} 1 2 6 1 40 ${1_418_530_010 + i} 1418530070 ACCEPT OK`).join('\n')}\n`;
	const whole = readRecords('vpc', text);
	t.is(connections(whole).length, 20);
	for (let cut = 1; cut < text.length; cut += 13) {
		t.deepEqual(readRecords('vpc', text, {cuts: [cut, cut + 5]}), whole);
	}
});

test('a last line read by finish() ends at the end given to reset(), whatever the buffer holds after it', t => {
	const line = '2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1418530010 1418530070 ACCEPT OK';
	const buffer = Buffer.from(`${line}garbage-beyond-the-end`);
	const cursor = createCursor('vpc').reset(buffer, 0, line.length);
	t.is(cursor.finish(), lineResult.line);
	t.is(Buffer.from(buffer.subarray(cursor.destinationStart, cursor.destinationEnd)).toString(), '10.0.0.2');
	t.is(cursor.lineEnd, line.length);
	t.is(cursor.finish(), lineResult.end);
	// A control byte other than a tab is part of a field, as in the native format.
	t.deepEqual(readRecords('vpc', `${line.replace('eni-1', 'eni\u0001-1')}\n`), [connection(1_418_530_010_000, '10.0.0.1', '10.0.0.2')]);
});
