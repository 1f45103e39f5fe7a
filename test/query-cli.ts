import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, link, mkdir, mkdtemp, open, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import test from 'ava';
import {cli, collect, type Run} from './helpers/run-program.js';

/*
`dashboard query` as a user runs it: the built program (`npm run build` first; `npm test` does), spawned with its arguments, judged by exit code, stdout and stderr.
*/

let directory: string;

test.before(async () => {
	if (!existsSync(cli)) {
		throw new Error(`${cli} is missing: run \`npm run build\` (or \`npm test\`, which builds) first`);
	}

	directory = await mkdtemp(join(tmpdir(), 'dashboard-query-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});


/*
Root reads every file whatever its mode, so as root a permission test runs the program without the capabilities that let it (setpriv, from util-linux). Not as another user: that user may not be able to reach the clone at all, as under a private home directory.
*/
const withoutOverride = process.getuid?.() === 0 ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search'] : [];

async function query(args: readonly string[], input?: string, options: {readonly permissionsApply?: boolean} = {}): Promise<Run> {
	const [command, ...prefix] = options.permissionsApply && withoutOverride.length > 0 ? [...withoutOverride, process.execPath] : [process.execPath];
	const child = spawn(command!, [...prefix, cli, 'query', ...args], {cwd: directory, env: {...process.env, NO_COLOR: '1'}});
	child.stdin.end(input ?? '');
	return collect(child);
}

async function logFile(name: string, content: string | Uint8Array): Promise<string> {
	const path = join(directory, name);
	await writeFile(path, content);
	return path;
}

const sample = [
	'1607880434801 Hannibal Steeve',
	'1607880435000 Hanny Steeve',
	'1607880436000 Steeve Hannibal',
	'1607880437000 Steeve Hanny',
	'1607880438000 Hannibal Samatchi',
	'1607880438820 Steeve Steeve',
	'1607880500000 Hannibal Steeve',
].join('\n') + '\n';

const window = ['--from', '1607880434801', '--to', '1607880438820'];

function json(run: Run): any {
	return JSON.parse(run.stdout);
}

test('--json prints one object in the shape of SPEC section 5', async t => {
	const path = await logFile('sample.log', sample);
	const run = await query([path, '--host', 'Steeve', ...window, '--json']);
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, '');
	t.true(run.stdout.endsWith('}\n'));
	t.is(run.stdout.trim().split('\n').length, 1, 'one line');
	const report = json(run);
	t.like(report, {
		host: 'Steeve',
		from: 1_607_880_434_801,
		to: 1_607_880_438_820,
		connectedTo: [{host: 'Hannibal', count: 1}, {host: 'Hanny', count: 1}, {host: 'Steeve', count: 1}],
		receivedFrom: [{host: 'Hannibal', count: 1}, {host: 'Hanny', count: 1}, {host: 'Steeve', count: 1}],
		top: {
			by: 'source',
			leaders: [{host: 'Steeve', count: 3}],
			ranking: [{host: 'Steeve', count: 3}, {host: 'Hannibal', count: 2}, {host: 'Hanny', count: 1}],
		},
		stats: {lines: 6, malformed: 0},
	});
	t.deepEqual(Object.keys(report.top).sort(), ['by', 'leaders', 'ranking']);
	t.deepEqual(Object.keys(report.connectedTo[0]).sort(), ['count', 'host']);
});

test('--top-by involved counts every host of a line once', async t => {
	const path = await logFile('involved.log', sample);
	const report = json(await query([path, '--host', 'Steeve', ...window, '--json', '--top-by', 'involved']));
	t.is(report.top.by, 'involved');
	t.deepEqual(report.top.leaders, [{host: 'Steeve', count: 5}]);
});

test('text output has the window in UTC and epoch, and three titled lists with counts', async t => {
	const path = await logFile('text.log', sample);
	const run = await query([path, '--host', 'Hannibal', ...window]);
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, '');
	t.true(run.stdout.includes('2020-12-13T17:27:14.801Z'), run.stdout);
	t.true(run.stdout.includes('1607880434801'));
	t.regex(run.stdout, /Connected to Hannibal[^\n]*\n\s+1\s+Steeve/);
	t.regex(run.stdout, /Received from Hannibal[^\n]*\n\s+1\s+Samatchi\n\s+1\s+Steeve/);
	t.regex(run.stdout, /Top hosts[^\n]*\n\*\s+3\s+Steeve/);
});

test('several files add up, and a window covers lines of any file', async t => {
	const first = await logFile('first.log', '1000000000000 a H\n1000000001000 b H\n');
	const second = await logFile('second.log', '1000000000500 a H\n1000000002000 H c\n');
	const report = json(await query([first, second, '--host', 'H', '--from', '1000000000000', '--to', '1000000002000', '--json']));
	t.deepEqual(report.connectedTo, [{host: 'a', count: 2}, {host: 'b', count: 1}]);
	t.deepEqual(report.receivedFrom, [{host: 'c', count: 1}]);
	t.is(report.stats.lines, 4);
});

test('a file named twice, by any path, is read once', async t => {
	const path = await logFile('twice.log', sample);
	await mkdir(join(directory, 'sub'), {recursive: true});
	await symlink(path, join(directory, 'sub', 'alias.log'));
	await link(path, join(directory, 'hard.log'));
	const once = json(await query([path, '--host', 'Steeve', ...window, '--json']));
	const run = await query([path, './twice.log', 'sub/../twice.log', 'sub/alias.log', 'hard.log', '--host', 'Steeve', ...window, '--json']);
	t.is(run.code, 0, run.stderr);
	t.deepEqual(json(run), once);
});

test('--limit cuts every list but the leaders', async t => {
	const lines = ['1000000000000 x H', '1000000000000 y H', '1000000000000 y H', '1000000000000 z H', '1000000000000 H a', '1000000000000 H b', '1000000000000 w w', '1000000000000 w w', '1000000000000 v v', '1000000000000 v v'];
	const path = await logFile('limit.log', lines.join('\n'));
	const report = json(await query([path, '--host', 'H', '--from', '1000000000000', '--to', '1000000000000', '--json', '--limit', '1']));
	t.deepEqual(report.connectedTo, [{host: 'y', count: 2}]);
	t.deepEqual(report.receivedFrom, [{host: 'a', count: 1}]);
	t.deepEqual(report.top.ranking, [{host: 'H', count: 2}]);
	t.deepEqual(report.top.leaders.map((row: {host: string}) => row.host), ['H', 'v', 'w', 'y']);
});

test('top hosts shows 10 rows without --limit, the other lists are complete', async t => {
	const lines = Array.from({length: 15}, (_, i) => `1000000000000 h${String(i).padStart(2, '0')} H`);
	const path = await logFile('ten.log', lines.join('\n'));
	const report = json(await query([path, '--host', 'H', '--from', '0', '--to', '2000000000000', '--json']));
	t.is(report.top.ranking.length, 10);
	t.is(report.connectedTo.length, 15);
	t.is(report.top.leaders.length, 15);
});

test('a missing file is a runtime error naming the path, with nothing on stdout', async t => {
	const good = await logFile('good.log', sample);
	const run = await query([good, 'missing.log', '--host', 'H', ...window, '--json']);
	t.is(run.code, 1);
	t.is(run.stdout, '');
	t.is(run.stderr, 'dashboard: cannot read \'missing.log\': no such file\n');
});

test('a directory is a runtime error naming the path', async t => {
	await mkdir(join(directory, 'logs'), {recursive: true});
	const run = await query(['logs', '--host', 'H', ...window]);
	t.is(run.code, 1);
	t.is(run.stdout, '');
	t.regex(run.stderr, /^dashboard: cannot read 'logs': it is a directory\n$/);
});

test('an unreadable file is a runtime error naming the path', async t => {
	const path = await logFile('secret.log', sample);
	await chmod(path, 0o000);
	const run = await query(['secret.log', '--host', 'H', ...window], undefined, {permissionsApply: true});
	t.is(run.code, 1);
	t.is(run.stdout, '');
	t.regex(run.stderr, /^dashboard: cannot read 'secret.log': permission denied\n$/);
});

test('--from later than --to is a usage error', async t => {
	const path = await logFile('usage.log', sample);
	const run = await query([path, '--host', 'H', '--from', '2000', '--to', '1000']);
	t.is(run.code, 2);
	t.is(run.stdout, '');
	t.is(run.stderr.trim().split('\n').length, 1, run.stderr);
	t.regex(run.stderr, /^dashboard: .*--from.*--help/);
});

test('an unknown flag and a bad time are usage errors of one line', async t => {
	const path = await logFile('usage2.log', sample);
	for (const args of [['--nope'], ['--from', 'yesterday'], ['--limit', '0']]) {
		// eslint-disable-next-line no-await-in-loop
		const run = await query([path, '--host', 'H', ...window, ...args]);
		t.is(run.code, 2, args.join(' '));
		t.is(run.stdout, '');
		t.is(run.stderr.trim().split('\n').length, 1, run.stderr);
		t.false(run.stderr.includes('    at '), 'no stack trace');
	}
});

test('binary garbage and empty files are not errors: malformed lines are counted', async t => {
	const garbage = Buffer.alloc(5000);
	for (let i = 0; i < garbage.length; i++) {
		garbage[i] = (i * 7919) % 256;
	}

	const binary = await logFile('binary.log', Buffer.concat([garbage, Buffer.from('\n1000000000000 a H\n'), garbage]));
	const empty = await logFile('empty.log', '');
	const run = await query([binary, empty, '--host', 'H', '--from', '0', '--to', '2000000000000', '--json']);
	t.is(run.code, 0, run.stderr);
	const report = json(run);
	t.is(report.stats.lines, 1);
	t.true(report.stats.malformed > 0);
	t.deepEqual(report.connectedTo, [{host: 'a', count: 1}]);
});

test('host names that are not valid UTF-8 become U+FFFD in JSON and escapes in text', async t => {
	const path = await logFile('bytes.log', Buffer.concat([Buffer.from('1000000000000 '), Buffer.from([0x61, 0xFF, 0x1B]), Buffer.from(' H\n')]));
	const report = json(await query([path, '--host', 'H', '--from', '0', '--to', '2000000000000', '--json']));
	t.deepEqual(report.connectedTo, [{host: 'a\uFFFD\u001B', count: 1}]);
	const text = await query([path, '--host', 'H', '--from', '0', '--to', '2000000000000']);
	t.false(text.stdout.includes('\u001B'), 'no escape character reaches the terminal');
	t.true(text.stdout.includes('a\\xff\\x1b'), text.stdout);
});

test('a file out of order beyond the tolerance is answered with one warning line on stderr', async t => {
	const path = await logFile('unsorted.log', '1000000600000 a H\n1000000000000 b H\n');
	const run = await query([path, '--host', 'H', '--from', '0', '--to', '2000000000000', '--json', '--tolerance', '5m']);
	t.is(run.code, 0);
	t.is(json(run).stats.lines, 2);
	t.is(run.stderr.split('\n').length, 2, run.stderr);
	t.regex(run.stderr, /^dashboard: warning: '.*unsorted\.log' is not sorted within the tolerance \(5m\).*byte 18.*10m older/);
});

test('a narrow window in a large sorted file answers the same as reading it all', async t => {
	// 400 000 lines, one every 10 ms: the seek has room to work.
	const parts: string[] = [];
	for (let i = 0; i < 400_000; i++) {
		parts.push(`${1_000_000_000_000 + (i * 10)} s${i % 97} ${i % 13 === 0 ? 'H' : `d${i % 89}`}\n`);
	}

	const path = await logFile('large.log', parts.join(''));
	const from = 1_000_000_000_000 + (200_000 * 10);
	const narrow = json(await query([path, '--host', 'H', '--from', String(from), '--to', String(from + 60_000), '--json', '--tolerance', '1s']));
	// A tolerance as long as the whole log makes the seek prove nothing: the whole file is read.
	const whole = json(await query([path, '--host', 'H', '--from', String(from), '--to', String(from + 60_000), '--json', '--tolerance', '2h']));
	t.is(narrow.stats.lines, 6001);
	t.deepEqual(narrow, whole);
});

/** Run a shell pipeline, as a user types one. */
async function shell(command: string): Promise<Run> {
	return collect(spawn('bash', ['-c', command], {cwd: directory}));
}

test('a pipe is read from the start, without seeking', async t => {
	const path = await logFile('piped.log', sample);
	// The child's own stdin here would be a socket, which cannot be opened by path: a shell pipe is what a user makes.
	const run = await shell(`cat '${path}' | '${process.execPath}' '${cli}' query /dev/stdin --host Steeve ${window.join(' ')} --json`);
	t.is(run.code, 0, run.stderr);
	t.is(json(run).stats.lines, 6);
});

test('output cut short by the reader (| head -c 10) ends quietly with exit 0', async t => {
	const lines = Array.from({length: 200_000}, (_, i) => `${1_000_000_000_000 + i} s${i} d${i}`);
	const path = await logFile('many-hosts.log', lines.join('\n'));
	const run = await shell(`'${process.execPath}' '${cli}' query '${path}' --host s1 --from 0 --to 9999999999999 --json --limit 200000 | head -c 10; echo "exit=\${PIPESTATUS[0]}" >&2`);
	t.is(run.stdout, '{"host":"s');
	t.is(run.stderr, 'exit=0\n');
});

test('the built parallel scanner starts its compiled worker and agrees with one thread', async t => {
	const {scanParallel} = await import(pathToFileURL(resolve('dist/source/io/parallel-scan.js')).href) as typeof import('../source/io/parallel-scan.js');
	const lines = Array.from({length: 50_000}, (_, i) => `${1_000_000_000_000 + i} s${i % 101} ${i % 7 ? 'd' : 'H'}${i % 3}`);
	const path = await logFile('parallel.log', lines.join('\n'));
	const file = await open(path);
	try {
		const {size} = await file.stat();
		const options = {host: 'H0', from: 1_000_000_010_000, to: 1_000_000_040_000, topBy: 'involved' as const, tolerance: 0};
		const range = {start: 0, end: size, atFileEnd: true};
		const parallel = await scanParallel(file, range, options, {threshold: 1, threads: 3, headStart: 0});
		const single = await scanParallel(file, range, options, {threshold: Number.POSITIVE_INFINITY});
		t.is(parallel.tally.lines, 30_001);
		t.is(single.tally.lines, 30_001);
		t.deepEqual(counts(parallel.tally.snapshot()), counts(single.tally.snapshot()));
		t.is(parallel.bytesRead, size);
	} finally {
		await file.close();
	}
});

type Snapshot = ReturnType<import('../source/core/window-tally.js').WindowTally['snapshot']>;

/** A snapshot's counts by host name, to compare tallies whose ids differ. */
function counts(snapshot: Snapshot): Record<string, [number, number, number]> {
	const result: Record<string, [number, number, number]> = {};
	let start = 0;
	for (const [index, end] of snapshot.nameEnds.entries()) {
		result[Buffer.from(snapshot.names.subarray(start, end)).toString()] = [snapshot.connectedTo[index]!, snapshot.receivedFrom[index]!, snapshot.top[index]!];
		start = end;
	}

	return result;
}

/* Other formats (SPEC section 6). */

const zeekConn = [
	'#separator \\x09',
	'#set_separator\t,',
	'#empty_field\t(empty)',
	'#unset_field\t-',
	'#path\tconn',
	'#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
	'#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
	'1607880434.801000\tC1\t10.0.0.1\t5000\t10.0.0.5\t443\ttcp',
	'1607880435.000000\tC2\t10.0.0.5\t5001\t10.0.0.9\t53\tudp',
	'#close\t2020-12-13-18-00-00',
].join('\n') + '\n';

const eveFlows = [
	'{"timestamp":"2020-12-13T18:27:15+0100","event_type":"dns","src_ip":"10.0.0.5","dest_ip":"10.0.0.53"}',
	'{"timestamp":"2020-12-13T18:27:16+0100","event_type":"flow","src_ip":"10.0.0.2","dest_ip":"10.0.0.5","flow":{"start":"2020-12-13T18:27:15.500000+0100"}}',
].join('\n') + '\n';

test('files of several formats in one query: each read in its own, the text naming those that are not native', async t => {
	const conn = await logFile('formats-conn.log', zeekConn);
	const eve = await logFile('formats-eve.json', eveFlows);
	const app = await logFile('formats-app.log', '1607880436000 web-1 10.0.0.5\n');
	const run = await query([conn, eve, app, '--host', '10.0.0.5', ...window]);
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, '');
	t.regex(run.stdout, /^4 lines in the window, 0 malformed\n.*formats-conn\.log: Zeek conn\.log\n.*formats-eve\.json: Suricata eve\.json\n\n/m);
	t.false(run.stdout.includes('formats-app.log'), 'native files are not named');
	t.regex(run.stdout, /Connected to 10\.0\.0\.5: 3 connections from 3 sources/);
	const report = json(await query([conn, eve, app, '--host', '10.0.0.5', ...window, '--json']));
	t.deepEqual(report.files, [{path: conn, format: 'zeek'}, {path: eve, format: 'eve'}, {path: app, format: 'native'}]);
	t.deepEqual(report.receivedFrom, [{host: '10.0.0.9', count: 1}]);
});

test('a Zeek log through a pipe is told from its first lines', async t => {
	const conn = await logFile('piped-conn.log', zeekConn);
	const run = await shell(`cat '${conn}' | '${process.execPath}' '${cli}' query /dev/stdin --host 10.0.0.5 ${window.join(' ')}`);
	t.is(run.code, 0, run.stderr);
	t.regex(run.stdout, /^\/dev\/stdin: Zeek conn\.log$/m);
	t.regex(run.stdout, /^2 lines in the window, 0 malformed$/m);
});

test('--format with a value it does not take is a usage error naming the flag and the values', async t => {
	const path = await logFile('format-usage.log', sample);
	for (const value of ['json', 'Zeek', '']) {
		// eslint-disable-next-line no-await-in-loop
		const run = await query([path, '--host', 'H', ...window, `--format=${value}`]);
		t.is(run.code, 2, value);
		t.is(run.stdout, '');
		t.is(run.stderr.trim().split('\n').length, 1, run.stderr);
		t.regex(run.stderr, /^dashboard: --format .*--help/);
		t.false(run.stderr.includes('    at '), 'no stack trace');
	}
});

test('a forced --format that does not fit a file: one warning line with its malformed lines, the answers still given, exit 0', async t => {
	const app = await logFile('misfit-app.log', sample);
	const conn = await logFile('misfit-conn.log', zeekConn);
	const run = await query([app, conn, '--host', 'Steeve', ...window, '--json', '--format', 'zeek']);
	t.is(run.code, 0, run.stderr);
	t.is(run.stderr, `dashboard: warning: '${app}' does not look like Zeek conn.log: 7 malformed lines, none read (--format auto tells each file's format)\n`);
	const report = json(run);
	t.deepEqual(report.stats, {lines: 2, malformed: 7});
	t.deepEqual(report.files.map((file: {format: string}) => file.format), ['zeek', 'zeek']);
	// Native forced on the Zeek log: the text report still comes, with the warning beside it.
	const native = await query([conn, '--host', '10.0.0.5', ...window, '--format', 'native']);
	t.is(native.code, 0);
	t.regex(native.stdout, /^0 lines in the window, 10 malformed$/m);
	t.regex(native.stderr, /^dashboard: warning: '.*misfit-conn\.log' does not look like native: 10 malformed lines, none read \(--format auto tells each file's format\)\n$/);
});
