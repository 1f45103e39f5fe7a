import test from 'ava';
import {HostTable} from '../source/core/host-table.js';
import {leaders, rankHosts} from '../source/core/ranking.js';

function table(counts: Record<string, number>): {hosts: HostTable; counts: Float64Array} {
	const hosts = new HostTable();
	const values = new Float64Array(Object.keys(counts).length);
	for (const [name, count] of Object.entries(counts)) {
		const bytes = Buffer.from(name);
		values[hosts.intern(bytes, 0, bytes.length)] = count;
	}

	return {hosts, counts: values};
}

const names = (hosts: HostTable, rows: ReadonlyArray<{id: number; count: number}>) => rows.map(({id, count}) => `${hosts.name(id)}=${count}`);

test('ranks by count, highest first, then by name in byte order', t => {
	const {hosts, counts} = table({c: 2, b: 2, a: 1, D: 2, e: 5});
	t.deepEqual(names(hosts, rankHosts(hosts, counts).rows), ['e=5', 'D=2', 'b=2', 'c=2', 'a=1']);
});

test('hosts with a zero count are left out', t => {
	const {hosts, counts} = table({a: 0, b: 1});
	const ranking = rankHosts(hosts, counts);
	t.deepEqual(names(hosts, ranking.rows), ['b=1']);
	t.is(ranking.distinct, 1);
});

test('a limit keeps the first rows and still counts them all', t => {
	const {hosts, counts} = table({a: 1, b: 4, c: 3, d: 3, e: 2});
	const ranking = rankHosts(hosts, counts, 3);
	t.deepEqual(names(hosts, ranking.rows), ['b=4', 'c=3', 'd=3']);
	t.is(ranking.distinct, 5);
	t.is(ranking.total, 13);
});

test('a limited ranking is the head of the full one, over many hosts', t => {
	const hosts = new HostTable();
	const counts = new Float64Array(5000);
	for (let i = 0; i < 5000; i++) {
		const bytes = Buffer.from(`h${(i * 7919) % 5000}`);
		counts[hosts.intern(bytes, 0, bytes.length)] = (i * 31) % 17;
	}

	const full = rankHosts(hosts, counts).rows;
	t.deepEqual(rankHosts(hosts, counts, 25).rows, full.slice(0, 25));
});

test('an empty ranking', t => {
	const {hosts, counts} = table({});
	t.deepEqual(rankHosts(hosts, counts), {rows: [], distinct: 0, total: 0});
	t.deepEqual(leaders(hosts, counts), []);
});

test('leaders are all the hosts tied at the highest count, in byte order', t => {
	const {hosts, counts} = table({z: 3, a: 1, m: 3, B: 3});
	t.deepEqual(names(hosts, leaders(hosts, counts)), ['B=3', 'm=3', 'z=3']);
});

test('leaders cut to a limit are the first by name; zero lists none', t => {
	const {hosts, counts} = table({z: 3, a: 1, m: 3, B: 3, c: 3});
	t.deepEqual(names(hosts, leaders(hosts, counts, 2)), ['B=3', 'c=3']);
	t.deepEqual(leaders(hosts, counts, 0), []);
	t.deepEqual(names(hosts, leaders(hosts, counts, 10)), ['B=3', 'c=3', 'm=3', 'z=3']);
});

test('ranking the known ids only gives what ranking every host gives, cut or whole', t => {
	const hosts = new HostTable();
	const counts = new Float64Array(3000);
	const ids: number[] = [];
	for (let i = 0; i < 3000; i++) {
		const bytes = Buffer.from(`p${(i * 7919) % 3000}`);
		const id = hosts.intern(bytes, 0, bytes.length);
		if (i % 3 !== 0) {
			counts[id] = (i * 31) % 7;
			ids.push(id);
		}
	}

	for (const limit of [1, 10, 500, 5000]) {
		t.deepEqual(rankHosts(hosts, counts, limit, hosts.size, ids), rankHosts(hosts, counts, limit), `limit ${limit}`);
	}
});
