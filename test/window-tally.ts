import test from 'ava';
import {LineCursor} from '../source/core/line-cursor.js';
import {buildReport, type TopBy} from '../source/core/report.js';
import {KernelTally} from '../source/core/kernel-tally.js';
import {WindowTally, type WindowTallyOptions} from '../source/core/window-tally.js';
import {loadKernel} from '../source/io/load-kernel.js';
import {scanRange} from '../source/io/scan-file.js';
import {memorySource} from './helpers/memory-source.js';

type Answers = {
	connectedTo: string[];
	receivedFrom: string[];
	top: string[];
	leaders: string[];
	lines: number;
	malformed: number;
};

/* Every test runs twice: counted by LineCursor and WindowTally.consume, and by the scanner kernel (merged into a WindowTally, as query does), in chunks small enough to cut lines. */
const engines = {
	cursor(log: string, options: WindowTallyOptions): WindowTally {
		const counts = new WindowTally(options);
		const cursor = new LineCursor().reset(Buffer.from(log));
		if (counts.consume(cursor, 0)) {
			counts.consume(cursor, 0, true);
		}

		return counts;
	},
	async kernel(log: string, options: WindowTallyOptions): Promise<WindowTally> {
		const kernel = new KernelTally(loadKernel(), options);
		const bytes = Buffer.from(log);
		await scanRange(memorySource(bytes), {start: 0, end: bytes.length, atFileEnd: true}, kernel, 8);
		const counts = new WindowTally(options);
		counts.merge(kernel.snapshot());
		return counts;
	},
};

function answers(counts: WindowTally, host: string, topBy: TopBy = 'source'): Answers {
	const report = buildReport(counts, {host, from: counts.from, to: counts.to, topBy, topLimit: 100});
	const rows = (list: ReadonlyArray<{host: string; count: number}>) => list.map(row => `${row.host}=${row.count}`);
	return {
		connectedTo: rows(report.connectedTo),
		receivedFrom: rows(report.receivedFrom),
		top: rows(report.top.ranking),
		leaders: rows(report.top.leaders),
		lines: report.stats.lines,
		malformed: report.stats.malformed,
	};
}

for (const [engine, count] of Object.entries(engines)) {
	const tally = async (log: string, host: string, from: number, to: number, topBy: TopBy = 'source', tolerance = 0) => count(log, {host, from, to, topBy, tolerance});

	const log = [
		'100 Hannibal Steeve',
		'101 Hanny Steeve',
		'102 Steeve Hannibal',
		'103 Steeve Hanny',
		'104 Hannibal Steeve',
		'105 Mustafa Samatchi',
	].join('\n');

	test(`${engine}: the three answers over a window`, async t => {
		t.deepEqual(answers(await tally(log, 'Steeve', 100_000, 105_000), 'Steeve'), {
			connectedTo: ['Hannibal=2', 'Hanny=1'],
			receivedFrom: ['Hannibal=1', 'Hanny=1'],
			top: ['Hannibal=2', 'Steeve=2', 'Hanny=1', 'Mustafa=1'],
			leaders: ['Hannibal=2', 'Steeve=2'],
			lines: 6,
			malformed: 0,
		});
	});

	test(`${engine}: both ends of the window are included, and only they`, async t => {
		const counts = await tally(log, 'Steeve', 101_000, 103_000);
		t.is(counts.lines, 3);
		t.deepEqual(answers(counts, 'Steeve').connectedTo, ['Hanny=1']);
		t.deepEqual(answers(await tally(log, 'Steeve', 101_001, 102_999), 'Steeve').top, ['Steeve=1']);
	});

	test(`${engine}: ties are ordered by name in byte order, and all tied leaders are given`, async t => {
		const counts = await tally('1 b H\n1 a H\n1 C H\n1 a x\n1 b y\n1 C z\n', 'H', 0, 10_000);
		const result = answers(counts, 'H');
		t.deepEqual(result.connectedTo, ['C=1', 'a=1', 'b=1']);
		t.deepEqual(result.leaders, ['C=2', 'a=2', 'b=2']);
	});

	test(`${engine}: lists are ordered by count first`, async t => {
		const counts = await tally('1 a H\n1 b H\n1 b H\n1 c H\n1 c H\n1 c H\n', 'H', 0, 10_000);
		t.deepEqual(answers(counts, 'H').connectedTo, ['c=3', 'b=2', 'a=1']);
	});

	test(`${engine}: a connection from H to itself counts in both of its lists`, async t => {
		const result = answers(await tally('1 H H\n2 H x\n', 'H', 0, 10_000), 'H');
		t.deepEqual(result.connectedTo, ['H=1']);
		t.deepEqual(result.receivedFrom, ['H=1', 'x=1']);
		t.deepEqual(result.top, ['H=2']);
	});

	test(`${engine}: involved mode counts each host of a line, once even when source and destination are the same`, async t => {
		const counts = await tally('1 a b\n2 c c\n3 a c\n', 'a', 0, 10_000, 'involved');
		t.deepEqual(answers(counts, 'a', 'involved').top, ['a=2', 'c=2', 'b=1']);
	});

	test(`${engine}: source mode counts only sources`, async t => {
		const counts = await tally('1 a b\n2 c c\n3 a c\n', 'a', 0, 10_000, 'source');
		t.deepEqual(answers(counts, 'a').top, ['a=2', 'c=1']);
	});

	test(`${engine}: an empty window gives empty answers`, async t => {
		t.deepEqual(answers(await tally(log, 'Steeve', 200_000, 300_000), 'Steeve'), {
			connectedTo: [],
			receivedFrom: [],
			top: [],
			leaders: [],
			lines: 0,
			malformed: 0,
		});
	});

	test(`${engine}: a host that is never seen has empty lists, and top hosts still answer`, async t => {
		const result = answers(await tally(log, 'Nobody', 0, 1e15), 'Nobody');
		t.deepEqual(result.connectedTo, []);
		t.deepEqual(result.receivedFrom, []);
		t.is(result.top.length, 4);
	});

	test(`${engine}: the host is compared byte for byte: case and prefixes do not match`, async t => {
		const result = answers(await tally('1 a steeve\n1 b Steeve2\n1 c Steev\n1 d Steeve\n', 'Steeve', 0, 10_000), 'Steeve');
		t.deepEqual(result.connectedTo, ['d=1']);
	});

	test(`${engine}: malformed lines are counted, in the window or not`, async t => {
		const counts = await tally('1 a b\nnot a line at all\n5 x\n999999 a b\n', 'a', 0, 10_000);
		t.is(counts.lines, 1);
		t.is(counts.malformed, 2);
	});

	test(`${engine}: a line newer than to + tolerance stops the tally`, async t => {
		const counts = await tally('1 a b\n4 a b\n2 a b\n9 a b\n3 a b\n', 'a', 0, 3000, 'source', 1000);
		t.true(counts.done);
		t.is(counts.lines, 2, 'lines after the stop are not read');
	});

	test(`${engine}: a line older than the tolerance allows is reported with its offset and how much older it is`, async t => {
		const text = '10 a b\n20 a b\n15 a b\n5 a b\n30 a b\n';
		const counts = await tally(text, 'a', 0, 100_000, 'source', 5000);
		t.deepEqual(counts.disorder, {offset: text.indexOf('5 a b\n30'), behind: 15_000});
		t.is(counts.lines, 5, 'counting goes on');
	});

	test(`${engine}: disorder within the tolerance is not reported`, async t => {
		t.is((await tally('10 a b\n20 a b\n15 a b\n30 a b\n', 'a', 0, 100_000, 'source', 5000)).disorder, undefined);
	});

	test(`${engine}: merging tallies of two parts equals tallying the whole`, async t => {
		const text = '1 a H\n2 H b\n3 H H\n4 c H\n5 a b\n6 H c\n7 é H\n';
		const cut = text.indexOf('4 c');
		const whole = await tally(text, 'H', 2000, 6000, 'involved');
		const first = await tally(text.slice(0, cut), 'H', 2000, 6000, 'involved');
		const second = await tally(text.slice(cut), 'H', 2000, 6000, 'involved');
		first.merge(second);
		t.deepEqual(answers(first, 'H', 'involved'), answers(whole, 'H', 'involved'));
	});

	test(`${engine}: merging reports disorder across the cut`, async t => {
		const first = await tally('10 a b\n20 a b\n', 'a', 0, 100_000, 'source', 5000);
		const second = await tally('12 a b\n30 a b\n', 'a', 0, 100_000, 'source', 5000);
		first.merge(second);
		t.is(first.disorder?.behind, 8000);
		const other = await tally('10 a b\n20 a b\n', 'a', 0, 100_000, 'source', 5000);
		other.merge(await tally('12 a b\n', 'a', 0, 100_000, 'source', 5000), false);
		t.is(other.disorder, undefined, 'another file is not checked against this one');
	});

	test(`${engine}: a snapshot keeps only hosts with counts, and merges into an empty tally as the same answers`, async t => {
		const counts = await tally(log, 'Steeve', 103_000, 105_000);
		const snapshot = counts.snapshot();
		t.is(snapshot.nameEnds.length, 4, 'Hannibal, Steeve, Hanny, Mustafa; Samatchi has no count');
		const copy = new WindowTally({host: 'Steeve', from: 103_000, to: 105_000, topBy: 'source'});
		copy.merge(snapshot);
		t.deepEqual(answers(copy, 'Steeve'), answers(counts, 'Steeve'));
	});
}
