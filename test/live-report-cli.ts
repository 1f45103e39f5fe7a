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
		const result = await new Promise<{code: number | null; stdout: string; stderr: string}>(resolve => {
			const child = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" --file "${file}" ${format} --every 50ms --now ${now} --window 1m | head -1`]);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', chunk => {
				stdout += String(chunk);
			});
			child.stderr.on('data', chunk => {
				stderr += String(chunk);
			});
			child.on('close', code => {
				resolve({code, stdout, stderr});
			});
		});
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
	await new Promise(resolve => {
		setTimeout(resolve, 100);
	});
	t.is(stdout.text, '', 'no report before a line is read');
	await fs.writeFile(later, `${start} a b\n${start + 5} a c\n`);
	await run;
	const report = JSON.parse(stdout.text);
	t.is(report.to, start + 5);
	t.deepEqual(report.receivedFrom, [{host: 'b', count: 1}, {host: 'c', count: 1}]);
	t.regex(stderr.text, /waiting for .*later\.log/);
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
