import test from 'ava';
import {HostTable} from '../source/core/host-table.js';
import {buildReport, formatReport, toJson, type WindowCounts} from '../source/core/report.js';

/** Counts for a hand-worked log: A->H twice, B->H, H->C, H->H, B->C. */
function handWorked(): WindowCounts {
	const hosts = new HostTable();
	const id = (name: string) => hosts.intern(Buffer.from(name), 0, Buffer.byteLength(name));
	const [a, b, c, h] = ['A', 'B', 'C', 'H'].map(name => id(name)) as [number, number, number, number];
	const connectedTo = new Float64Array(4);
	const receivedFrom = new Float64Array(4);
	const top = new Float64Array(4);
	connectedTo[a] = 2;
	connectedTo[b] = 1;
	connectedTo[h] = 1;
	receivedFrom[c] = 1;
	receivedFrom[h] = 1;
	top[a] = 2;
	top[b] = 2;
	top[h] = 2;
	void c;
	return {hosts, connectedTo, receivedFrom, top, lines: 6, malformed: 1};
}

const options = {host: 'H', from: 1000, to: 2000, topBy: 'source' as const};

test('the JSON report has the fields of SPEC section 5 and no display labels', t => {
	const json = JSON.parse(toJson(buildReport(handWorked(), options))) as Record<string, unknown>;
	t.deepEqual(json, {
		host: 'H',
		from: 1000,
		to: 2000,
		connectedTo: [{host: 'A', count: 2}, {host: 'B', count: 1}, {host: 'H', count: 1}],
		receivedFrom: [{host: 'C', count: 1}, {host: 'H', count: 1}],
		top: {
			by: 'source',
			leaders: [{host: 'A', count: 2}, {host: 'B', count: 2}, {host: 'H', count: 2}],
			ranking: [{host: 'A', count: 2}, {host: 'B', count: 2}, {host: 'H', count: 2}],
		},
		stats: {lines: 6, malformed: 1},
		totals: {connectedTo: {hosts: 3, count: 4}, receivedFrom: {hosts: 2, count: 2}, top: {hosts: 3, count: 6}},
	});
});

test('--limit cuts both lists and the ranking but never the leaders', t => {
	const report = buildReport(handWorked(), {...options, limit: 1});
	t.is(report.connectedTo.length, 1);
	t.is(report.receivedFrom.length, 1);
	t.is(report.top.ranking.length, 1);
	t.is(report.top.leaders.length, 3);
	t.is(report.totals.connectedTo.hosts, 3);
});

test('the text report titles the three lists, marks leaders and counts what is cut', t => {
	const text = formatReport(buildReport(handWorked(), {...options, limit: 1}));
	t.regex(text, /^H: 1970-01-01T00:00:01Z \(1000\) to 1970-01-01T00:00:02Z \(2000\)\n6 lines in the window, 1 malformed\n/);
	t.regex(text, /Connected to H: 4 connections from 3 sources\n {2}2 {2}A\n {2}\+2 more/);
	t.regex(text, /Received from H: 2 connections to 2 destinations\n/);
	t.regex(text, /\* 2 {2}A\n/);
});

test('a text report without a host says only the window and its counts', t => {
	const empty: WindowCounts = {hosts: new HostTable(), connectedTo: [], receivedFrom: [], top: [], lines: 0, malformed: 0};
	t.is(formatReport(buildReport(empty, {...options, host: ''})), '1970-01-01T00:00:01Z (1000) to 1970-01-01T00:00:02Z (2000)\n0 lines in the window, 0 malformed\n');
});

test('host names with control bytes are escaped in text and decoded in JSON', t => {
	const hosts = new HostTable();
	const name = Buffer.from('evil\u001B[2Jx\u00FF', 'latin1');
	const id = hosts.intern(name, 0, name.length);
	const top = new Float64Array(1);
	top[id] = 1;
	const report = buildReport({hosts, connectedTo: [], receivedFrom: [], top, lines: 1, malformed: 0}, options);
	t.false(formatReport(report).includes('\u001B'));
	t.true(formatReport(report).includes(String.raw`evil\x1b[2Jx\xff`));
	t.is(report.top.ranking[0]!.host, 'evil\u001B[2Jx\uFFFD');
});

test('a text report names the leaders beyond the ranking, up to twenty, and counts the rest', t => {
	const hosts = new HostTable();
	const top = new Float64Array(30);
	for (let i = 0; i < 30; i++) {
		const name = `h${String(i).padStart(2, '0')}`;
		top[hosts.intern(Buffer.from(name), 0, name.length)] = 5;
	}

	const none = new Float64Array(30);
	const text = formatReport(buildReport({hosts, connectedTo: none, receivedFrom: none, top, lines: 150, malformed: 0}, {...options, topLimit: 3}));
	const named = Array.from({length: 20}, (_, i) => `h${String(i + 3).padStart(2, '0')}`).join(', ');
	t.true(text.includes(`  leaders also: ${named} and 7 more\n`), text);
	t.regex(text, /\* 5 {2}h00\n\* 5 {2}h01\n\* 5 {2}h02\n/);
});
