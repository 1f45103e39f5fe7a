import {execFile} from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {bruteReport, parseLines} from './helpers/brute-count.js';

/*
`npm start` opens on Hannibal: its dashboard command, taken from package.json, run once in a directory of its own, reports on Hannibal with traffic in every pane.
*/

const run = promisify(execFile);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

test('npm start\'s dashboard watches Hannibal, one of the generated hosts, with traffic both ways', async t => {
	const manifest = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as {scripts: {start: string}};
	const command = /node dist\/cli\.js (.+)$/.exec(manifest.scripts.start);
	t.truthy(command, manifest.scripts.start);
	const args = command![1]!.split(' ');
	t.true(args.includes('--host-count'), 'the demo generates its host names');
	const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-'));
	t.teardown(async () => fs.rm(cwd, {recursive: true, force: true}));
	const {stdout} = await run(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args, '--once', '--json', '--seed', '1'], {cwd, timeout: 60_000});
	const report = JSON.parse(stdout) as {host: string; from: number; to: number; connectedTo: unknown[]; receivedFrom: unknown[]; stats: {lines: number}};
	t.is(report.host, 'Hannibal');
	const names = await fs.readdir(path.join(cwd, 'logs'));
	const texts = await Promise.all(names.map(async name => fs.readFile(path.join(cwd, 'logs', name), 'utf8')));
	const lines = parseLines(texts.join(''));
	t.true(new Set(lines.flatMap(line => [line.source, line.destination])).size > 5, 'generated names beside the five default hosts');
	const expected = bruteReport(lines, 'Hannibal', report.from, report.to);
	t.true(expected.connectedTo.length > 0 && expected.receivedFrom.length > 0, 'Hannibal talks both ways');
	t.true(report.connectedTo.length > 0 && report.receivedFrom.length > 0);
});
