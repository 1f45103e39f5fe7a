import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, open, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import {RuntimeError} from '../source/core/errors.js';
import {LogWriter, type LogWriterOptions} from '../source/io/log-writer.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const alice = bytes('alice');
const bob = bytes('bob');
const start = 1_600_000_000_000;

async function temporaryDirectory(t: import('ava').ExecutionContext): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'log-writer-'));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	return dir;
}

/** A writer into `dir` with a clock the test moves, recording the finished files. */
async function writerFor(dir: string, options: Partial<LogWriterOptions> = {}) {
	const clock = {now: start};
	const finished: Array<[number, string]> = [];
	const writer = await LogWriter.open({
		dir,
		linesPerFile: 1000,
		maxFileAge: 60_000,
		unit: 'ms',
		clock: () => clock.now,
		onFileFinished: (k, file) => finished.push([k, file]),
		...options,
	});
	return {writer, clock, finished};
}

async function logFiles(dir: string): Promise<string[]> {
	return (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', {numeric: true}));
}

async function read(dir: string, name: string): Promise<string> {
	return readFile(path.join(dir, name), 'utf8');
}

test('a file is finished after so many lines, and reported once it is closed', async t => {
	const dir = await temporaryDirectory(t);
	const {writer, finished} = await writerFor(dir, {linesPerFile: 3});
	for (let index = 0; index < 7; index++) {
		writer.writeLine(start + index, alice, bob);
	}

	t.deepEqual(finished, [], 'nothing is reported before it reaches the disk');
	await writer.flush();
	t.deepEqual(finished.map(([k]) => k), [1, 2]);
	t.deepEqual(await logFiles(dir), ['log_1.txt', 'log_2.txt', 'log_3.txt']);
	t.is(await read(dir, 'log_1.txt'), `${start} alice bob\n${start + 1} alice bob\n${start + 2} alice bob\n`);
	t.is(await read(dir, 'log_3.txt'), `${start + 6} alice bob\n`);
	await writer.close();
	t.deepEqual(finished, [1, 2, 3].map(k => [k, path.join(dir, `log_${k}.txt`)]), 'the last file is finished on close');
});

test('a finished file is complete when it is reported', async t => {
	const dir = await temporaryDirectory(t);
	const contents: string[] = [];
	const writer = await LogWriter.open({
		dir,
		linesPerFile: 2,
		maxFileAge: 0,
		unit: 'ms',
		onFileFinished(_k, file) {
			// The callback is synchronous, so is this read: the file must be complete at the moment it is reported.
			contents.push(readFileSync(file, 'utf8'));
		},
	});
	for (let index = 0; index < 4; index++) {
		writer.writeLine(start + index, alice, bob);
	}

	await writer.close();
	t.deepEqual(contents, [`${start} alice bob\n${start + 1} alice bob\n`, `${start + 2} alice bob\n${start + 3} alice bob\n`]);
});

test('a file is finished after the maximum age, by the injected clock', async t => {
	const dir = await temporaryDirectory(t);
	const {writer, clock, finished} = await writerFor(dir, {maxFileAge: 1000});
	writer.writeLine(start, alice, bob);
	clock.now += 999;
	writer.writeLine(start + 999, alice, bob);
	clock.now += 1;
	writer.writeLine(start + 1000, bob, alice);
	await writer.flush();
	t.deepEqual(finished.map(([k]) => k), [1]);
	t.is(await read(dir, 'log_1.txt'), `${start} alice bob\n${start + 999} alice bob\n`);

	// The age counts from a file's first line, and a quiet file is finished by `finishIfOld` without a new line.
	clock.now += 5000;
	writer.finishIfOld();
	await writer.flush();
	t.deepEqual(finished.map(([k]) => k), [1, 2]);
	t.is(await read(dir, 'log_2.txt'), `${start + 1000} bob alice\n`);
	writer.finishIfOld();
	await writer.close();
	t.deepEqual(finished.map(([k]) => k), [1, 2], 'no empty file is made or reported');
	t.deepEqual(await logFiles(dir), ['log_1.txt', 'log_2.txt']);
});

test('a maximum age of 0 means files never age', async t => {
	const dir = await temporaryDirectory(t);
	const {writer, clock, finished} = await writerFor(dir, {maxFileAge: 0});
	writer.writeLine(start, alice, bob);
	clock.now += 1e9;
	writer.writeLine(start, alice, bob);
	writer.finishIfOld();
	await writer.flush();
	t.deepEqual(finished, []);
	await writer.close();
	t.deepEqual(await logFiles(dir), ['log_1.txt']);
});

test('numbering continues after the highest log_K.txt already there', async t => {
	const dir = await temporaryDirectory(t);
	for (const name of ['log_2.txt', 'log_7.txt', 'log_99.log', 'log_x.txt', 'notes.txt']) {
		// eslint-disable-next-line no-await-in-loop
		await writeFile(path.join(dir, name), 'old\n');
	}

	const {writer, finished} = await writerFor(dir, {linesPerFile: 1});
	t.is(writer.currentFile, 8);
	writer.writeLine(start, alice, bob);
	writer.writeLine(start, alice, bob);
	await writer.close();
	t.deepEqual(finished.map(([k]) => k), [8, 9]);
	t.is(await read(dir, 'log_7.txt'), 'old\n', 'old logs are left alone');
	t.is(await read(dir, 'log_2.txt'), 'old\n');
});

test('the directory is created, with its parents', async t => {
	const dir = path.join(await temporaryDirectory(t), 'a', 'b');
	const {writer} = await writerFor(dir);
	writer.writeLine(start, alice, bob);
	await writer.close();
	t.is(await read(dir, 'log_1.txt'), `${start} alice bob\n`);
});

test('--unit s writes whole seconds', async t => {
	const dir = await temporaryDirectory(t);
	const {writer} = await writerFor(dir, {unit: 's'});
	writer.writeLine(1_600_000_000_000, alice, bob);
	writer.writeLine(1_600_000_001_000, alice, bob);
	writer.writeLine(0, bob, alice);
	await writer.close();
	t.is(await read(dir, 'log_1.txt'), '1600000000 alice bob\n1600000001 alice bob\n0 bob alice\n');
});

test('timestamps of any size are written as their decimal digits', async t => {
	const dir = await temporaryDirectory(t);
	const {writer} = await writerFor(dir, {linesPerFile: 1_000_000});
	const values = fc.sample(fc.oneof(fc.maxSafeNat(), fc.nat({max: 2_000_000}), fc.integer({min: 999_990, max: 1_000_010})), {numRuns: 5000, seed: 1});
	values.push(0, 9, 10, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER);
	for (const value of values) {
		writer.writeLine(value, alice, bob);
	}

	await writer.close();
	t.deepEqual((await read(dir, 'log_1.txt')).split('\n').slice(0, -1), values.map(value => `${value} alice bob`));
});

test('host names are written as given, UTF-8 and long ones included', async t => {
	const dir = await temporaryDirectory(t);
	const {writer} = await writerFor(dir);
	const long = 'x'.repeat(100_000);
	writer.writeLine(start, bytes('Zoë'), bytes(long));
	writer.writeLine(start + 10, bytes('Ünïcødé'), alice);
	await writer.close();
	t.is(await read(dir, 'log_1.txt'), `${start} Zoë ${long}\n${start + 10} Ünïcødé alice\n`);
});

test('lines written between flushes, across many chunks, all arrive in order', async t => {
	const dir = await temporaryDirectory(t);
	const {writer} = await writerFor(dir, {linesPerFile: 1_000_000});
	const expected: string[] = [];
	// About 6 MB: more than one chunk of the writer.
	for (let index = 0; index < 200_000; index++) {
		writer.writeLine(start + index, alice, bob);
		expected.push(`${start + index} alice bob\n`);
		if (index % 70_000 === 0) {
			// eslint-disable-next-line no-await-in-loop
			await writer.flush();
		}
	}

	await writer.close();
	t.is(await read(dir, 'log_1.txt'), expected.join(''));
});

test('a directory that cannot be created is a runtime error naming it', async t => {
	const file = path.join(await temporaryDirectory(t), 'plain-file');
	await writeFile(file, 'not a directory\n');
	for (const dir of [file, path.join(file, 'logs')]) {
		// eslint-disable-next-line no-await-in-loop
		const error = await t.throwsAsync(LogWriter.open({dir, linesPerFile: 10, maxFileAge: 0, unit: 'ms'}), {instanceOf: RuntimeError});
		t.true(error!.message.includes(`'${dir}'`), error!.message);
	}
});

test('a full disk (/dev/full) is "disk full writing <path>", and the file is not reported', async t => {
	if (!existsSync('/dev/full')) {
		t.pass('no /dev/full here');
		return;
	}

	const dir = await temporaryDirectory(t);
	const {writer, finished} = await writerFor(dir, {openFile: async () => open('/dev/full', 'w')});
	writer.writeLine(start, alice, bob);
	const error = await t.throwsAsync(writer.flush(), {instanceOf: RuntimeError});
	t.is(error!.message, `disk full writing '${path.join(dir, 'log_1.txt')}'`);
	await writer.abort();
	t.deepEqual(finished, []);
});

test('a failed write cuts the file back to its last complete line', async t => {
	const dir = await temporaryDirectory(t);
	const file = path.join(dir, 'log_1.txt');
	// A file handle that writes half of its second write and then reports the disk full.
	const openFile = async (name: string) => {
		const handle = await open(name, 'wx');
		let writes = 0;
		const write = handle.write.bind(handle) as (buffer: Buffer, offset: number, length: number) => Promise<{bytesWritten: number}>;
		return Object.assign(handle, {
			async write(buffer: Buffer, offset: number, length: number) {
				if (++writes === 2) {
					await write(buffer, offset, Math.floor(length / 2));
					throw Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'});
				}

				return write(buffer, offset, length);
			},
		});
	};

	const {writer} = await writerFor(dir, {openFile});
	writer.writeLine(start, alice, bob);
	await writer.flush();
	writer.writeLine(start + 1, alice, bob);
	writer.writeLine(start + 2, alice, bob);
	await t.throwsAsync(writer.flush(), {message: `disk full writing '${file}'`});
	writer.writeLine(start + 3, alice, bob);
	await t.throwsAsync(writer.flush(), {message: `disk full writing '${file}'`}, 'nothing more is written after a failure');
	await writer.abort();
	t.is(await readFile(file, 'utf8'), `${start} alice bob\n`);
});

test('records of another format: each file opens with the header and closes with the footer; only connections count towards the limit', async t => {
	const dir = await temporaryDirectory(t);
	const {writer, clock, finished} = await writerFor(dir, {
		linesPerFile: 2,
		framing: {header: time => `#open ${time}\n`, footer: time => `#close ${time}\n`},
	});
	writer.writeRecord('skip 1', false);
	writer.writeRecord('conn 1', true);
	clock.now += 5;
	writer.writeRecord('conn 2', true);
	writer.writeRecord('skip 2', false);
	writer.writeRecord('conn 3 Zoë', true);
	clock.now += 5;
	await writer.close();
	t.deepEqual(finished.map(([k]) => k), [1, 2]);
	t.is(await read(dir, 'log_1.txt'), `#open ${start}\nskip 1\nconn 1\nconn 2\n#close ${start + 5}\n`);
	t.is(await read(dir, 'log_2.txt'), `#open ${start + 5}\nskip 2\nconn 3 Zoë\n#close ${start + 10}\n`);
});

test('records of another format: a file of only records without a connection is still finished, by age or at close', async t => {
	const dir = await temporaryDirectory(t);
	const {writer, clock, finished} = await writerFor(dir, {framing: {header: () => 'h\n'}});
	writer.writeRecord('skip', false);
	clock.now += 60_000;
	writer.finishIfOld();
	writer.writeRecord('skip again', false);
	await writer.close();
	t.deepEqual(finished.map(([k]) => k), [1, 2]);
	t.deepEqual(await Promise.all((await logFiles(dir)).map(async name => read(dir, name))), ['h\nskip\n', 'h\nskip again\n']);
});
