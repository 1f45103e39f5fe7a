import {execFile, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {runLiveReport} from '../source/commands/live-report.js';
import type {LiveOptions} from '../source/commands/options.js';
import {defaultTolerances} from '../source/core/formats/log-format.js';
import {answers, bruteReport, parseLines, type ParsedLine} from './helpers/brute-count.js';
import {collect} from './helpers/run-program.js';

/*
The reporters for scripts, through the built program (`npm test` builds it first; or run `npx tsc`): `--once --json --now T` against a brute-force count on generated logs with disorder, `--plain`, `--clock log`, and a pipe closed early.
*/

const run = promisify(execFile);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const start = 1_607_880_000_000;

/** A roughly sorted log written by the test itself: a line every 20 ms, each up to a minute early. */
function generate(count: number, seed: number): string {
	let state = seed;
	const random = () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state / 2 ** 32;
	};

	const hosts = ['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa', 'Zoë', 'ünïcode', 'x'];
	let text = '';
	for (let i = 0; i < count; i++) {
		const timestamp = start + (i * 20) - Math.floor(random() * 60_000);
		const pick = () => hosts[Math.floor(random() * random() * hosts.length)]!;
		text += `${timestamp} ${pick()} ${pick()}\n`;
		if (i % 997 === 0) {
			text += 'a malformed line\n';
		}
	}

	return text;
}

let file = '';
let lines: ParsedLine[] = [];

test.before(async () => {
	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: build with `npx tsc` first');
	}

	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-report-'));
	file = path.join(dir, 'app.log');
	const text = generate(200_000, 42);
	await fs.writeFile(file, text);
	lines = parseLines(text);
});

async function dashboard(...args: string[]): Promise<{stdout: string; stderr: string}> {
	return run(process.execPath, [cli, ...args], {maxBuffer: 64 * 1024 * 1024});
}

for (const [host, now, window, topBy] of [
	['Hannibal', start + 2_000_000, '30s', 'source'],
	['Zoë', start + 3_000_000, '10m', 'involved'],
	['x', start + 1_000_123, '1500ms', 'source'],
] as const) {
	test(`--once --json --now gives the brute-force answers: ${host}, ${window}, by ${topBy}`, async t => {
		const {stdout, stderr} = await dashboard('--file', file, '--once', '--json', '--now', String(now), '--window', window, '--host', host, '--top-by', topBy);
		t.is(stderr, '');
		const outputLines = stdout.trimEnd().split('\n');
		t.is(outputLines.length, 1, 'one JSON report');
		const report = JSON.parse(outputLines[0]!);
		const milliseconds = window.endsWith('ms') ? Number.parseInt(window, 10) : (window.endsWith('m') ? Number.parseInt(window, 10) * 60_000 : Number.parseInt(window, 10) * 1000);
		t.is(report.host, host);
		t.is(report.from, now - milliseconds);
		t.is(report.to, now);
		t.is(report.top.by, topBy);
		t.deepEqual(answers(report), bruteReport(lines, host, now - milliseconds, now, topBy));
	});
}

test('without --host it reports on the current top host', async t => {
	const now = start + 2_500_000;
	const {stdout} = await dashboard('--file', file, '--once', '--json', '--now', String(now), '--window', '5m');
	const report = JSON.parse(stdout);
	const expected = bruteReport(lines, '', now - 300_000, now);
	t.is(report.host, expected.leaders[0]!.host);
	t.deepEqual(answers(report), bruteReport(lines, report.host, now - 300_000, now));
});

test('--limit cuts the lists; malformed lines met are counted', async t => {
	const now = start + 2_500_000;
	const {stdout} = await dashboard('--file', file, '--once', '--json', '--now', String(now), '--window', '10m', '--host', 'Hannibal', '--limit', '2');
	const report = JSON.parse(stdout);
	const expected = bruteReport(lines, 'Hannibal', now - 600_000, now, 'source', 2);
	t.deepEqual(report.connectedTo, expected.connectedTo.slice(0, 2));
	t.deepEqual(report.top.ranking, expected.ranking);
	// One malformed line every 997 lines, 30 000 lines in the window.
	t.true(report.stats.malformed >= 30, `${report.stats.malformed} malformed`);
});

test('--clock log reports the window ending at the newest line', async t => {
	const newest = lines.reduce((most, line) => Math.max(most, line.timestamp), 0);
	const {stdout} = await dashboard('--file', file, '--once', '--json', '--clock', 'log', '--window', '1m', '--host', 'Steeve');
	const report = JSON.parse(stdout);
	t.is(report.to, newest);
	t.deepEqual(answers(report), bruteReport(lines, 'Steeve', newest - 60_000, newest));
});

test('--plain prints the time of the report, then the three lists with their counts', async t => {
	const now = start + 2_000_000;
	const {stdout} = await dashboard('--file', file, '--once', '--plain', '--now', String(now), '--window', '1m', '--host', 'Hanny');
	const expected = bruteReport(lines, 'Hanny', now - 60_000, now);
	const text = stdout.split('\n');
	t.is(text[0], `Report at ${new Date(now).toISOString().replace('.000Z', 'Z')}`);
	t.true(text.includes(`${expected.lines} lines in the window, ${text.find(line => line.endsWith('malformed'))!.split(', ')[1]!}`));
	const connected = text.indexOf(text.find(line => line.startsWith('Connected to Hanny:'))!);
	t.is(text[connected], `Connected to Hanny: ${expected.connectedTo.reduce((sum, row) => sum + row.count, 0)} connections from ${expected.connectedTo.length} sources`);
	const rows = text.slice(connected + 1, connected + 1 + expected.connectedTo.length).map(line => line.trim().split(/\s+/));
	t.deepEqual(rows, expected.connectedTo.map(row => [String(row.count), row.host]));
});

test('a pipe closed early (| head -1) ends quietly with exit 0', async t => {
	const now = start + 2_000_000;
	for (const format of ['--plain', '--json']) {
		// eslint-disable-next-line no-await-in-loop
		const result = await collect(spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" --file "${file}" ${format} --every 50ms --now ${now} --window 1m | head -1`]));
		t.is(result.stderr, '', format);
		t.is(result.code, 0, format);
		t.is(result.stdout.split('\n').length, 2, 'one line');
	}
});

/** A stdout that takes writes, or fails them as a closed pipe does. */
class Sink extends Writable {
	text = '';
	failing = false;

	override _write(chunk: Uint8Array, _encoding: string, callback: (error?: Error | null) => void): void {
		if (this.failing) {
			callback(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
			return;
		}

		this.text += String(chunk);
		callback();
	}
}

const options: LiveOptions = {
	every: 20,
	window: 60_000,
	files: [],
	generate: false,
	format: 'auto',
	tolerance: 300_000,
	tolerances: defaultTolerances,
	topBy: 'source',
	clock: 'wall',
	once: false,
	json: true,
	plain: false,
};

test('in process: a report at once, then one per tick until stopped; EPIPE ends the run without an error', async t => {
	const stdout = new Sink();
	const stderr = new Sink();
	const run = runLiveReport({...options, files: [file], now: start + 1_000_000}, {stdout, stderr});
	while (stdout.text.split('\n').length < 4) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}

	stdout.failing = true;
	await t.notThrowsAsync(run);
	const reports = stdout.text.trimEnd().split('\n').map(line => JSON.parse(line));
	t.is(reports[0].to, start + 1_000_000, 'the first report is exactly at --now');
	t.true(reports[1].to >= reports[0].to);
	t.is(stderr.text, '');
});

test('in process: with the log clock and --once it waits for a first line, then reports once', async t => {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-report-'));
	const later = path.join(dir, 'later.log');
	const stdout = new Sink();
	const stderr = new Sink();
	const run = runLiveReport({...options, files: [later], clock: 'log', once: true}, {stdout, stderr});
	while (!/waiting for .*later\.log/.test(stderr.text)) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}

	t.is(stdout.text, '', 'no report before a line is read');
	await fs.writeFile(later, `${start} a b\n${start + 5} a c\n`);
	await run;
	const report = JSON.parse(stdout.text);
	t.is(report.to, start + 5);
	t.deepEqual(report.receivedFrom, [{host: 'b', count: 1}, {host: 'c', count: 1}]);
});

test('in process: an abort signal stops the run', async t => {
	const stdout = new Sink();
	const stop = new AbortController();
	const run = runLiveReport({...options, files: [file], now: start + 1_000_000, every: 60_000}, {stdout, stderr: new Sink()}, stop.signal);
	while (stdout.text === '') {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}

	stop.abort();
	await run;
	t.is(stdout.text.trimEnd().split('\n').length, 1);
});

/** Start the built program; its stdout as lines as they come, and how it ended. */
function startDashboard(args: readonly string[], options: {shell?: boolean} = {}) {
	const child = options.shell
		? spawn('bash', ['-c', args.join(' ')], {stdio: ['pipe', 'pipe', 'pipe'], detached: true})
		: spawn(process.execPath, [cli, ...args], {stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	const waiters: Array<() => void> = [];
	child.stdout.on('data', chunk => {
		stdout += String(chunk);
		for (const wake of waiters.splice(0)) {
			wake();
		}
	});
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
	});
	const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
		child.on('close', (code, signal) => {
			resolve({code, signal});
		});
	});
	return {
		child,
		ended,
		/** Signal the program, and the shell and commands around it. */
		kill(signal: NodeJS.Signals) {
			if (options.shell) {
				process.kill(-child.pid!, signal);
			} else {
				child.kill(signal);
			}
		},
		get stderr() {
			return stderr;
		},
		/** Complete lines written so far. */
		get lineCount() {
			return stdout.split('\n').length - 1;
		},
		/** The first `count` lines of stdout, once they are there. */
		async lines(count: number): Promise<string[]> {
			while (stdout.split('\n').length <= count) {
				// eslint-disable-next-line no-await-in-loop
				await Promise.race([new Promise<void>(resolve => {
					waiters.push(resolve);
				}), ended]);
				if (child.exitCode !== null && stdout.split('\n').length <= count) {
					throw new Error(`the program ended (${child.exitCode}) after ${JSON.stringify(stdout)}; stderr ${JSON.stringify(stderr)}`);
				}
			}

			return stdout.split('\n').slice(0, count);
		},
	};
}

test('--file /dev/stdin reads a pipe as a stream: every complete line once, and its end is not an error', async t => {
	// A shell pipe, as `ssh web1 tail -F app.log | dashboard --file /dev/stdin` makes (a child's stdin from Node is a socket); the shell tells the program's pid and ends with its exit code.
	const program = startDashboard([`cat <&0 | "${process.execPath}" "${cli}" --file /dev/stdin --json --clock log --every 100ms --window 1h --host a & echo "pid $!" >&2; wait $!`], {shell: true});
	const text = `${start} a b\n${start + 1000} a c\n${start + 2000} c a\n`;
	program.child.stdin.write(text.slice(0, 20));
	program.child.stdin.write(text.slice(20));
	// Reports come every 100 ms; wait for one that holds all three lines.
	let report: {stats: {lines: number}} | undefined;
	for (let count = 1; report?.stats.lines !== 3; count++) {
		// eslint-disable-next-line no-await-in-loop
		report = JSON.parse((await program.lines(count)).at(-1)!);
		t.true(report!.stats.lines <= 3, 'no line counted twice');
	}

	t.deepEqual(answers(report as Parameters<typeof answers>[0]), bruteReport(parseLines(text), 'a', start - 3_598_000, start + 2000));
	program.child.stdin.end();
	// The writer is gone: reports go on, with no error, and a signal ends it cleanly.
	const seen = program.lineCount;
	const later = await program.lines(seen + 3);
	t.is(JSON.parse(later.at(-1)!).stats.lines, 3, 'reports go on after the writer closed');
	const pid = Number(/pid (\d+)/.exec(program.stderr)?.[1]);
	process.kill(pid, 'SIGTERM');
	t.is((await program.ended).code, 0);
	t.is(program.stderr.replace(/pid \d+\n/, ''), '');
});

test('--file <(command) reads the process substitution', async t => {
	const text = `${start} a b\\n${start + 1000} a c\\n`;
	const program = startDashboard([`"${process.execPath}"`, `"${cli}"`, '--file', `<(printf '${text}')`, '--json', '--once', '--clock', 'log', '--host', 'a'], {shell: true});
	const [line] = await program.lines(1);
	t.deepEqual(JSON.parse(line!).receivedFrom, [{host: 'b', count: 1}, {host: 'c', count: 1}]);
	t.is((await program.ended).code, 0);
});

test('a FIFO with no writer neither blocks a report nor the end: SIGTERM and SIGINT stop it', async t => {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-report-'));
	const fifo = path.join(dir, 'pipe');
	await promisify(execFile)('mkfifo', [fifo]);
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		const program = startDashboard(['--file', fifo, '--json', '--every', '100ms', '--now', String(start), '--window', '1m']);
		// eslint-disable-next-line no-await-in-loop
		const [first] = await program.lines(1);
		t.is(JSON.parse(first!).stats.lines, 0);
		program.kill(signal);
		// eslint-disable-next-line no-await-in-loop
		t.deepEqual(await program.ended, {code: 0, signal: null}, signal);
	}
});

test('a directory of many more files than descriptors allowed is read whole: only a few files are held open', async t => {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-report-'));
	const files = 600;
	const written: string[] = [];
	for (let k = 1; k <= files; k++) {
		const text = `${start + k} host-${k % 7} Hannibal\n${start + k + 1} Hannibal host-${k % 5}\n`;
		written.push(text);
		// eslint-disable-next-line no-await-in-loop
		await fs.writeFile(path.join(dir, `log_${k}.txt`), text);
	}

	// A hard limit of 150 descriptors, far fewer than the files, all of which hold lines of the window.
	const {stdout, stderr} = await run('bash', ['-c', `ulimit -n 150 && "${process.execPath}" "${cli}" --dir "${dir}" --once --json --now ${start + 10_000} --window 1m --host Hannibal`]);
	t.is(stderr, '');
	const report = JSON.parse(stdout);
	t.deepEqual(answers(report), bruteReport(parseLines(written.join('')), 'Hannibal', start - 50_000, start + 10_000));
	t.is(report.stats.lines, 2 * files);
});
