import {spawn, type ChildProcess} from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {missingDirMessage} from '../source/io/dir-follower.js';
import {bruteReport, parseLines} from './helpers/brute-count.js';
import {waitFor} from './helpers/frames.js';
import {cli, collect} from './helpers/run-program.js';

/*
`dashboard --host Hannibal --every 10` as typed, with no source: it follows ./logs, says in words while ./logs does not exist, and reports on what `dashboard generate` writes there once it runs. Through the built program, in a directory of its own.
*/

type JsonReport = {
	host: string;
	from: number;
	to: number;
	connectedTo: Array<{host: string; count: number}>;
	receivedFrom: Array<{host: string; count: number}>;
	top: {ranking: Array<{host: string; count: number}>};
	stats: {lines: number; malformed: number; late: number};
};

/** A directory of its own, removed after the test. */
async function emptyDirectory(t: ExecutionContext): Promise<string> {
	const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'no-source-'));
	t.teardown(async () => fs.rm(directory, {recursive: true, force: true}));
	return directory;
}

/** The built program in `cwd`, killed after the test if it still runs. */
function program(t: ExecutionContext, cwd: string, args: readonly string[], stdio: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
	const child = spawn(process.execPath, [cli, ...args], {cwd, stdio: ['ignore', stdio, stdio]});
	t.teardown(async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const closed = new Promise(resolve => {
				child.once('close', resolve);
			});
			child.kill('SIGKILL');
			await closed;
		}
	});
	return child;
}

test('with no source it says ./logs does not exist yet, names dashboard generate and --file, and reports on nothing', async t => {
	const cwd = await emptyDirectory(t);
	const run = await collect(program(t, cwd, ['--host', 'Hannibal', '--every', '10', '--once', '--json']));
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, 'dashboard: ./logs does not exist yet: run \'dashboard generate\' in this directory, or follow a file with --file PATH\n');
	const report = JSON.parse(run.stdout) as JsonReport;
	t.is(report.host, 'Hannibal');
	t.is(report.stats.lines, 0);
	t.is(report.to - report.from, 10_000);
	t.deepEqual(await fs.readdir(cwd), [], 'waiting creates nothing');
});

test('as typed beside dashboard generate: it waits for ./logs, then reports on the lines written there', async t => {
	const cwd = await emptyDirectory(t);
	// As typed but for the refresh period, so the test does not wait 10 s a report; a window of a minute holds every line the generator writes.
	const live = program(t, cwd, ['--host', 'Hannibal', '--every', '1', '--window', '1m', '--json']);
	let stdout = '';
	let stderr = '';
	live.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	live.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const reports = () => stdout.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as JsonReport);
	await waitFor(() => /\.\/logs does not exist yet/.test(stderr) && reports().length > 0, 'the waiting message and a first report', 30_000);
	t.is(reports()[0]!.stats.lines, 0);

	const generator = program(t, cwd, ['generate', '--rate', '200', '--seed', '3'], 'ignore');
	await waitFor(() => reports().some(report => report.connectedTo.length > 0 && report.receivedFrom.length > 0), 'a report with Hannibal\'s traffic', 30_000);
	const stopped = new Promise(resolve => {
		generator.once('close', resolve);
	});
	generator.kill('SIGTERM');
	await stopped;

	// The generator has stopped: the next report holds every line it wrote, and nothing else.
	const seen = reports().length;
	await waitFor(() => reports().length >= seen + 2, 'two reports after the generator stopped', 30_000);
	const report = reports().at(-1)!;
	const names = await fs.readdir(path.join(cwd, 'logs'));
	const texts = await Promise.all(names.map(async name => fs.readFile(path.join(cwd, 'logs', name), 'utf8')));
	const lines = parseLines(texts.join(''));
	t.true(lines.length > 50, `${lines.length} lines written`);
	const expected = bruteReport(lines, 'Hannibal', report.from, report.to);
	t.is(report.stats.lines, expected.lines);
	t.is(expected.lines, lines.length, 'every line written is in the window');
	t.deepEqual(report.connectedTo, expected.connectedTo);
	t.deepEqual(report.receivedFrom, expected.receivedFrom);
	t.deepEqual(report.top.ranking, expected.ranking);
	t.is(typeof report.stats.late, 'number');
});

test('a missing directory says what writes it and what to follow instead', t => {
	t.is(missingDirMessage('./logs'), './logs does not exist yet: run \'dashboard generate\' in this directory, or follow a file with --file PATH');
	t.is(missingDirMessage('logs/'), 'logs/ does not exist yet: run \'dashboard generate\' in this directory, or follow a file with --file PATH');
	t.is(missingDirMessage('out/logs'), 'out/logs does not exist yet: run \'dashboard generate --dir out/logs\' in this directory, or follow a file with --file PATH');
	t.is(missingDirMessage('/var/log/app'), '/var/log/app does not exist yet: run \'dashboard generate --dir /var/log/app\', or follow a file with --file PATH');
});
