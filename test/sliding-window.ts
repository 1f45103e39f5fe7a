import test from 'ava';
import fc from 'fast-check';
import {PairTable} from '../source/core/pair-table.js';
import {activityLimit, SlidingWindow} from '../source/core/sliding-window.js';
import {loadKernel} from '../source/io/load-kernel.js';
import type {TopBy} from '../source/core/report.js';
import {answers, bruteReport, type ParsedLine} from './helpers/brute-count.js';

function add(store: SlidingWindow, timestamp: number, source: string, destination: string): boolean {
	const bytes = Buffer.from(`${source} ${destination}`);
	const split = Buffer.byteLength(source);
	return store.add(bytes, 0, split, split + 1, bytes.length, timestamp);
}

function report(store: SlidingWindow, host: string, from: number, to: number, topBy: TopBy = 'source') {
	return answers(store.report({host, from, to, topBy}));
}

const lines: ParsedLine[] = [
	{timestamp: 1000, source: 'a', destination: 'b'},
	{timestamp: 1999, source: 'a', destination: 'c'},
	{timestamp: 2000, source: 'c', destination: 'a'},
	{timestamp: 2001, source: 'a', destination: 'a'},
	{timestamp: 3500, source: 'b', destination: 'a'},
];

test('answers over a window match a count done by hand, edges included to the millisecond', t => {
	const store = new SlidingWindow();
	for (const {timestamp, source, destination} of lines) {
		add(store, timestamp, source, destination);
	}

	for (const [from, to] of [[1000, 3500], [1999, 2001], [2000, 2000], [1001, 1998], [0, 999], [3500, 9000]] as const) {
		t.deepEqual(report(store, 'a', from, to), bruteReport(lines, 'a', from, to), `[${from}, ${to}]`);
	}
});

test('top hosts by involvement counts a host once per line, even to itself', t => {
	const store = new SlidingWindow();
	for (const {timestamp, source, destination} of lines) {
		add(store, timestamp, source, destination);
	}

	const result = store.report({host: 'a', from: 0, to: 5000, topBy: 'involved'});
	t.deepEqual(result.top.ranking.map(row => [row.host, row.count]), [['a', 5], ['b', 2], ['c', 2]]);
	t.deepEqual(answers(result), bruteReport(lines, 'a', 0, 5000, 'involved'));
});

test('a late line inside the window counts at once; one older than the window is dropped; a newer one waits for the window', t => {
	const store = new SlidingWindow();
	add(store, 10_000, 'a', 'b');
	t.is(store.report({host: 'a', from: 5000, to: 10_000, topBy: 'source'}).stats.lines, 1);
	t.true(add(store, 6000, 'late', 'a'));
	t.false(add(store, 4999, 'old', 'a'), 'older than the last window start');
	t.true(add(store, 12_000, 'early', 'a'));
	const now = store.report({host: 'a', from: 5000, to: 10_000, topBy: 'source'});
	t.deepEqual(now.connectedTo.map(row => row.host), ['late']);
	t.is(now.stats.lines, 2);
	const later = store.report({host: 'a', from: 6001, to: 12_000, topBy: 'source'});
	t.deepEqual(later.connectedTo.map(row => row.host), ['early']);
	t.is(later.stats.lines, 2);
});

test('an unknown host gets empty lists and the window still has its top hosts', t => {
	const store = new SlidingWindow();
	add(store, 1000, 'a', 'b');
	const result = store.report({host: 'nobody', from: 0, to: 2000, topBy: 'source'});
	t.deepEqual(result.connectedTo, []);
	t.deepEqual(result.receivedFrom, []);
	t.is(result.top.leaders[0]?.host, 'a');
});

test('hosts by activity: busiest first, then byte order', t => {
	const store = new SlidingWindow();
	add(store, 1000, 'b', 'c');
	add(store, 1000, 'c', 'd');
	add(store, 1000, 'a', 'e');
	add(store, 1000, 'Z', 'a');
	store.report({host: 'a', from: 0, to: 2000, topBy: 'source'});
	t.deepEqual(store.hostsByActivity(), ['a', 'c', 'Z', 'b', 'd', 'e']);
});

test('hosts by activity stop at the busiest few thousand, so a million hosts cost no sort of them all', t => {
	const store = new SlidingWindow();
	const count = activityLimit + 50;
	for (let i = 0; i < count; i++) {
		// Host h<i> has i + 1 lines to the sink: the busiest are the last ones written.
		for (let k = 0; k <= i % 7; k++) {
			add(store, 1000, `h${i}`, 'sink');
		}
	}

	store.report({host: 'sink', from: 0, to: 2000, topBy: 'source'});
	const hosts = store.hostsByActivity();
	t.is(hosts.length, activityLimit);
	t.is(hosts[0], 'sink');
	// Seven lines each, in byte order, come next.
	t.deepEqual(hosts.slice(1, 4), ['h1000', 'h1007', 'h1014']);
});

test('widening lowers the floor so older lines are kept again, counted once', t => {
	const store = new SlidingWindow();
	add(store, 5000, 'a', 'b');
	store.report({host: 'a', from: 4000, to: 6000, topBy: 'source'});
	t.false(add(store, 3000, 'c', 'a'));
	store.widen(2000);
	t.true(add(store, 3000, 'c', 'a'));
	const result = store.report({host: 'a', from: 2000, to: 6000, topBy: 'source'});
	t.is(result.stats.lines, 2);
	t.deepEqual(result.connectedTo.map(row => [row.host, row.count]), [['c', 1]]);
});

// The store against the brute force: lines with disorder, a window moving forward, late and future lines, host switches.
test('random streams and moving windows give the brute-force answers', t => {
	const hosts = ['a', 'b', 'c', 'd', 'é', 'Ω', 'A'];
	const host = fc.constantFrom(...hosts);
	// Times near second and half-second marks, so that lines often sit exactly on a window's edge or a bucket's.
	const near = (min: number, max: number) => fc.oneof(
		fc.integer({min, max}),
		fc.tuple(fc.integer({min: Math.ceil(min / 500), max: Math.floor(max / 500)}), fc.integer({min: -2, max: 2}))
			.map(([k, e]) => Math.min(max, Math.max(min, (k * 500) + e))),
	);
	const step = fc.record({
		lines: fc.array(fc.tuple(near(-3000, 1500), host, host), {maxLength: 20}),
		advance: near(0, 2500),
		width: near(0, 4000),
		host,
		topBy: fc.constantFrom<TopBy>('source', 'involved'),
	});
	fc.assert(fc.property(fc.array(step, {minLength: 1, maxLength: 25}), steps => {
		const store = new SlidingWindow();
		const seen: ParsedLine[] = [];
		let now = 100_000;
		let from = Number.NEGATIVE_INFINITY;
		for (const {lines: batch, advance, width, host, topBy} of steps) {
			for (const [offset, source, destination] of batch) {
				const timestamp = now + offset;
				const kept = add(store, timestamp, source, destination);
				if (timestamp >= from) {
					seen.push({timestamp, source, destination});
				}

				if (kept !== (timestamp >= from)) {
					return false;
				}
			}

			now += advance;
			// Windows only move forward, as the app's do.
			from = Math.max(from, now - width);
			const got = report(store, host, from, now, topBy);
			const expected = bruteReport(seen, host, from, now, topBy);
			t.deepEqual(got, expected);
			if (JSON.stringify(got) !== JSON.stringify(expected)) {
				return false;
			}
		}

		return true;
	}), {numRuns: 500});
});

test('memory follows the window: hosts and pairs that left it are reclaimed over a long run', t => {
	const store = new SlidingWindow();
	let peakHosts = 0;
	let peakPairs = 0;
	let peakLines = 0;
	const recent: ParsedLine[] = [];
	// 200 000 lines, every host new after a while: the window holds about 1000 lines at any time.
	for (let second = 0; second < 2000; second++) {
		for (let i = 0; i < 100; i++) {
			const line = {timestamp: (second * 1000) + (i * 10), source: `source-${second}-${i % 7}`, destination: `destination-${Math.floor(second / 3)}-${i % 13}`};
			add(store, line.timestamp, line.source, line.destination);
			if (second >= 1990) {
				recent.push(line);
			}
		}

		store.report({host: `source-${second}-0`, from: (second - 9) * 1000, to: (second * 1000) + 999, topBy: 'source'});
		peakHosts = Math.max(peakHosts, store.hosts.size);
		peakPairs = Math.max(peakPairs, store.pairs);
		peakLines = Math.max(peakLines, store.keptLines);
	}

	t.true(peakLines <= 1000, `kept lines ${peakLines}`);
	t.true(peakPairs <= 1000, `pairs ${peakPairs}`);
	// Live hosts are at most about 70 sources and 50 destinations; the table is rebuilt past half dead, and never below 1024.
	t.true(peakHosts <= 2100, `host table ${peakHosts}`);
	t.true(store.byteSize < 1_000_000, `bytes ${store.byteSize}`);
	for (const host of ['source-1999-0', 'destination-666-3', 'destination-663-3']) {
		t.deepEqual(report(store, host, 1_990_000, 1_999_999), bruteReport(recent, host, 1_990_000, 1_999_999));
	}
});

test('forgetting lines that are still counted takes them out of the counts first', t => {
	const store = new SlidingWindow();
	const kept: ParsedLine[] = [];
	for (let timestamp = 0; timestamp < 60_000; timestamp += 100) {
		add(store, timestamp, 'A', 'B');
		kept.push({timestamp, source: 'A', destination: 'B'});
	}

	t.is(store.report({host: 'B', from: 0, to: 59_999, topBy: 'source'}).stats.lines, 600);
	// A narrower window forgets older lines before the next report moves the counted range past them.
	store.dropBefore(41_000);
	t.deepEqual(report(store, 'B', 50_000, 59_999), bruteReport(kept, 'B', 50_000, 59_999));
	store.dropBefore(70_000);
	t.deepEqual(report(store, 'B', 70_000, 80_000), bruteReport(kept, 'B', 70_000, 80_000));
});

/* Lines into the store as the live reader's long runs give them: hosts and pairs named once (a PairTable), lines batch by batch. `cut`: the last batch is named but never stored, as when a failure ends a run. */
function run(store: SlidingWindow, batch: readonly ParsedLine[][], cut = false): void {
	const tallied = store.beginRun();
	const pairs = new PairTable(loadKernel());
	const hostIds = new Map<string, number>();
	const floor = store.oldestKept;
	const idOf = (host: string): number => {
		let id = hostIds.get(host);
		if (id === undefined) {
			id = hostIds.size;
			hostIds.set(host, id);
			const bytes = Buffer.from(host);
			store.runHost(id, bytes, 0, bytes.length);
		}

		return id;
	};

	for (const [index, lines] of batch.entries()) {
		const named = pairs.count;
		const ids = pairs.pairUp(Float64Array.from(lines, l => l.timestamp), Uint32Array.from(lines, l => idOf(l.source)), Uint32Array.from(lines, l => idOf(l.destination)), lines.length, floor);
		if (cut && index === batch.length - 1) {
			break;
		}

		store.runPairs(named, pairs.sources(named), pairs.destinations(named));
		store.runLines(Float64Array.from(lines, l => l.timestamp), ids, lines.length);
	}

	store.endRun(tallied ? pairs.lines() : undefined);
}

const someLines = fc.array(fc.record({timestamp: fc.integer({min: 0, max: 3000}), source: fc.constantFrom('a', 'b', 'c', 'd', 'e'), destination: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')}), {maxLength: 60});

test('lines stored in runs, into an empty store or one holding lines, counting or not, cut short or not, then more lines one by one, count as a brute force does', t => {
	fc.assert(fc.property(someLines, fc.array(someLines, {maxLength: 4}), someLines, fc.constantFrom('none', 'from', 'report'), fc.boolean(), fc.integer({min: 0, max: 1500}), (before, batches, after, counting, cut, from) => {
		const store = new SlidingWindow();
		for (const {timestamp, source, destination} of before) {
			add(store, timestamp, source, destination);
		}

		if (counting === 'from') {
			// As a start-up does: keep and count from one floor.
			store.dropBefore(from);
			store.countFrom(from);
		} else if (counting === 'report') {
			store.report({host: 'a', from, to: from + 1000, topBy: 'source'});
		}

		run(store, batches, cut);
		const stored = [...before, ...(cut ? batches.slice(0, -1) : batches).flat()];
		const check = (lines: readonly ParsedLine[], low: number, high: number) => {
			for (const host of ['a', 'c', 'f']) {
				t.deepEqual(report(store, host, low, high, 'involved'), bruteReport(lines, host, low, high, 'involved'), `${host} [${low}, ${high}]`);
			}
		};

		check(stored, from, from + 1000);
		// Lines leave (pairs freed), then others come through the line-by-line path, which looks pairs up.
		check(stored, from + 500, 3000);
		const kept = stored.filter(line => line.timestamp >= from + 500);
		const added = after.filter(({timestamp, source, destination}) => add(store, timestamp, source, destination));
		check([...kept, ...added], from + 500, 3000);
		check([...kept, ...added], from + 1000, 3000);
		// Each pair once, however it came: a pair looked up after a run finds the run's.
		const pairs = new Set([...kept, ...added].filter(line => line.timestamp >= from + 1000).map(line => `${line.source} ${line.destination}`));
		t.is(store.pairs, pairs.size);
	}), {numRuns: 300});
});
