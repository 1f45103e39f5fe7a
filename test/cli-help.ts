import {execFile} from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';

/*
--help and --version on every command, through the built program: they answer and do nothing else.
*/

const run = promisify(execFile);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const {version} = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as {version: string};

for (const command of [[], ['query'], ['generate']]) {
	const name = command[0] ?? 'live';

	test(`${name} --version prints the version and does nothing else`, async t => {
		const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-help-'));
		const {stdout, stderr} = await run(process.execPath, [cli, ...command, '--version'], {cwd, timeout: 20_000});
		t.is(stdout, `${version}\n`);
		t.is(stderr, '');
		// Nothing ran: generate would have made ./logs.
		t.deepEqual(await fs.readdir(cwd), []);
		await fs.rm(cwd, {recursive: true});
	});

	test(`${name} --help prints its own usage`, async t => {
		const {stdout} = await run(process.execPath, [cli, ...command, '--help'], {timeout: 20_000});
		t.regex(stdout, name === 'live' ? /\$ dashboard \[--host H]/ : new RegExp(`\\$ dashboard ${name}`));
	});
}
