import * as fs from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {collector, temporaryDirectory} from './helpers/line-collector.js';
import {compareNames, DirFollower, listLogFiles} from '../source/io/dir-follower.js';
import {defaultTolerances} from '../source/core/formats/log-format.js';
import {seekWindowStart} from '../source/io/seek.js';



/** Write a log file with a given modification time (seconds), as the generator leaves them. */
async function writeLog(dir: string, name: string, text: string, mtime: number): Promise<void> {
	const file = path.join(dir, name);
	await fs.writeFile(file, text);
	await fs.utimes(file, mtime, mtime);
}

test('log_10 comes after log_9, and the newest by modification time is current', async t => {
	t.true(compareNames('log_9.txt', 'log_10.txt') < 0);
	t.true(compareNames('log_10.txt', 'log_9.txt') > 0);
	t.true(compareNames('a.log', 'b.log') < 0);
	const dir = await temporaryDirectory('dir-follower-');
	// Same modification time: the number decides.
	for (const name of ['log_10.txt', 'log_9.txt', 'log_2.txt']) {
		// eslint-disable-next-line no-await-in-loop
		await writeLog(dir, name, '', 1000);
	}

	await writeLog(dir, 'notes.md', '', 2000);
	await fs.mkdir(path.join(dir, 'folder.log'));
	t.deepEqual((await listLogFiles(dir)).map(file => file.name), ['log_2.txt', 'log_9.txt', 'log_10.txt']);
	const follower = new DirFollower(dir, {windowStart: () => Number.NEGATIVE_INFINITY});
	await follower.update(collector().sink);
	t.is(follower.currentFile, path.join(dir, 'log_10.txt'));
	await writeLog(dir, 'log_1.txt', '', 3000);
	await follower.update(collector().sink);
	t.is(follower.currentFile, path.join(dir, 'log_1.txt'), 'modification time first');
	await follower.close();
});

test('rotation to log_K+1 loses no line written to log_K just before, and reads none twice', async t => {
	const dir = await temporaryDirectory('dir-follower-');
	await writeLog(dir, 'log_1.txt', '1 a b\n', 1000);
	const follower = new DirFollower(dir, {windowStart: () => Number.NEGATIVE_INFINITY});
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.appendFile(path.join(dir, 'log_1.txt'), '2 a b\n3 a');
	await fs.appendFile(path.join(dir, 'log_1.txt'), ' b\n');
	await fs.utimes(path.join(dir, 'log_1.txt'), 1001, 1001);
	await writeLog(dir, 'log_2.txt', '4 a b\n', 1002);
	await follower.update(sink);
	t.is(follower.currentFile, path.join(dir, 'log_2.txt'));
	await fs.appendFile(path.join(dir, 'log_2.txt'), '5 a b\n');
	await follower.update(sink);
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a b', '3 a b', '4 a b', '5 a b']);
	await follower.close();
});

test('older files count while they can hold lines of the window, by the tolerance rule', async t => {
	const dir = await temporaryDirectory('dir-follower-');
	const tolerance = 1000;
	let windowStart = 100_000;
	await writeLog(dir, 'log_1.txt', '10 old a\n20 old b\n', 1000);
	// Its newest line is within the tolerance of the window: it may hold window lines.
	await writeLog(dir, 'log_2.txt', '98 x y\n99500 late a\n100500 in a\n', 1001);
	await writeLog(dir, 'log_3.txt', '101000 now a\n', 1002);
	const follower = new DirFollower(dir, {
		formats: {choice: 'native', tolerances: {...defaultTolerances, native: tolerance}},
		windowStart: () => windowStart,
		start: async (file, size) => seekWindowStart(file, size, windowStart, tolerance),
	});
	const {lines, sink} = collector();
	await follower.update(sink);
	t.deepEqual(lines, ['98 x y', '99500 late a', '100500 in a', '101000 now a'], 'log_1 is entirely older than the window and not read');
	// Only the current file stays open; log_2 is read, then closed.
	t.deepEqual(follower.files.map(file => path.basename(file.path)), ['log_3.txt']);

	windowStart = 200_000;
	await follower.update(sink);
	t.deepEqual(follower.files.map(file => path.basename(file.path)), ['log_3.txt']);
	t.is(lines.length, 4, 'files that did not change are not read again');

	// A closed file that changes is read on from where it was.
	await fs.appendFile(path.join(dir, 'log_2.txt'), '200500 back a\n');
	await fs.utimes(path.join(dir, 'log_2.txt'), 1001, 1001);
	await follower.update(sink);
	t.deepEqual(lines.slice(4), ['200500 back a']);
	await follower.close();
});

test('a file renamed inside the directory is not read twice; a file deleted is let go', async t => {
	const dir = await temporaryDirectory('dir-follower-');
	await writeLog(dir, 'app.log', '1 a b\n', 1000);
	await writeLog(dir, 'other.log', '9 x y\n', 999);
	const follower = new DirFollower(dir, {windowStart: () => Number.NEGATIVE_INFINITY});
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.appendFile(path.join(dir, 'app.log'), '2 a b\n');
	await fs.rename(path.join(dir, 'app.log'), path.join(dir, 'app-1.log'));
	await fs.utimes(path.join(dir, 'app-1.log'), 1500, 1500);
	await fs.unlink(path.join(dir, 'other.log'));
	await writeLog(dir, 'app.log', '3 a b\n', 2000);
	await follower.update(sink);
	await follower.update(sink);
	t.deepEqual(lines.sort(), ['1 a b', '2 a b', '3 a b', '9 x y']);
	t.deepEqual(follower.files.map(file => path.basename(file.path)), ['app.log'], 'the current file is held open, the renamed one closed once read');
	await fs.appendFile(path.join(dir, 'app-1.log'), '4 a b\n');
	await follower.update(sink);
	t.deepEqual(lines.slice(4), ['4 a b'], 'the renamed file read on from where it was');
	await follower.close();
});

test('a directory that does not exist yet is waited for', async t => {
	const dir = path.join(await temporaryDirectory('dir-follower-'), 'logs');
	const follower = new DirFollower(dir, {windowStart: () => Number.NEGATIVE_INFINITY});
	const {lines, sink} = collector();
	await follower.update(sink);
	t.is(follower.state.kind, 'waiting');
	await fs.mkdir(dir);
	await follower.update(sink);
	t.is(follower.state.kind, 'waiting', 'no log file yet');
	await writeLog(dir, 'log_1.txt', '1 a b\n', 1000);
	await follower.update(sink);
	t.is(follower.state.kind, 'reading');
	t.deepEqual(lines, ['1 a b']);
	await follower.close();
});
