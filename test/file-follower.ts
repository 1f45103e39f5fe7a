import {execFile} from 'node:child_process';
import {constants} from 'node:fs';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import test from 'ava';
import {collector, temporaryDirectory} from './helpers/line-collector.js';
import {FileFollower, newestNearEnd, type FollowerFileSystem} from '../source/io/file-follower.js';

/* Each test is a writer the test controls, changing the file under a follower between its updates. */

const execFileAsync = promisify(execFile);



test('a file that does not exist yet is waited for, then read from its start', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	t.is(follower.state.kind, 'waiting');
	t.regex(follower.state.kind === 'waiting' ? follower.state.message : '', /app\.log/);
	await fs.writeFile(file, '1000 a b\n2000 b c\n');
	await follower.update(sink);
	t.is(follower.state.kind, 'reading');
	t.deepEqual(lines, ['1000 a b', '2000 b c']);
	await follower.close();
});

test('a line is read only once its newline arrives, even when a write splits a UTF-8 character', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const bytes = Buffer.from('1000 héllo wörld\n2000 b c\n');
	await fs.writeFile(file, bytes.subarray(0, 7));
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	for (const end of [7, 12, 16, 17, bytes.length - 1, bytes.length]) {
		// eslint-disable-next-line no-await-in-loop
		await fs.writeFile(file, bytes.subarray(0, end));
		// eslint-disable-next-line no-await-in-loop
		await follower.update(sink);
	}

	t.deepEqual(lines, ['1000 héllo wörld', '2000 b c']);
	await follower.close();
});

test('rename-and-create rotation: the old file is finished, then the new one is read from its start', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.appendFile(file, '2 a b\n');
	await fs.rename(file, `${file}.1`);
	await fs.writeFile(file, '3 a b\n');
	await follower.update(sink);
	await fs.appendFile(file, '4 a b\n');
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a b', '3 a b', '4 a b']);
	await follower.close();
});

test('lines written to the old file just after it was renamed still count, also after the switch', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const writer = await fs.open(file, 'a');
	await writer.write('1 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.rename(file, `${file}.1`);
	// The writer has not reopened yet: it writes to the renamed file.
	await writer.write('2 a b\n');
	await fs.writeFile(file, '4 a b\n');
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a b', '4 a b']);
	// And once more after the follower switched, before the writer reopens.
	await writer.write('3 a b\n');
	await writer.close();
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a b', '4 a b', '3 a b']);
	await follower.update(sink);
	t.is(lines.length, 4, 'nothing read twice');
	await follower.close();
});

test('copy-and-truncate rotation: after the cut the file is read from its start, nothing twice', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1 a b\n2 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.copyFile(file, `${file}.1`);
	await fs.truncate(file, 0);
	await fs.appendFile(file, '3 a b\n');
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a b', '3 a b']);
	await follower.close();
});

test('delete and recreate is a new file, even when the new one begins with the same bytes and is longer', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.unlink(file);
	// Size and content alone cannot tell this from an append.
	await fs.writeFile(file, '1 a b\n2 a b\n');
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '1 a b', '2 a b']);
	await follower.update(sink);
	t.is(lines.length, 3);
	await follower.close();
});

test('a file that shrinks is read again from its start', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1000 a b\n2000 a b\n3000 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.writeFile(file, '4000 c d\n');
	await follower.update(sink);
	t.deepEqual(lines.slice(3), ['4000 c d']);
	await follower.close();
});

test('a file rewritten in place with other, longer content is read from its start', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1000 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	// Same inode (O_TRUNC), more bytes than were read: only the content shows the change.
	await fs.writeFile(file, '5000 x y\n6000 x y\n');
	await follower.update(sink);
	t.deepEqual(lines, ['1000 a b', '5000 x y', '6000 x y']);
	await follower.close();
});

test('a file replaced by another one (mv over it) is read from its start', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1000 a b\n2000 a b\n');
	const follower = new FileFollower(file);
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.writeFile(path.join(dir, 'other'), '7000 p q\n');
	await fs.rename(path.join(dir, 'other'), file);
	await follower.update(sink);
	t.deepEqual(lines, ['1000 a b', '2000 a b', '7000 p q']);
	await follower.close();
});

/*
Root reads any file whatever its mode, so as root the open that the follower makes checks the mode the way the kernel does for other users.
*/
const asUser: FollowerFileSystem = {
	async open(file) {
		const stats = await fs.stat(file);
		if (process.getuid?.() === 0 && (stats.mode & 0o444) === 0) {
			throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), {code: 'EACCES'});
		}

		return fs.open(file, constants.O_RDONLY);
	},
	stat: async file => fs.stat(file),
};

test('a permission problem is an error in words, and reading recovers when it clears', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1 a b\n');
	const follower = new FileFollower(file, {fileSystem: asUser});
	const {lines, sink} = collector();
	await follower.update(sink);
	// Rotation brings a file that cannot be read.
	await fs.rename(file, `${file}.1`);
	await fs.writeFile(file, '2 a b\n', {mode: 0o000});
	await fs.chmod(file, 0o000);
	await follower.update(sink);
	t.is(follower.state.kind, 'error');
	t.is(follower.state.kind === 'error' ? follower.state.message : '', `cannot read ${file}: permission denied`);
	await fs.appendFile(file, '3 a b\n');
	await follower.update(sink);
	t.is(follower.state.kind, 'error');
	await fs.chmod(file, 0o644);
	await follower.update(sink);
	t.is(follower.state.kind, 'reading');
	t.deepEqual(lines, ['1 a b', '2 a b', '3 a b']);
	await follower.close();
});

test('the first open starts where `start` says; a replacement is read from its start', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	await fs.writeFile(file, '1 a b\n2 a b\n');
	const follower = new FileFollower(file, {start: async () => 6});
	const {lines, sink} = collector();
	await follower.update(sink);
	await fs.rename(file, `${file}.1`);
	await fs.writeFile(file, '3 a b\n');
	await follower.update(sink);
	t.deepEqual(lines, ['2 a b', '3 a b']);
	await follower.close();
});

test('reads in small chunks hand on the same lines', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const text = Array.from({length: 50}, (_, i) => `${1000 + i} host-${i} ü-${i % 3}\n`).join('');
	await fs.writeFile(file, text);
	const follower = new FileFollower(file, {chunkSize: 7});
	const {lines, sink} = collector();
	await follower.update(sink);
	t.deepEqual(lines, text.split('\n').slice(0, -1));
	await follower.close();
});

test('the newest timestamp near the end skips the partial line it lands in', async t => {
	const dir = await temporaryDirectory();
	const file = path.join(dir, 'app.log');
	const filler = Array.from({length: 20_000}, (_, i) => `${1_000_000 + i} a b\n`).join('');
	await fs.writeFile(file, `${filler}9000000 a b\n1999999 a b\nnot a line\n7`);
	const handle = await fs.open(file, 'r');
	const {size} = await handle.stat();
	t.is(await newestNearEnd(handle, size), 9_000_000 * 1000);
	await handle.close();
});

test('a FIFO is read as a stream: no wait for a writer, whole lines once, its writer closing is not an error', async t => {
	const dir = await temporaryDirectory();
	const fifo = path.join(dir, 'pipe');
	await execFileAsync('mkfifo', [fifo]);
	const follower = new FileFollower(fifo);
	const {lines, sink} = collector();
	// No writer yet: an update returns at once with nothing, instead of waiting in open().
	await follower.update(sink);
	t.is(follower.state.kind, 'reading');
	t.deepEqual(lines, []);
	const writer = await fs.open(fifo, constants.O_WRONLY);
	await writer.write('1 a b\n2 a');
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b']);
	await writer.write(' c\n3 a d\n');
	await writer.close();
	await follower.update(sink);
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a c', '3 a d']);
	t.is(follower.state.kind, 'reading');
	// A new writer on the same FIFO goes on where the last one stopped.
	const again = await fs.open(fifo, constants.O_WRONLY);
	await again.write('4 a e\n');
	await again.close();
	await follower.update(sink);
	t.deepEqual(lines, ['1 a b', '2 a c', '3 a d', '4 a e']);
	await follower.close();
});
