import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {cli, collect, type Run} from './helpers/run-program.js';

/* `dashboard generate` as a user runs it: the built program (`npm test` builds it first), its exit codes and output. */

function start(arguments_: readonly string[]) {
	const child = spawn(process.execPath, [cli, ...arguments_], {stdio: ['ignore', 'pipe', 'pipe']});
	return {child, exited: collect(child)};
}

async function dashboard(...arguments_: string[]): Promise<Run> {
	return start(arguments_).exited;
}

async function temporaryDirectory(t: import('ava').ExecutionContext): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'generate-cli-'));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	return dir;
}

const fast = ['--fast', '--start', '2020-01-01T00:00:00Z'];

test.before(t => {
	t.true(existsSync(cli), 'dist/cli.js is missing: run `npm run build` (npm test does)');
});

test('generate --fast --lines 1000 --seed 1: exit 0, files finished by synthetic age, the last one too', async t => {
	const dir = await temporaryDirectory(t);
	// At the default rate of 1 line a (synthetic) second, the default --max-file-age 5m finishes a file every 300 lines.
	const run = await dashboard('generate', '--dir', dir, ...fast, '--lines', '1000', '--seed', '1');
	t.is(run.code, 0, run.stderr);
	t.is(run.stdout, 'log file 1 finished\nlog file 2 finished\nlog file 3 finished\nlog file 4 finished\n');
	t.is(run.stderr, '');
	t.is((await readFile(path.join(dir, 'log_4.txt'), 'utf8')).split('\n').length - 1, 100);
});

test('generate --fast --rate 100 --lines 1000: one file of 1000 well-formed lines from --start', async t => {
	const dir = await temporaryDirectory(t);
	const run = await dashboard('generate', '--dir', dir, ...fast, '--rate', '100', '--lines', '1000', '--seed', '1');
	t.is(run.code, 0, run.stderr);
	t.is(run.stdout, 'log file 1 finished\n');
	t.is(run.stderr, '');
	t.deepEqual(await readdir(dir), ['log_1.txt']);
	const lines = (await readFile(path.join(dir, 'log_1.txt'), 'utf8')).split('\n');
	t.is(lines.pop(), '', 'the file ends on a complete line');
	t.is(lines.length, 1000);
	t.true(lines.every(line => /^\d{13} \S+ \S+$/.test(line)));
	t.true(lines[0]!.startsWith('1577836800000 '), lines[0]);
});

test('the same command twice makes byte-identical files, numbered on from the first run', async t => {
	const dir = await temporaryDirectory(t);
	const arguments_ = ['generate', '--dir', dir, ...fast, '--lines', '5000', '--lines-per-file', '2000', '--rate', '100', '--seed', '7', '--host-count', '50', '--disorder', '1m'];
	const first = await dashboard(...arguments_);
	const second = await dashboard(...arguments_);
	t.is(first.stdout, 'log file 1 finished\nlog file 2 finished\nlog file 3 finished\n');
	t.is(second.stdout, 'log file 4 finished\nlog file 5 finished\nlog file 6 finished\n', 'a second run does not overwrite the first');
	for (const k of [1, 2, 3]) {
		// eslint-disable-next-line no-await-in-loop
		const [a, b] = await Promise.all([k, k + 3].map(async n => readFile(path.join(dir, `log_${n}.txt`))));
		t.true(a!.equals(b!), `log_${k}.txt and log_${k + 3}.txt differ`);
	}
});

test('--unit s writes ten-digit second timestamps', async t => {
	const dir = await temporaryDirectory(t);
	const run = await dashboard('generate', '--dir', dir, ...fast, '--lines', '50', '--unit', 's', '--seed', '1');
	t.is(run.code, 0, run.stderr);
	const text = await readFile(path.join(dir, 'log_1.txt'), 'utf8');
	t.true(text.split('\n').slice(0, -1).every(line => /^1577836\d{3} \S+ \S+$/.test(line)), text.slice(0, 200));
});

test('a rate of 0 is a usage error: exit 2, one line naming --rate and pointing to --help', async t => {
	const dir = await temporaryDirectory(t);
	const run = await dashboard('generate', '--dir', dir, '--rate', '0');
	t.is(run.code, 2);
	t.regex(run.stderr, /^dashboard: .*--rate.*--help.*\n$/);
	t.is(run.stdout, '');
	t.deepEqual(await readdir(dir), [], 'nothing is written');
});

test('--fast without --start is a usage error', async t => {
	const dir = await temporaryDirectory(t);
	const run = await dashboard('generate', '--dir', dir, '--fast', '--lines', '5');
	t.is(run.code, 2);
	t.regex(run.stderr, /^dashboard: .*--start.*\n$/);
});

test('a directory that cannot be made is a runtime error: exit 1, one line naming it, no stack', async t => {
	const file = path.join(await temporaryDirectory(t), 'plain-file');
	await writeFile(file, '');
	const dir = path.join(file, 'logs');
	const run = await dashboard('generate', '--dir', dir, ...fast, '--lines', '5');
	t.is(run.code, 1);
	t.is(run.stderr.split('\n').length, 2, run.stderr);
	t.true(run.stderr.startsWith('dashboard: ') && run.stderr.includes(`'${dir}'`), run.stderr);
	t.notRegex(run.stderr, /\bat .*\(.*:\d+:\d+\)/);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	test(`live, ${signal} stops it cleanly: exit 0, every file reported and ending on a complete line`, async t => {
		const dir = await temporaryDirectory(t);
		const {child, exited} = start(['generate', '--dir', dir, '--rate', '2000', '--lines-per-file', '1500', '--seed', '1']);
		// Wait (without a time limit of our own: ava's timeout guards) until a second file has lines, so the stop lands in the middle of one.
		const second = path.join(dir, 'log_2.txt');
		while (!(existsSync(second) && (await stat(second)).size > 0)) {
			// eslint-disable-next-line no-await-in-loop
			await delay(50);
		}

		child.kill(signal);
		const run = await exited;
		t.is(run.code, 0, run.stderr);
		const files = (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', {numeric: true}));
		t.true(files.length >= 2);
		t.is(run.stdout, files.map((_, index) => `log file ${index + 1} finished\n`).join(''));
		for (const name of files) {
			// eslint-disable-next-line no-await-in-loop
			const text = await readFile(path.join(dir, name), 'utf8');
			t.true(text.endsWith('\n'), `${name} ends in the middle of a line`);
			t.true(text.split('\n').slice(0, -1).every(line => /^\d{13} \S+ \S+$/.test(line)), `${name} has a broken line`);
		}
	});
}

for (const [arguments_, flag] of [
	[['--format', 'auto'], /--format auto is for reading/],
	[['--format', 'json'], /--format must be 'native' or 'zeek' or 'vpc' or 'eve', not 'json'/],
	[['--format='], /--format needs a value/],
	[['--format', 'zeek', '--unit', 's'], /--unit applies to --format native/],
	[['--format', 'eve', '--disorder', '1m'], /--disorder applies to --format native/],
] as const) {
	test(`generate ${arguments_.join(' ')}: exit 2, one line naming the flag, nothing written`, async t => {
		const dir = await temporaryDirectory(t);
		const run = await dashboard('generate', '--dir', path.join(dir, 'logs'), ...fast, '--lines', '5', ...arguments_);
		t.is(run.code, 2);
		t.regex(run.stderr, flag);
		t.regex(run.stderr, /^dashboard: [^\n]*\(see dashboard generate --help\)\n$/);
		t.is(run.stdout, '');
		t.deepEqual(await readdir(dir), [], 'nothing is written');
	});
}

test('generate --format zeek writes conn.log files with their header, reported as they finish', async t => {
	const dir = await temporaryDirectory(t);
	const run = await dashboard('generate', '--dir', dir, ...fast, '--format', 'zeek', '--lines', '300', '--lines-per-file', '200', '--seed', '1');
	t.is(run.code, 0, run.stderr);
	t.is(run.stdout, 'log file 1 finished\nlog file 2 finished\n');
	for (const name of ['log_1.txt', 'log_2.txt']) {
		// eslint-disable-next-line no-await-in-loop
		const text = await readFile(path.join(dir, name), 'utf8');
		t.true(text.startsWith('#separator \\x09\n#set_separator\t,\n'), text.slice(0, 100));
		t.regex(text, /\n#close\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\n$/);
	}
});

test('a second generator on the same directory is refused at start, and the first one goes on past its rotations', async t => {
	const dir = await temporaryDirectory(t);
	const first = start(['generate', '--dir', dir, '--rate', '100', '--lines-per-file', '20']);
	let output = '';
	first.child.stdout.on('data', chunk => {
		output += String(chunk);
	});
	while (!output.includes('log file 1 finished')) {
		// eslint-disable-next-line no-await-in-loop
		await delay(20);
	}

	const second = await dashboard('generate', '--dir', dir, '--rate', '100');
	t.is(second.code, 1);
	t.is(second.stdout, '');
	t.regex(second.stderr, new RegExp(`^dashboard: another generator \\(process ${first.child.pid!}\\) is writing into '${dir.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}': stop it first, or write into another --dir\\n$`));
	// The first one rotates on: three more files after the refusal.
	const finished = (output.match(/finished/g) ?? []).length;
	while ((output.match(/finished/g) ?? []).length < finished + 3) {
		// eslint-disable-next-line no-await-in-loop
		await delay(20);
	}

	first.child.kill('SIGINT');
	const ended = await first.exited;
	t.is(ended.code, 0, ended.stderr);
	t.is(ended.stderr, '');
	// Its lock is gone with it: the directory can be written again.
	t.false((await readdir(dir)).some(name => name.includes('lock')));
	const after = await dashboard('generate', '--dir', dir, ...fast, '--lines', '10');
	t.is(after.code, 0, after.stderr);
});

test('a lock left by a generator killed with -9 is taken over', async t => {
	const dir = await temporaryDirectory(t);
	const killed = start(['generate', '--dir', dir, '--rate', '100']);
	while (!(await readdir(dir)).includes('.dashboard-generate.lock')) {
		// eslint-disable-next-line no-await-in-loop
		await delay(20);
	}

	killed.child.kill('SIGKILL');
	await killed.exited;
	t.true((await readdir(dir)).includes('.dashboard-generate.lock'), 'the lock is left behind');
	const run = await dashboard('generate', '--dir', dir, ...fast, '--lines', '10');
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, '');
});
