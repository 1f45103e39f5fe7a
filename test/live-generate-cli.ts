import {execFile, spawn} from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {bruteReport, parseLines} from './helpers/brute-count.js';

/*
`dashboard --generate` as a user starts it, through the built program: the generator runs inside and the report shows what it wrote.
*/

const run = promisify(execFile);
const cli = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'cli.js');

test('--generate --once reports on the lines the generator wrote, with the last window written at once', async t => {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-generate-'));
	try {
		const {stdout} = await run(process.execPath, [cli, '--generate', '--dir', dir, '--once', '--json', '--window', '30s', '--rate', '20', '--seed', '5'], {timeout: 30_000});
		const report = JSON.parse(stdout) as {host: string; from: number; to: number; stats: {lines: number}; top: {ranking: Array<{host: string; count: number}>}};
		const names = await fs.readdir(dir);
		t.true(names.includes('log_1.txt'), names.join(','));
		const texts = await Promise.all(names.map(async name => fs.readFile(path.join(dir, name), 'utf8')));
		const expected = bruteReport(parseLines(texts.join('')), report.host, report.from, report.to);

		// The window was backfilled: about 30 s at 20 lines a second is there at the first report.
		t.true(report.stats.lines >= 500, String(report.stats.lines));
		// The generator goes on writing until the process stops, so the files may hold a few lines the report had not read yet.
		t.true(report.stats.lines <= expected.lines, `${report.stats.lines} > ${expected.lines}`);
		t.true(report.stats.lines >= expected.lines - 40, `${report.stats.lines} is far below ${expected.lines}`);
		// Without --host it opens on the top host, which is one of the generated hosts.
		t.true(expected.ranking.some(row => row.host === report.host), report.host);
	} finally {
		await fs.rm(dir, {recursive: true, force: true});
	}
});

test('--generate into a directory that cannot be made fails at once, as generate does: exit 1, one line', async t => {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-generate-'));
	try {
		await fs.writeFile(path.join(dir, 'file'), '');
		const failed = await run(process.execPath, [cli, '--generate', '--dir', path.join(dir, 'file', 'logs'), '--json'], {timeout: 30_000}).then(
			() => ({code: 0, stdout: '', stderr: ''}),
			(error: unknown) => error as {code: number; stdout: string; stderr: string},
		);
		t.is(failed.code, 1);
		t.is(failed.stdout, '');
		t.is(failed.stderr, `dashboard: cannot write into directory '${path.join(dir, 'file', 'logs')}': a part of the path is a file, not a directory\n`);
	} finally {
		await fs.rm(dir, {recursive: true, force: true});
	}
});

test('--generate whose generator fails while running says so on stderr and exits 1 after the reports so far', async t => {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'live-generate-'));
	const logs = path.join(dir, 'logs');
	try {
		const child = spawn(process.execPath, [cli, '--generate', '--dir', logs, '--json', '--every', '200ms', '--rate', '100', '--lines-per-file', '10'], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => {
			stdout += String(chunk);
		});
		child.stderr.on('data', chunk => {
			stderr += String(chunk);
		});
		const ended = new Promise<number | null>(resolve => {
			child.on('close', resolve);
		});
		while (stdout.split('\n').length < 3) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 20);
			});
		}

		// Its directory goes away: the next file cannot be made.
		await fs.rm(logs, {recursive: true, force: true});
		t.is(await ended, 1);
		t.regex(stderr, new RegExp(`^dashboard: cannot write '${logs.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}/log_\\d+\\.txt': its directory is gone\\n$`));
		t.true(stdout.trimEnd().split('\n').every(line => JSON.parse(line).stats.lines >= 0));
	} finally {
		await fs.rm(dir, {recursive: true, force: true});
	}
});
