import {spawn} from 'node:child_process';
import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import {cli, collect} from './helpers/run-program.js';

/*
`query` and `generate` start in a few tens of milliseconds only while they load neither Ink nor React: the built program is checked module by module, through a loader hook that writes down every file Node loads.
*/

let directory: string;

test.before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'dashboard-load-path-'));
	await writeFile(join(directory, 'hooks.mjs'), `import {appendFileSync} from 'node:fs';
export async function load(url, context, nextLoad) {
	if (url.startsWith('file:')) {
		appendFileSync(process.env.LOADED_MODULES, url + '\\n');
	}

	return nextLoad(url, context);
}
`);
	await writeFile(join(directory, 'register.mjs'), `import {register} from 'node:module';
register(${JSON.stringify(pathToFileURL(join(directory, 'hooks.mjs')).href)});
`);
	await writeFile(join(directory, 'empty.log'), '');
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

/** The files the built program loads for these arguments, with their text. */
async function loaded(name: string, args: readonly string[]): Promise<Array<{path: string; text: string}>> {
	const list = join(directory, `${name}.loaded`);
	await writeFile(list, '');
	const run = await collect(spawn(process.execPath, ['--import', pathToFileURL(join(directory, 'register.mjs')).href, cli, ...args], {
		cwd: directory,
		env: {...process.env, LOADED_MODULES: list},
	}));
	if (run.code !== 0) {
		throw new Error(`dashboard ${args.join(' ')} failed: ${run.stderr}`);
	}

	const paths = (await readFile(list, 'utf8')).split('\n').filter(Boolean).map(url => fileURLToPath(url));
	return Promise.all(paths.map(async path => ({path, text: await readFile(path, 'utf8')})));
}

/* React's element type: any copy of React, bundled or not, has it. */
const react = 'react.transitional.element';

for (const [name, args] of [
	['query', ['query', 'empty.log', '--host', 'a', '--from', '0', '--to', '1']],
	['generate', ['generate', '--dir', 'logs', '--lines', '10', '--fast', '--start', '2020-01-01T00:00:00Z']],
] as const) {
	test(`${name} loads neither Ink nor React`, async t => {
		const files = await loaded(name, args);
		t.true(files.some(file => file.path === cli), 'the hook saw the program itself');
		t.deepEqual(files.filter(file => file.text.includes(react) || /[\\/]node_modules[\\/](ink|react)[\\/]/.test(file.path)).map(file => file.path), []);
	});
}

test('the marker is React\'s: the live app\'s chunk has it', async t => {
	const dist = join(cli, '..');
	const chunks = await Promise.all((await readdir(dist)).filter(name => name.startsWith('chunk-')).map(async name => readFile(join(dist, name), 'utf8')));
	t.true(chunks.some(text => text.includes(react)));
});
