import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {RuntimeError, UsageError} from '../source/core/errors.js';
import type {GenerateOptions} from '../source/commands/options.js';
import {startGenerator} from '../source/io/generator.js';
import {FakeTimers} from './helpers/fake-timers.js';

const start = Date.UTC(2020, 0, 1);

async function temporaryDirectory(t: import('ava').ExecutionContext): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'generator-'));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	return dir;
}

function fastOptions(dir: string, options: Partial<GenerateOptions> = {}): GenerateOptions {
	return {dir, rate: 100, linesPerFile: 10_000, maxFileAge: 300_000, disorder: 0, unit: 'ms', seed: 1, lines: 1000, fast: true, start, ...options};
}

function liveOptions(dir: string, options: Partial<GenerateOptions> = {}): GenerateOptions {
	return {...fastOptions(dir, options), fast: false, start: undefined, lines: options.lines};
}

/** The log files of a directory in the order they were written, log_2 before log_10. */
async function logFiles(dir: string): Promise<string[]> {
	const names = (await readdir(dir)).filter(name => /^log_\d+\.txt$/.test(name));
	return names.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
}

/** Every line of every log file, in the order written. */
async function allLines(dir: string): Promise<string[]> {
	const lines: string[] = [];
	for (const name of await logFiles(dir)) {
		// eslint-disable-next-line no-await-in-loop
		const text = await readFile(path.join(dir, name), 'utf8');
		lines.push(...text.split('\n').slice(0, -1));
	}

	return lines;
}

async function allText(dir: string): Promise<string> {
	const texts = await Promise.all((await logFiles(dir)).map(async name => readFile(path.join(dir, name), 'utf8')));
	return texts.join('');
}

async function filesEndOnCompleteLines(t: import('ava').ExecutionContext, dir: string): Promise<void> {
	for (const name of await logFiles(dir)) {
		// eslint-disable-next-line no-await-in-loop
		const text = await readFile(path.join(dir, name), 'utf8');
		t.true(text.length > 0 && text.endsWith('\n'), `${name} does not end on a complete line`);
		t.true(text.split('\n').slice(0, -1).every(line => /^\d+ \S+ \S+$/.test(line)), `${name} has a malformed line`);
	}
}

function timestamps(lines: readonly string[]): number[] {
	return lines.map(line => Number(line.split(' ')[0]));
}

/** Run a generator to its end, recording the finished files. */
async function run(options: GenerateOptions): Promise<number[]> {
	const finished: number[] = [];
	await startGenerator(options, {onFileFinished: k => finished.push(k)}).done;
	return finished;
}

test('--lines writes exactly that many lines, all files ending on a complete line', async t => {
	const dir = await temporaryDirectory(t);
	const finished = await run(fastOptions(dir, {lines: 2500, linesPerFile: 1000}));
	t.deepEqual(finished, [1, 2, 3]);
	t.deepEqual(await logFiles(dir), ['log_1.txt', 'log_2.txt', 'log_3.txt']);
	t.is((await allLines(dir)).length, 2500);
	t.is((await readFile(path.join(dir, 'log_3.txt'), 'utf8')).split('\n').length - 1, 500);
	await filesEndOnCompleteLines(t, dir);
});

test('--fast: synthetic time from --start at --rate lines a second, default hosts', async t => {
	const dir = await temporaryDirectory(t);
	await run(fastOptions(dir, {rate: 4, lines: 9}));
	const lines = await allLines(dir);
	t.deepEqual(timestamps(lines), [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000].map(offset => start + offset));
	const hosts = new Set(lines.flatMap(line => line.split(' ').slice(1)));
	t.true([...hosts].every(host => ['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa'].includes(host)), [...hosts].join(' '));
});

test('--fast finishes files by age in synthetic time', async t => {
	const dir = await temporaryDirectory(t);
	const finished = await run(fastOptions(dir, {rate: 10, lines: 250, maxFileAge: 10_000}));
	t.deepEqual(finished, [1, 2, 3]);
	t.deepEqual(await Promise.all((await logFiles(dir)).map(async name => (await readFile(path.join(dir, name), 'utf8')).split('\n').length - 1)), [100, 100, 50]);
});

test('the same seed gives byte-identical files; another seed does not', async t => {
	const [first, second, other] = await Promise.all([0, 1, 2].map(async () => temporaryDirectory(t)));
	const options = {lines: 30_000, linesPerFile: 7000, disorder: 60_000, hostCount: 300, rate: 50};
	await run(fastOptions(first!, options));
	await run(fastOptions(second!, options));
	await run(fastOptions(other!, {...options, seed: 2}));
	t.deepEqual(await logFiles(first!), await logFiles(second!));
	const text = await allText(first!);
	t.true(text === await allText(second!), 'two runs with seed 1 differ');
	t.false(text === await allText(other!), 'seeds 1 and 2 give the same output');
});

test('--host-count N uses N distinct generated hosts, and --hosts exactly those given', async t => {
	const dir = await temporaryDirectory(t);
	await run(fastOptions(dir, {hostCount: 40, lines: 20_000}));
	const hosts = new Set((await allLines(dir)).flatMap(line => line.split(' ').slice(1)));
	t.true(hosts.size > 30 && hosts.size <= 40, `${hosts.size} hosts`);

	const other = await temporaryDirectory(t);
	await run(fastOptions(other, {hosts: ['α', 'b-1', 'c'], lines: 3000}));
	t.deepEqual([...new Set((await allLines(other)).flatMap(line => line.split(' ').slice(1)))].sort(), ['b-1', 'c', 'α']);
});

test('the busiest source has clearly more lines than the median one', async t => {
	const dir = await temporaryDirectory(t);
	await run(fastOptions(dir, {lines: 20_000}));
	const counts = new Map<string, number>();
	for (const line of await allLines(dir)) {
		const source = line.split(' ')[1]!;
		counts.set(source, (counts.get(source) ?? 0) + 1);
	}

	const sorted = [...counts.values()].sort((a, b) => b - a);
	t.is(sorted.length, 5);
	t.true(sorted[0]! > 2 * sorted[2]!, `counts ${sorted.join(', ')}`);
});

test('--disorder: lines come out of order, but for i < j, ts(i) <= ts(j) + disorder', async t => {
	for (const unit of ['ms', 's'] as const) {
		// eslint-disable-next-line no-await-in-loop
		const dir = await temporaryDirectory(t);
		const disorder = 300_000;
		// eslint-disable-next-line no-await-in-loop
		await run(fastOptions(dir, {lines: 20_000, rate: 20, disorder, unit, linesPerFile: 3000}));
		// eslint-disable-next-line no-await-in-loop
		const stamps = timestamps(await allLines(dir)).map(value => (unit === 's' ? value * 1000 : value));
		let newest = 0;
		let outOfOrder = 0;
		let largest = 0;
		for (const stamp of stamps) {
			t.true(newest <= stamp + disorder, `${unit}: a line ${newest - stamp} ms older than one before it`);
			outOfOrder += stamp < newest ? 1 : 0;
			largest = Math.max(largest, newest - stamp);
			newest = Math.max(newest, stamp);
		}

		t.true(outOfOrder > stamps.length / 2, `${unit}: only ${outOfOrder} lines out of order`);
		t.true(largest > disorder * 0.9, `${unit}: lines at most ${largest} ms late`);
	}
});

test('--unit s writes epoch seconds', async t => {
	const dir = await temporaryDirectory(t);
	await run(fastOptions(dir, {unit: 's', rate: 2, lines: 10}));
	const lines = await allLines(dir);
	t.true(lines.every(line => /^\d{10} /.test(line)), lines.join('\n'));
	t.deepEqual(timestamps(lines), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4].map(offset => (start / 1000) + offset));
});

test('numbering continues after log files already in the directory', async t => {
	const dir = await temporaryDirectory(t);
	await writeFile(path.join(dir, 'log_4.txt'), '1 a b\n');
	const finished = await run(fastOptions(dir, {lines: 20, linesPerFile: 10}));
	t.deepEqual(finished, [5, 6]);
	t.is(await readFile(path.join(dir, 'log_4.txt'), 'utf8'), '1 a b\n');
});

test('live: lines at --rate per second, stamped with the current time, with an exact long-run rate', async t => {
	const dir = await temporaryDirectory(t);
	const timers = new FakeTimers();
	const origin = timers.time;
	// Three lines a second do not divide into 100 ms ticks: the running schedule must still give 3 a second.
	const generator = startGenerator(liveOptions(dir, {rate: 3}), {}, {timers});
	await timers.settled(generator);
	t.deepEqual(timestamps(await allLines(dir)), [origin], 'the first line comes at once');
	for (let tick = 0; tick < 100; tick++) {
		// eslint-disable-next-line no-await-in-loop
		await timers.advance(generator, 100);
		// eslint-disable-next-line no-await-in-loop
		const stamps = timestamps(await allLines(dir));
		t.true(stamps.every(stamp => stamp <= timers.time), 'a line stamped in the future');
	}

	await generator.stop();
	const stamps = timestamps(await allLines(dir));
	t.is(stamps.length, 31, '10 s at 3 a second, plus the line at 0');
	t.deepEqual(stamps, stamps.map((_, index) => origin + Math.floor((index * 1000) / 3)));
	await filesEndOnCompleteLines(t, dir);
});

test('live: files are finished by age, reported, and the last one on stop', async t => {
	const dir = await temporaryDirectory(t);
	const timers = new FakeTimers();
	const finished: number[] = [];
	const generator = startGenerator(liveOptions(dir, {rate: 10, maxFileAge: 1000}), {onFileFinished: k => finished.push(k)}, {timers});
	for (let tick = 0; tick < 35; tick++) {
		// eslint-disable-next-line no-await-in-loop
		await timers.advance(generator, 100);
	}

	t.deepEqual(finished, [1, 2, 3]);
	await generator.stop();
	t.deepEqual(finished, [1, 2, 3, 4]);
	const counts = await Promise.all((await logFiles(dir)).map(async name => (await readFile(path.join(dir, name), 'utf8')).split('\n').length - 1));
	t.deepEqual(counts, [10, 10, 10, 6]);
	await filesEndOnCompleteLines(t, dir);
});

test('live: --lines ends the generator', async t => {
	const dir = await temporaryDirectory(t);
	const timers = new FakeTimers();
	const generator = startGenerator(liveOptions(dir, {rate: 10, lines: 15}), {}, {timers});
	for (let tick = 0; tick < 30; tick++) {
		// eslint-disable-next-line no-await-in-loop
		await timers.advance(generator, 100);
	}

	await generator.done;
	t.is((await allLines(dir)).length, 15);
});

test('live: a clock stepping back does not make time go backwards, and a long suspend is not replayed in full', async t => {
	const dir = await temporaryDirectory(t);
	const timers = new FakeTimers();
	const generator = startGenerator(liveOptions(dir, {rate: 100, linesPerFile: 1_000_000}), {}, {timers});
	await timers.advance(generator, 1000);
	await timers.advance(generator, -5000);
	await timers.advance(generator, 3_600_000);
	await timers.advance(generator, 100);
	await generator.stop();
	const stamps = timestamps(await allLines(dir));
	t.true(stamps.every((stamp, index) => index === 0 || stamp >= stamps[index - 1]!), 'time went backwards');
	t.true(stamps.length < 1000, `${stamps.length} lines: an hour of backlog was written`);
	t.is(stamps.at(-1), timers.time, 'the schedule catches up with the clock');
});

test('live: backfill writes the recent past at once', async t => {
	const dir = await temporaryDirectory(t);
	const timers = new FakeTimers();
	const generator = startGenerator(liveOptions(dir, {rate: 10}), {}, {timers, backfill: 10_000});
	await generator.started;
	const stamps = timestamps(await allLines(dir));
	t.is(stamps.length, 101);
	t.is(stamps[0], timers.time - 10_000);
	t.is(stamps.at(-1), timers.time);
	await generator.stop();
});

test('stop() while writing fast leaves every file ending on a complete line', async t => {
	const dir = await temporaryDirectory(t);
	const finished: number[] = [];
	const generator = startGenerator(fastOptions(dir, {lines: undefined, linesPerFile: 100_000}), {onFileFinished: k => finished.push(k)});
	await generator.started;
	await generator.stop();
	await generator.done;
	const files = await logFiles(dir);
	t.true(files.length > 0);
	t.deepEqual(finished, files.map((_, index) => index + 1), 'every file is reported, the last one too');
	await filesEndOnCompleteLines(t, dir);
});

test('options out of range are usage errors, thrown at once', t => {
	const dir = path.join(tmpdir(), 'never-made');
	const cases: Array<[Partial<GenerateOptions>, RegExp]> = [
		[{rate: 0}, /--rate/],
		[{rate: -1}, /--rate/],
		[{rate: Number.NaN}, /--rate/],
		[{linesPerFile: 0}, /--lines-per-file/],
		[{linesPerFile: 1.5}, /--lines-per-file/],
		[{disorder: -1}, /--disorder/],
		[{hosts: []}, /--hosts/],
		[{hosts: ['a b']}, /--hosts/],
		[{hosts: ['a', 'a']}, /twice/],
		[{hosts: ['a'], hostCount: 3}, /not both/],
		[{hostCount: 0}, /--host-count/],
		[{lines: -1}, /--lines/],
		[{start: undefined}, /--fast needs --start/],
		[{start: 1000}, /--start/],
		[{unit: 's', start: 1e15}, /--start/],
	];
	for (const [options, message] of cases) {
		t.throws(() => startGenerator(fastOptions(dir, options)), {instanceOf: UsageError, message}, JSON.stringify(options));
	}

	t.throws(() => startGenerator({...liveOptions(dir), start}), {instanceOf: UsageError, message: /--start applies to --fast/});
});

test('an unwritable directory is a runtime error naming it, to onError and done', async t => {
	const file = path.join(await temporaryDirectory(t), 'plain-file');
	await writeFile(file, '');
	const dir = path.join(file, 'logs');
	const errors: Error[] = [];
	const generator = startGenerator(fastOptions(dir), {onError: error => errors.push(error)});
	const error = await t.throwsAsync(generator.done, {instanceOf: RuntimeError});
	t.true(error!.message.includes(`'${dir}'`), error!.message);
	t.deepEqual(errors, [error!]);
	await t.notThrowsAsync(generator.stop(), 'stop after a failure resolves');
});
