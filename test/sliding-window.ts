import test from 'ava';
import fc from 'fast-check';
import {activityLimit, SlidingWindow} from '../source/core/sliding-window.js';
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

test('memory follows the window: hosts that left it are reclaimed over a long run', t => {
	const store = new SlidingWindow();
	let peakHosts = 0;
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
		peakLines = Math.max(peakLines, store.keptLines);
	}

	t.true(peakLines <= 1000, `kept lines ${peakLines}`);
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

/* Lines into the store as the live reader's long runs give them: each lane with host ids of its own, each host named once, lines batch by batch, the lanes' batches interleaved. `cut`: the last batch is named but never stored, as when a failure ends a run. Only the first `keep` lanes are kept. */
function run(store: SlidingWindow, batches: ReadonlyArray<{lane: number; lines: readonly ParsedLine[]}>, lanes: number, keep: number, cut = false): void {
	store.beginRun(lanes);
	const hostIds = Array.from({length: lanes}, () => new Map<string, number>());
	const idOf = (lane: number, host: string): number => {
		const ids = hostIds[lane]!;
		let id = ids.get(host);
		if (id === undefined) {
			id = ids.size;
			ids.set(host, id);
			const bytes = Buffer.from(host);
			store.runHost(lane, id, bytes, 0, bytes.length);
		}

		return id;
	};

	for (const [index, {lane, lines}] of batches.entries()) {
		const sources = Uint32Array.from(lines, l => idOf(lane, l.source));
		const destinations = Uint32Array.from(lines, l => idOf(lane, l.destination));
		if (cut && index === batches.length - 1) {
			break;
		}

		store.runLines(lane, Float64Array.from(lines, l => l.timestamp), sources, destinations, lines.length);
	}

	store.endRun(keep);
}

const someLines = fc.array(fc.record({timestamp: fc.integer({min: 0, max: 3000}), source: fc.constantFrom('a', 'b', 'c', 'd', 'e'), destination: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')}), {maxLength: 60});

test('lines stored in runs of one or more lanes, into an empty store or one holding lines, counting or not, cut short or not, later lanes kept or taken back, then more lines one by one, count as a brute force does', t => {
	const batches = fc.array(fc.record({lane: fc.integer({min: 0, max: 2}), lines: someLines}), {maxLength: 5});
	fc.assert(fc.property(someLines, batches, someLines, fc.constantFrom('none', 'from', 'report'), fc.boolean(), fc.integer({min: 0, max: 1500}), fc.integer({min: 1, max: 3}), (before, batches, after, counting, cut, from, keep) => {
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

		run(store, batches, 3, keep, cut);
		const floor = store.oldestKept;
		const stored = [...before, ...(cut ? batches.slice(0, -1) : batches).filter(batch => batch.lane < keep).flatMap(batch => batch.lines)].filter(line => line.timestamp >= floor);
		t.is(store.keptLines, stored.length);
		const check = (lines: readonly ParsedLine[], low: number, high: number) => {
			for (const host of ['a', 'c', 'f']) {
				t.deepEqual(report(store, host, low, high, 'involved'), bruteReport(lines, host, low, high, 'involved'), `${host} [${low}, ${high}]`);
			}
		};

		check(stored, from, from + 1000);
		// Lines leave, then others come through the line-by-line path.
		check(stored, from + 500, 3000);
		const kept = stored.filter(line => line.timestamp >= from + 500);
		const added = after.filter(({timestamp, source, destination}) => add(store, timestamp, source, destination));
		check([...kept, ...added], from + 500, 3000);
		check([...kept, ...added], from + 1000, 3000);
		t.is(store.keptLines, [...kept, ...added].filter(line => line.timestamp >= from + 1000).length);
	}), {numRuns: 300});
});

test('past 4096 hosts a line takes two words, in runs and line by line, the counts stay exact, and one word again once those hosts have left', t => {
	fc.assert(fc.property(fc.integer({min: 4000, max: 4300}), fc.integer({min: 0, max: 2000}), fc.boolean(), (hostCount, split, inRun) => {
		const store = new SlidingWindow();
		const seen: ParsedLine[] = [];
		const host = (i: number) => `h${i % hostCount}`;
		// Second 0 to 9: a few hosts; 10 to 19: every host, so ids pass 12 bits; 30 on: a few again.
		const lines = (from: number, to: number, hosts: number): ParsedLine[] => Array.from({length: (to - from) * 500}, (_, i) => ({timestamp: (from * 1000) + (i * 2), source: host((i * 7) % hosts), destination: host(((i * 13) + 1) % hosts)}));
		const phase = (batch: ParsedLine[]) => {
			if (inRun) {
				run(store, [{lane: 0, lines: batch.slice(0, split)}, {lane: 1, lines: batch.slice(split)}], 2, 2);
			} else {
				for (const line of batch) {
					add(store, line.timestamp, line.source, line.destination);
				}
			}

			seen.push(...batch);
		};

		phase(lines(0, 10, 50));
		t.is(store.lineBytes, 4);
		t.deepEqual(report(store, 'h3', 0, 9999), bruteReport(seen, 'h3', 0, 9999));
		phase(lines(10, 20, hostCount));
		t.is(store.lineBytes, hostCount > 4096 ? 8 : 4);
		for (const name of ['h3', 'h4099', 'h0']) {
			t.deepEqual(report(store, name, 5000, 19_999, 'involved'), bruteReport(seen, name, 5000, 19_999, 'involved'), name);
		}

		phase(lines(30, 40, 50));
		t.deepEqual(report(store, 'h3', 30_000, 39_999), bruteReport(seen, 'h3', 30_000, 39_999));
		t.is(store.lineBytes, 4, 'the table rebuilt with the hosts left');
		t.is(store.keptLines, 5000);
		return true;
	}), {numRuns: 12});
});

test('no host asked (the report before the top host is known) has no peers, and leaves the counts of the host asked for next exact', t => {
	const store = new SlidingWindow();
	const seen: ParsedLine[] = [];
	for (let second = 0; second < 40; second++) {
		for (const [source, destination] of [['a', 'b'], ['c', 'a'], ['a', 'a'], ['b', 'c']] as const) {
			const timestamp = (second * 1000) + source.charCodeAt(0);
			add(store, timestamp, source, destination);
			seen.push({timestamp, source, destination});
		}

		const from = Math.max(0, (second - 9) * 1000);
		const to = (second * 1000) + 999;
		const none = store.report({host: '', from, to, topBy: 'source'});
		t.deepEqual([none.connectedTo, none.receivedFrom], [[], []]);
		t.deepEqual(answers(none), bruteReport(seen, '', from, to));
		const host = second % 7 === 6 ? 'b' : 'a';
		t.deepEqual(report(store, host, from, to), bruteReport(seen, host, from, to), `${host} at ${second} s`);
	}
});
