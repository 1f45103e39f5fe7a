#!/usr/bin/env node
/*
The benchmark of the other formats' readers alone (section 8 of `npm run bench`), for a quick run: it writes its section of bench/RESULTS.md again and leaves the rest as it is.

	npm run build && node bench/formats.js [--size 200MB] [--runs 3] [--dir D] [--keep] [--no-write]
*/
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchFormats, formatsSection, withFormatsSection} from './lib/formats-bench.js';
import {formatBytes, machine, markdownTable, parseArgs, parseSize, textTable} from './lib/util.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = parseArgs(process.argv.slice(2));
const size = parseSize(args.size ?? '200MB');
const runs = Number(args.runs ?? 3);
const tmp = resolve(args.dir ?? join(here, 'data', `formats-${process.pid}`));
mkdirSync(tmp, {recursive: true});
const box = machine(tmp);
console.log(`machine: ${box.text}`);
console.log(`\nwriting a file of each format (${formatBytes(size)} each) ...`);
try {
	const result = await benchFormats({cli: join(root, 'dist', 'cli.js'), dist: join(root, 'dist'), tmp, size, runs, say: text => console.log(text)});
	console.log(`\n${textTable(result.scanRows)}\n\n${textTable(result.answerRows)}\n\n${textTable(result.queryRows)}\n\n${result.note}\n`);
	console.log(result.targets.map(entry => `  [${entry.met ? 'met' : 'NOT MET'}] ${entry.text}: ${entry.detail}`).join('\n'));
	if (!args['no-write']) {
		const path = join(here, 'RESULTS.md');
		const when = `by \`node bench/formats.js ${process.argv.slice(2).join(' ')}\``.replace(/ `$/, '`') + ` on ${new Date().toISOString().slice(0, 16)}Z, ${box.text}`;
		writeFileSync(path, withFormatsSection(readFileSync(path, 'utf8'), formatsSection(result, {markdownTable, heading: '###', when})));
		console.log('written to bench/RESULTS.md (section 8)');
	}
} finally {
	if (!args.keep) {
		rmSync(tmp, {recursive: true, force: true});
	}
}
