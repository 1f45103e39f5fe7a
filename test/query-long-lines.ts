import {spawn} from 'node:child_process';
import {accessSync, constants, existsSync} from 'node:fs';
import {mkdtemp, open, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {CursorTally} from '../source/core/cursor-tally.js';
import {createCursor, defaultTolerances} from '../source/core/formats/log-format.js';
import {KernelTally} from '../source/core/kernel-tally.js';
import {type TallySnapshot, WindowTally, type WindowTallyOptions} from '../source/core/window-tally.js';
import {loadKernel} from '../source/io/load-kernel.js';
import {queryFile} from '../source/io/query-file.js';
import {type ChunkTally, scanRange} from '../source/io/scan-file.js';
import {bruteReport} from './helpers/brute-count.js';
import {bruteRead} from './helpers/brute-formats.js';
import {memorySource} from './helpers/memory-source.js';
import {cli, collect, type Run} from './helpers/run-program.js';

/*
Issue 9, item 4: a run without a newline longer than a line may be (16 MiB: binary garbage, a sparse file's hole) is one malformed line, skipped to its newline in bounded memory, whichever way `query` reads: the kernel or a format's cursor, one thread or several, a file or a pipe.

The large files are sparse: a hole reads as zeros without taking disk. They go to /dev/shm where there is one: on tmpfs a hole reads as the zero page at memory speed, while a disk file system fills the page cache with gigabytes of zeros on a first read (20 s for 5 GiB here).
*/

const mebibyte = 1024 * 1024;
const gibibyte = 1024 * mebibyte;

function sparseParent(): string {
	try {
		accessSync('/dev/shm', constants.W_OK);
		return '/dev/shm';
	} catch {
		return tmpdir();
	}
}

let directory: string;

test.before(async () => {
	if (!existsSync(cli)) {
		throw new Error(`${cli} is missing: run \`npm run build\` (or \`npm test\`, which builds) first`);
	}

	directory = await mkdtemp(join(sparseParent(), 'dashboard-long-lines-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

/** A file of text parts and holes (a number: that many zero bytes, not written). */
async function sparseFile(name: string, parts: ReadonlyArray<string | number>): Promise<string> {
	const path = join(directory, name);
	const file = await open(path, 'w');
	try {
		let position = 0;
		for (const part of parts) {
			if (typeof part === 'number') {
				position += part;
				continue;
			}

			const bytes = Buffer.from(part);
			// eslint-disable-next-line no-await-in-loop
			await file.write(bytes, 0, bytes.length, position);
			position += bytes.length;
		}

		await file.truncate(position);
	} finally {
		await file.close();
	}

	return path;
}

/* The scanner with small sizes: chunks of 64 bytes, lines of at most 256. */

const window: WindowTallyOptions = {host: 'H', from: 1_000_000_000_000, to: 2_000_000_000_000, topBy: 'involved', tolerance: 0};

async function scanned(tally: ChunkTally & {snapshot(): TallySnapshot}, text: string): Promise<WindowTally> {
	const bytes = Buffer.from(text);
	await scanRange(memorySource(bytes), {start: 0, end: bytes.length, atFileEnd: true}, tally, 64, 256);
	const total = new WindowTally(window);
	total.merge(tally.snapshot());
	return total;
}

const counts = (tally: WindowTally) => ({lines: tally.lines, malformed: tally.malformed, fromA: tally.connectedTo[tally.hosts.intern(Buffer.from('a'), 0, 1)]});

const zeekHeader = {format: 'zeek', separator: [9], unset: [45], empty: [...Buffer.from('(empty)')], timestampColumn: 0, sourceColumn: 1, destinationColumn: 2} as const;

test('a line longer than the limit is one malformed line, the lines around it counted, in the kernel and in a cursor', async t => {
	const host = 'h'.repeat(200);
	const text = [
		'1000000000000 a H',
		// Within the limit with its newline: a line like any other, however long.
		`1000000000001 ${host} H`,
		`1000000000002 ${'x'.repeat(300)} H`,
		'1000000000003 a H',
		'y'.repeat(5000),
		'1000000000004 a H',
		// At the end, without newline.
		'z'.repeat(1000),
	].join('\n');
	const kernel = await scanned(new KernelTally(loadKernel(), window), text);
	t.deepEqual(counts(kernel), {lines: 4, malformed: 3, fromA: 3});
	t.is(kernel.connectedTo[kernel.hosts.intern(Buffer.from(host), 0, host.length)], 1);
	const zeek = text.replaceAll(' ', '\t').replaceAll(/^(\d+)(\d{3})\t/gm, '$1.$2\t');
	const cursor = await scanned(new CursorTally(createCursor('zeek', zeekHeader), window), zeek);
	t.deepEqual(counts(cursor), {lines: 4, malformed: 3, fromA: 3});
});

test('a run without newline that ends the file is one malformed line, in a chunk of its own or not', async t => {
	for (const text of ['1000000000000 a H\n' + 'q'.repeat(256), '1000000000000 a H\n' + 'q'.repeat(255), 'q'.repeat(10_000), '1000000000000 a H\n' + 'q'.repeat(257) + '\n']) {
		// eslint-disable-next-line no-await-in-loop
		const tally = await scanned(new KernelTally(loadKernel(), window), text);
		t.is(tally.malformed, 1, JSON.stringify(text.slice(-20)));
		t.is(tally.lines, text.startsWith('1') ? 1 : 0);
	}
});

/* Holes larger than the real limit, across worker threads. */

const nativeLines = (first: number, count: number) => Array.from({length: count}, (_, i) => `${first + (i * 10)} s${i % 13} ${i % 5 === 0 ? 'H' : `d${i % 7}`}\n`).join('');
const zeekLines = (first: number, count: number) => Array.from({length: count}, (_, i) => `${(first + (i * 10)) / 1000}\tC${i}\ts${i % 13}\t1\t${i % 5 === 0 ? 'H' : `d${i % 7}`}\n`).join('');
const zeekHead = '#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\n#types\ttime\tstring\taddr\tport\taddr\n';

for (const format of ['native', 'zeek'] as const) {
	test(`${format}: holes of 17 MiB among lines are one malformed line each, in this thread and in the workers`, async t => {
		const lines = format === 'native' ? nativeLines : zeekLines;
		// Each region a MiB of lines; a region after a hole starts with the newline that ends it.
		const regions = [lines(1_000_000_000_000, 40_000), `\n${lines(1_000_000_400_000, 40_000)}`, `\n${lines(1_000_000_800_000, 40_000)}`];
		const head = format === 'zeek' ? zeekHead : '';
		const path = await sparseFile(`holes.${format}`, [head + regions[0]!, 17 * mebibyte, regions[1]!, 17 * mebibyte, regions[2]!]);
		const truth = bruteRead(format, head + regions.join(''));
		const expected = bruteReport(truth.connections, 'H', 0, Number.MAX_SAFE_INTEGER, 'involved');
		t.is(expected.lines, 120_000);
		for (const threads of [1, 3]) {
			// eslint-disable-next-line no-await-in-loop
			const handle = await open(path);
			try {
				// eslint-disable-next-line no-await-in-loop
				const {tally, reading} = await queryFile(handle, await handle.stat(), {choice: 'auto', tolerances: defaultTolerances}, {host: 'H', from: 0, to: Number.MAX_SAFE_INTEGER, topBy: 'involved'}, {threshold: 1, threads, headStart: 0});
				t.is(reading.format, format);
				t.is(tally.lines, expected.lines, `${threads} threads`);
				// The blank lines the brute force sees where the holes end are the holes' own newlines.
				t.is(tally.malformed, 2, `${threads} threads`);
				t.is(tally.connectedTo[tally.hosts.intern(Buffer.from('s0'), 0, 2)], expected.connectedTo.find(row => row.host === 's0')?.count);
			} finally {
				// eslint-disable-next-line no-await-in-loop
				await handle.close();
			}
		}
	});
}

/* Gigabytes, end to end through the built program, with the peak memory of the process. */

/** Run `dashboard query` with a hook that writes the process's peak resident memory (VmHWM of /proc/self/status, in kB) to a file as it exits. */
async function queryMeasured(args: readonly string[], stdin?: string): Promise<Run & {peakMegabytes: number}> {
	const peakFile = join(directory, `peak-${process.hrtime.bigint()}`);
	const hook = 'data:text/javascript,import {readFileSync, writeFileSync} from "node:fs"; process.on("exit", () => writeFileSync(process.env.DASHBOARD_PEAK_FILE, /VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]));';
	const node = `'${process.execPath}' --import='${hook}' '${cli}' query ${args.map(arg => `'${arg}'`).join(' ')}`;
	const command = stdin === undefined ? node : `cat '${stdin}' | ${node}`;
	const run = await collect(spawn('bash', ['-c', command], {cwd: directory, env: {...process.env, DASHBOARD_PEAK_FILE: peakFile}}));
	const peak = Number(await readFile(peakFile, 'utf8').catch(() => 'NaN'));
	return {...run, peakMegabytes: peak / 1024};
}

const twoLines = (first: number, host: string) => `${first} a ${host}\n${first + 100} ${host} b\n`;

test('a 5 GiB hole then lines: exit 0, the lines around it counted, the hole one malformed line, memory bounded', async t => {
	const path = await sparseFile('hole-5g.log', [twoLines(1_000_000_000_000, 'H'), 5 * gibibyte, `\n${twoLines(1_000_000_000_200, 'H')}`]);
	const run = await queryMeasured([path, '--host', 'H', '--from', '1000000000000', '--to', '1000000000300', '--json']);
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, '');
	const report = JSON.parse(run.stdout);
	t.deepEqual(report.connectedTo, [{host: 'a', count: 2}]);
	t.deepEqual(report.receivedFrom, [{host: 'b', count: 2}]);
	t.deepEqual(report.stats, {lines: 4, malformed: 1});
	// Far above what a query of a few lines takes (about 90 MB), far below the gigabytes of a line held whole.
	t.log(`peak ${Math.round(run.peakMegabytes)} MB`);
	t.true(run.peakMegabytes < 300, `${run.peakMegabytes} MB`);
});

test('a 1.5 GiB run and a 500 ms window after it: the window\'s lines, in bounded memory', async t => {
	const before = Array.from({length: 2000}, (_, i) => `${1_600_000_000_000 + (i * 1000)} s${i % 7} H\n`).join('');
	const after = Array.from({length: 2000}, (_, i) => `${1_600_002_000_000 + (i * 1000)} s${i % 7} H\n`).join('');
	const path = await sparseFile('run-1.5g.log', [before, 1.5 * gibibyte, `\n${after}`]);
	// Right after the run: no line can prove the window starts after it, so it is read.
	const from = 1_600_002_000_000;
	const run = await queryMeasured([path, '--host', 'H', '--from', String(from), '--to', String(from + 500), '--json']);
	t.is(run.code, 0, run.stderr);
	const report = JSON.parse(run.stdout);
	t.deepEqual(report.connectedTo, [{host: 's0', count: 1}]);
	t.deepEqual(report.stats, {lines: 1, malformed: 1});
	t.log(`peak ${Math.round(run.peakMegabytes)} MB`);
	t.true(run.peakMegabytes < 300, `${run.peakMegabytes} MB`);
});

test('a Zeek file with a 3 GiB hole, and the same through a pipe: the cursor skips it in bounded memory', async t => {
	const records = (first: number) => `${first / 1000}\tC1\t10.0.0.1\t1\t10.0.0.5\n${(first + 100) / 1000}\tC2\t10.0.0.5\t1\t10.0.0.9\n`;
	const path = await sparseFile('hole.conn.log', [zeekHead + records(1_600_000_000_000), 3 * gibibyte, `\n${records(1_600_000_000_200)}`]);
	for (const stdin of [undefined, path]) {
		// eslint-disable-next-line no-await-in-loop
		const run = await queryMeasured([stdin ? '/dev/stdin' : path, '--host', '10.0.0.5', '--from', '2020-09-13T12:26:40Z', '--to', '2020-09-13T12:26:40.300Z'], stdin);
		t.is(run.code, 0, run.stderr);
		t.is(run.stderr, '');
		t.regex(run.stdout, /^4 lines in the window, 1 malformed$/m);
		t.regex(run.stdout, stdin ? /^\/dev\/stdin: Zeek conn\.log$/m : /hole\.conn\.log: Zeek conn\.log$/m);
		t.regex(run.stdout, /Connected to 10\.0\.0\.5: 2 connections from 1 source\n\s+2\s+10\.0\.0\.1/);
		t.log(`peak ${Math.round(run.peakMegabytes)} MB`);
	t.true(run.peakMegabytes < 300, `${run.peakMegabytes} MB`);
	}
});
