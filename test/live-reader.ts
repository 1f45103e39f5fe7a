import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {openLiveReader} from '../source/io/live-reader.js';
import {answers, bruteReport, parseLines} from './helpers/brute-count.js';

async function temporaryDirectory(): Promise<string> {
	return fs.mkdtemp(path.join(os.tmpdir(), 'live-reader-'));
}

const hosts = ['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa', 'Zoë', '東京'];

/** A roughly sorted log: one line every `step` ms from `start`, each shifted back by up to `disorder` ms. */
function makeLog(count: number, start: number, step: number, disorder: number, seed = 1): string {
	let state = seed;
	const random = () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state / 2 ** 32;
	};

	const lines: string[] = [];
	for (let i = 0; i < count; i++) {
		const timestamp = start + (i * step) - Math.floor(random() * disorder);
		lines.push(`${timestamp} ${hosts[Math.floor(random() * hosts.length)]!} ${hosts[Math.floor(random() * hosts.length)]!}\n`);
	}

	return lines.join('');
}

test('start-up seeks to the window instead of reading the whole file, and answers exactly', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const text = makeLog(200_000, 1_600_000_000_000, 100, 5000);
	await fs.writeFile(file, text);
	const lines = parseLines(text);
	const now = 1_600_000_000_000 + (199_999 * 100);
	const reader = openLiveReader({files: [file], window: 60_000, tolerance: 5000, now});
	await reader.update();
	t.true(reader.status.linesRead < 5000, `read ${reader.status.linesRead} of 200000 lines`);
	for (const host of ['Hannibal', 'Zoë', '東京']) {
		t.deepEqual(answers(reader.report({host, from: now - 60_000, to: now, topBy: 'source'})), bruteReport(lines, host, now - 60_000, now));
	}

	t.is(reader.status.currentFile, file);
	t.is(reader.status.state.kind, 'reading');
	await reader.close();
});

test('with the log clock, the newest line gives the window, found near the end of the file', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const text = makeLog(100_000, 1_500_000_000_000, 50, 3000, 7);
	await fs.writeFile(file, text);
	const lines = parseLines(text);
	const newest = Math.max(...lines.map(line => line.timestamp));
	const reader = openLiveReader({files: [file], window: 30_000, tolerance: 3000});
	await reader.update();
	t.is(reader.status.newestTimestamp, newest);
	t.true(reader.status.linesRead < 2000, `read ${reader.status.linesRead} lines`);
	const report = reader.report({host: 'Hanny', from: newest - 30_000, to: newest, topBy: 'involved'});
	t.deepEqual(answers(report), bruteReport(lines, 'Hanny', newest - 30_000, newest, 'involved'));
	await reader.close();
});

/** Timestamps below 1e11 are seconds (SPEC section 1): small test times are offsets from this. */
const base = 1_600_000_000_000;

test('appended lines show at the next update, an unfinished line only once its newline arrives', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, `${base + 1000} a b\n`);
	const reader = openLiveReader({files: [file], window: 10_000, tolerance: 1000, now: base + 5000});
	const count = () => reader.report({host: 'a', from: base, to: base + 10_000, topBy: 'source'}).receivedFrom.map(row => [row.host, row.count]);
	await reader.update();
	t.deepEqual(count(), [['b', 1]]);
	await fs.appendFile(file, `${base + 2000} a c\n${base + 3000} a`);
	await reader.update();
	t.deepEqual(count(), [['b', 1], ['c', 1]]);
	await fs.appendFile(file, ' d\n');
	await reader.update();
	t.deepEqual(count(), [['b', 1], ['c', 1], ['d', 1]]);
	t.is(reader.status.linesRead, 3);
	await reader.close();
});

test('a wider window reads the older lines it needs at the next update, none twice', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const text = makeLog(100_000, 1_600_000_000_000, 100, 4000, 3);
	await fs.writeFile(file, text);
	const lines = parseLines(text);
	const now = 1_600_000_000_000 + (99_999 * 100);
	const reader = openLiveReader({files: [file], window: 20_000, tolerance: 4000, now});
	await reader.update();
	const narrow = reader.report({host: 'Steeve', from: now - 20_000, to: now, topBy: 'source'});
	t.deepEqual(answers(narrow), bruteReport(lines, 'Steeve', now - 20_000, now));
	const before = reader.status.linesRead;
	reader.setWindow(600_000);
	await reader.update();
	for (const host of ['Steeve', 'Mustafa']) {
		t.deepEqual(answers(reader.report({host, from: now - 600_000, to: now, topBy: 'source'})), bruteReport(lines, host, now - 600_000, now));
	}

	t.is(reader.status.linesRead, before, 'reading older lines again is not new reading');
	// Narrow again and wide again: still exact.
	reader.setWindow(10_000);
	t.deepEqual(answers(reader.report({host: 'Hanny', from: now - 10_000, to: now, topBy: 'source'})), bruteReport(lines, 'Hanny', now - 10_000, now));
	reader.setWindow(40_000);
	await reader.update();
	t.deepEqual(answers(reader.report({host: 'Hanny', from: now - 40_000, to: now, topBy: 'source'})), bruteReport(lines, 'Hanny', now - 40_000, now));
	await reader.close();
});

test('a file that does not exist yet is a waiting state, then read', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'later.log');
	const reader = openLiveReader({files: [file], window: 10_000, tolerance: 1000, now: base + 5000});
	await reader.update();
	t.is(reader.status.state.kind, 'waiting');
	await fs.writeFile(file, `${base + 4000} a b\n`);
	await reader.update();
	t.is(reader.status.state.kind, 'reading');
	t.is(reader.report({host: 'a', from: base, to: base + 5000, topBy: 'source'}).stats.lines, 1);
	await reader.close();
});

test('a file named twice is read once; malformed lines are counted', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, `${base + 1000} a b\nbad line\n${base + 2000} a\n\n${base + 3000} b a\n`);
	const reader = openLiveReader({files: [file, path.join(dir, '.', 'app.log')], window: 10_000, tolerance: 1000, now: base + 5000});
	await reader.update();
	const report = reader.report({host: 'a', from: base, to: base + 5000, topBy: 'source'});
	t.is(report.stats.lines, 2);
	t.is(report.stats.malformed, 2);
	t.is(reader.status.linesRead, 4);
	t.is(reader.status.malformed, 2);
	await reader.close();
});

test('a directory: rotation to a new file while the old one still holds window lines', async t => {
	const dir = await temporaryDirectory();
	await fs.writeFile(path.join(dir, 'log_1.txt'), `${base + 1000} a b\n${base + 2000} a c\n`);
	const reader = openLiveReader({files: [], dir, window: 10_000, tolerance: 1000});
	await reader.update();
	await fs.appendFile(path.join(dir, 'log_1.txt'), `${base + 3000} a d\n`);
	await fs.writeFile(path.join(dir, 'log_2.txt'), `${base + 4000} a e\n`);
	const later = new Date(Date.now() + 5000);
	await fs.utimes(path.join(dir, 'log_2.txt'), later, later);
	await reader.update();
	t.is(reader.status.currentFile, path.join(dir, 'log_2.txt'));
	t.is(reader.status.newestTimestamp, base + 4000);
	const report = reader.report({host: 'a', from: base, to: base + 4000, topBy: 'source'});
	t.deepEqual(report.receivedFrom.map(row => row.host), ['b', 'c', 'd', 'e']);
	await reader.close();
});

test('updates asked for while one runs are all served, and nothing is read twice', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, makeLog(50_000, base, 10, 0));
	const reader = openLiveReader({files: [file], window: 1_000_000, tolerance: 0, now: base + 500_000});
	const first = reader.update();
	await fs.appendFile(file, `${base + 400_000} late one\n`);
	const second = reader.update();
	const third = reader.update();
	await Promise.all([first, second, third]);
	t.is(reader.status.linesRead, 50_001);
	t.is(reader.report({host: 'late', from: base, to: base + 500_000, topBy: 'source'}).receivedFrom[0]?.count, 1);
	await reader.close();
});

test('reading a large file gives the event loop turns between chunks', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, makeLog(400_000, base, 1, 0));
	const reader = openLiveReader({files: [file], window: 1_000_000, tolerance: 0, now: base + 400_000});
	let turns = 0;
	let done = false;
	const tick = () => {
		if (!done) {
			turns++;
			setImmediate(tick);
		}
	};

	setImmediate(tick);
	await reader.update();
	done = true;
	t.is(reader.status.linesRead, 400_000);
	// About 10 MB in 2 MiB reads: a turn at least between every two of them.
	t.true(turns >= 3, `${turns} turns`);
	await reader.close();
});

test('update never rejects: an unreadable path is an error in words', async t => {
	const dir = await temporaryDirectory();
	const reader = openLiveReader({files: [dir], window: 1000, tolerance: 0, now: base});
	await t.notThrowsAsync(reader.update());
	t.is(reader.status.state.kind, 'error');
	t.regex(reader.status.state.kind === 'error' ? reader.status.state.message : '', /cannot read .*: is a directory/);
	await reader.close();
});

test('a file reached by two names is read once, at every refresh: links in --dir, --file twice, --file inside --dir', async t => {
	const text = Array.from({length: 10}, (_, i) => `${base + (i * 100)} a b\n`).join('');
	const cases: Array<[string, (dir: string, logs: string) => Promise<{files: string[]; dir?: string}>]> = [
		['a current.log symbolic link beside log_5.txt', async (_dir, logs) => {
			await fs.symlink(path.join(logs, 'log_5.txt'), path.join(logs, 'current.log'));
			return {files: [], dir: logs};
		}],
		['a hard link in the directory', async (_dir, logs) => {
			await fs.link(path.join(logs, 'log_5.txt'), path.join(logs, 'current.log'));
			return {files: [], dir: logs};
		}],
		['--file F --file link-to-F', async (dir, logs) => {
			await fs.symlink(path.join(logs, 'log_5.txt'), path.join(dir, 'link.log'));
			return {files: [path.join(logs, 'log_5.txt'), path.join(dir, 'link.log')]};
		}],
		['--file F --file hard-link-to-F', async (dir, logs) => {
			await fs.link(path.join(logs, 'log_5.txt'), path.join(dir, 'hard.log'));
			return {files: [path.join(dir, 'hard.log'), path.join(logs, 'log_5.txt')]};
		}],
		['--dir D --file D/log_5.txt', async (_dir, logs) => ({files: [path.join(logs, 'log_5.txt')], dir: logs})],
	];
	for (const [name, setUp] of cases) {
		/* eslint-disable no-await-in-loop */
		const dir = await temporaryDirectory();
		const logs = path.join(dir, 'logs');
		await fs.mkdir(logs);
		await fs.writeFile(path.join(logs, 'log_5.txt'), text);
		const sources = await setUp(dir, logs);
		const reader = openLiveReader({...sources, window: 10_000, tolerance: 1000, now: base + 5000});
		for (let refresh = 1; refresh <= 3; refresh++) {
			await reader.update();
			t.is(reader.report({host: 'a', from: base, to: base + 5000, topBy: 'source'}).stats.lines, 10, `${name}, refresh ${refresh}`);
		}

		await fs.appendFile(path.join(logs, 'log_5.txt'), `${base + 2000} a c\n`);
		await reader.update();
		t.is(reader.report({host: 'a', from: base, to: base + 5000, topBy: 'source'}).stats.lines, 11, `${name}, after an append`);
		reader.setWindow(20_000);
		await reader.update();
		t.is(reader.report({host: 'a', from: base - 15_000, to: base + 5000, topBy: 'source'}).stats.lines, 11, `${name}, after widening`);
		await reader.close();
		/* eslint-enable no-await-in-loop */
	}
});

test('--dir naming a regular file says so in words, naming the path once', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, `${base} a b\n`);
	const reader = openLiveReader({files: [], dir: file, window: 1000, tolerance: 0, now: base});
	await reader.update();
	t.deepEqual(reader.status.state, {kind: 'error', message: `cannot read ${file}: not a directory`});
	await reader.close();
});

test('a long run of native lines is read by the scanner kernel in a worker thread: the same answers, and reading goes on from its last complete line', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const text = makeLog(120_000, base, 10, 2000, 11);
	// An unfinished last line: the kernel leaves it for the next update.
	await fs.writeFile(file, `${text}${base + 1_200_000} Hannibal Ste`);
	const now = base + 1_200_000;
	const reader = openLiveReader({files: [file], window: 1_300_000, tolerance: 2000, now}, {bulkBytes: 1, recordsThreshold: 1});
	await reader.update();
	const lines = parseLines(text);
	for (const host of ['Hannibal', 'Zoë', '東京']) {
		t.deepEqual(answers(reader.report({host, from: now - 1_300_000, to: now, topBy: 'involved'})), bruteReport(lines, host, now - 1_300_000, now, 'involved'));
	}

	t.is(reader.status.linesRead, 120_000);
	await fs.appendFile(file, `eve\n${base + 1_200_001} a b\n`);
	await reader.update();
	const all = parseLines(`${text}${base + 1_200_000} Hannibal Steeve\n${base + 1_200_001} a b\n`);
	t.deepEqual(answers(reader.report({host: 'Hannibal', from: now - 1_300_000, to: now + 1, topBy: 'source'})), bruteReport(all, 'Hannibal', now - 1_300_000, now + 1));
	t.is(reader.status.linesRead, 120_002);
	await reader.close();
});

test('a wider window reads its older lines with the scanner kernel in a worker thread, each once, out of order ones included', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const text = makeLog(120_000, base, 10, 2000, 12);
	await fs.writeFile(file, text);
	const now = base + 1_200_000;
	const reader = openLiveReader({files: [file], window: 300_000, tolerance: 2000, now}, {bulkBytes: 1, recordsThreshold: 1});
	await reader.update();
	reader.report({host: 'Hannibal', from: now - 300_000, to: now, topBy: 'source'});
	const lines = parseLines(text);
	for (const window of [900_000, 600_000, 1_100_000]) {
		reader.setWindow(window);
		// eslint-disable-next-line no-await-in-loop
		await reader.update();
		for (const host of ['Hannibal', '東京']) {
			t.deepEqual(answers(reader.report({host, from: now - window, to: now, topBy: 'involved'})), bruteReport(lines, host, now - window, now, 'involved'), `${host}, ${window} ms`);
		}
	}

	await reader.close();
});
