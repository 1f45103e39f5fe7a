#!/usr/bin/env node
/*
Benchmark of `dashboard query` against the tools a user would reach for instead, on a log this script writes itself.

	npm run build && node bench/query.js [--size 1GB] [--runs 3] [--host Hannibal] [--cli dist/cli.js]

It runs the real built program (nothing is imported from source/), interleaving the contenders run by run so that a change in the machine's load hits them all alike, and prints medians with min–max, MB/s, lines/s, ratios, and the targets of issue 2 as met or not met. Data goes to bench/data/ (git-ignored) and is kept for the next run; delete it with --clean.
*/
import {spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const dataDir = join(here, 'data');

const args = parseArgs(process.argv.slice(2));
const size = parseSize(args.size ?? '1GB');
const runs = Number(args.runs ?? 3);
const host = args.host ?? 'Hannibal';
const cli = resolve(root, args.cli ?? 'dist/cli.js');
const millionHosts = Number(args['distinct-hosts'] ?? 1_000_000);

if (args.clean) {
	rmSync(dataDir, {recursive: true, force: true});
	console.log(`removed ${dataDir}`);
	process.exit(0);
}

if (!existsSync(cli)) {
	console.error(`${cli} is missing: run \`npm run build\` first`);
	process.exit(1);
}

mkdirSync(dataDir, {recursive: true});
const ioProbe = writeIoProbe();
const naiveScript = writeNaiveReader();
const empty = join(dataDir, 'empty.log');
writeFileSync(empty, '');

const log = ensureLog(join(dataDir, `skewed-${args.size ?? '1GB'}.log`), size, writeSkewedLog);
const hostsLog = ensureLog(join(dataDir, `distinct-${millionHosts}.log`), 0, (path) => writeDistinctHostsLog(path, millionHosts));
const mb = log.bytes / 1e6;
console.log(`log: ${log.path}: ${fmt(mb, 0)} MB, ${fmt(log.lines / 1e6, 1)}M lines, ${log.hosts} hosts, ${new Date(log.first).toISOString()} to ${new Date(log.last).toISOString()}`);
console.log(`node ${process.version}, ${runs} runs each, interleaved, page cache warmed by a first untimed cat\n`);

run('cat', ['sh', '-c', `cat '${log.path}' > /dev/null`]); // Warm the page cache.

const awkProgram = [
	'{s[$2]++} $3==H{t[$2]++} $2==H{f[$3]++}',
	'END{for(k in t) print "connectedTo", k, t[k]; for(k in f) print "receivedFrom", k, f[k];',
	'm=0; for(k in s) if(s[k]>m) m=s[k]; for(k in s) if(s[k]==m) print "leader", k, m}',
].join(' ');
const queryArgs = (file, from, to) => [cli, 'query', file, '--host', host, '--from', String(from), '--to', String(to), '--json'];
const middle = Math.floor((log.first + log.last) / 2);

const contenders = [
	{name: 'cat > /dev/null', command: ['sh', '-c', `cat '${log.path}' > /dev/null`]},
	{name: 'wc -l', command: ['wc', '-l', log.path]},
	{name: 'mawk (3 answers)', command: ['mawk', '-v', `H=${host}`, awkProgram, log.path]},
	{name: 'naive node (readline+split+Map)', command: ['node', naiveScript, log.path, host]},
	{name: 'dashboard query (full window)', command: ['node', ...queryArgs(log.path, 0, 9_999_999_999_999)]},
	{name: 'dashboard query (1 min window)', command: ['node', '--import', ioProbe, ...queryArgs(log.path, middle, middle + 60_000)], narrow: true},
	{name: 'dashboard query (empty file: start-up)', command: ['node', '--import', ioProbe, ...queryArgs(empty, 0, 1)], startup: true},
];

const times = new Map(contenders.map(contender => [contender.name, []]));
const readBytes = new Map();
for (let round = 0; round < runs; round++) {
	for (const contender of contenders) {
		const result = run(contender.name, contender.command);
		times.get(contender.name).push(result.seconds);
		if (result.rchar !== undefined) {
			readBytes.set(contender.name, result.rchar);
		}
	}
}

const median = name => medianOf(times.get(name));
const mawk = median('mawk (3 answers)');
const naive = median('naive node (readline+split+Map)');
const rows = [['', 'median s', 'min–max s', 'MB/s', 'Mlines/s', 'vs mawk', 'vs naive']];
for (const {name, narrow, startup} of contenders) {
	const list = times.get(name);
	const seconds = median(name);
	const whole = !narrow && !startup;
	rows.push([
		name,
		fmt(seconds, 3),
		`${fmt(Math.min(...list), 3)}–${fmt(Math.max(...list), 3)}`,
		whole ? fmt(mb / seconds, 0) : '',
		whole ? fmt(log.lines / 1e6 / seconds, 1) : '',
		whole ? `${fmt(mawk / seconds, 2)}x` : '',
		whole ? `${fmt(naive / seconds, 2)}x` : '',
	]);
}

printTable(rows);

const full = median('dashboard query (full window)');
const startup = median('dashboard query (empty file: start-up)');
const narrow = median('dashboard query (1 min window)');
const narrowBytes = (readBytes.get('dashboard query (1 min window)') ?? 0) - (readBytes.get('dashboard query (empty file: start-up)') ?? 0);
console.log(`\n1 min window: ${fmt((narrow - startup) * 1000, 0)} ms beyond start-up (start-up ${fmt(startup * 1000, 0)} ms), ${fmt(narrowBytes / 1e6, 2)} MB read beyond start-up (/proc/self/io rchar) of ${fmt(mb, 0)} MB`);

const rss = peakRss(['node', ...queryArgs(hostsLog.path, 0, 9_999_999_999_999)]);
const rssFull = peakRss(['node', ...queryArgs(log.path, 0, 9_999_999_999_999)]);
console.log(`peak RSS: ${fmt(rss / 1024, 0)} MB for ${hostsLog.hosts} distinct hosts (${fmt(hostsLog.bytes / 1e6, 0)} MB, ${fmt(hostsLog.lines / 1e6, 1)}M lines), ${fmt(rssFull / 1024, 0)} MB for the full scan above`);

console.log('\ntargets (issue 2):');
target(`full-window query >= 2x mawk (aim 3x): ${fmt(mawk / full, 2)}x`, mawk / full >= 2, mawk / full >= 3 ? ' (3x reached)' : '');
target(`narrow window in a 1 GB file < 100 ms beyond start-up: ${fmt((narrow - startup) * 1000, 0)} ms${log.bytes < 0.9e9 ? ` (this log is ${fmt(mb, 0)} MB)` : ''}`, narrow - startup < 0.1);
target(`peak memory with ${hostsLog.hosts} distinct hosts < 300 MB: ${fmt(rss / 1024, 0)} MB`, rss / 1024 < 300);

/* ---------------------------------------------------------------- */

function target(text, met, extra = '') {
	console.log(`  [${met ? 'met' : 'NOT MET'}] ${text}${extra}`);
}

function run(name, command) {
	const started = process.hrtime.bigint();
	const result = spawnSync(command[0], command.slice(1), {stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.status !== 0) {
		throw new Error(`${name} failed (${result.status ?? result.signal}): ${result.stderr}`);
	}

	const match = /IOPROBE rchar=(\d+)/.exec(String(result.stderr));
	return {seconds, rchar: match ? Number(match[1]) : undefined};
}

/** Peak resident memory in KiB, by /usr/bin/time when present, else by a wrapper asking the child's resource usage. */
function peakRss(command) {
	if (existsSync('/usr/bin/time')) {
		const result = spawnSync('/usr/bin/time', ['-f', 'PEAKRSS %M', ...command], {stdio: ['ignore', 'ignore', 'pipe']});
		const match = /PEAKRSS (\d+)/.exec(String(result.stderr));
		if (result.status === 0 && match) {
			return Number(match[1]);
		}
	}

	const result = spawnSync(command[0], command.slice(1), {stdio: ['ignore', 'ignore', 'ignore']});
	if (result.status !== 0) {
		throw new Error(`${command.join(' ')} failed`);
	}

	// Without /usr/bin/time: ask the kernel for the largest child's peak, through a parent that waits for it.
	const wrapper = spawnSync('node', ['-e', `const r=require('child_process').spawnSync(${JSON.stringify(command[0])},${JSON.stringify(command.slice(1))},{stdio:'ignore'});process.stdout.write(String(process.resourceUsage().maxRSS))`], {encoding: 'utf8'});
	return Number(wrapper.stdout);
}

/** The skewed log: a few busy hosts and a long tail, roughly sorted (timestamps go back up to 2 s now and then). */
function writeSkewedLog(path, bytes) {
	const random = mulberry32(42);
	const names = hostNames(20_000, random);
	const index = names.indexOf(host);
	if (index > 0) {
		names.splice(index, 1);
	}

	names.splice(3, 0, host); // A busy host, not the busiest.
	const encoded = names.map(name => Buffer.from(name));
	const pick = () => encoded[Math.floor(names.length * (random() ** 3))];
	return writeLines(path, bytes, random, pick, 2.5);
}

/** A log with `count` distinct hosts: half the lines bring a new source (so every host shows up), the rest come from a skewed few; the host asked about is the destination of one line in ten. */
function writeDistinctHostsLog(path, count) {
	const random = mulberry32(7);
	const lines = count * 2;
	const target = Buffer.from(host);
	let next = 0;
	const name = index => Buffer.from(`node-${index.toString(36)}`);
	const pick = destination => {
		if (destination) {
			return random() < 0.1 ? target : name(Math.floor(random() * count));
		}

		return random() < 0.5 && next < count ? name(next++) : name(Math.floor(count * (random() ** 4)));
	};

	return writeLines(path, Number.POSITIVE_INFINITY, random, pick, 40, lines);
}

/** Write lines `<ms> <source> <destination>` until `bytes` or `lineLimit`, `step` ms apart on average. */
function writeLines(path, bytes, random, pick, step, lineLimit = Number.POSITIVE_INFINITY) {
	const fd = openSync(path, 'w');
	const buffer = Buffer.alloc(4 * 1024 * 1024);
	const hosts = new Set();
	let used = 0;
	let written = 0;
	let lines = 0;
	let time = 1_565_647_204_351;
	const first = time;
	let last = time;
	while (written + used < bytes && lines < lineLimit) {
		time += Math.floor(random() * 2 * step);
		const stamp = random() < 0.05 ? time - Math.floor(random() * 2000) : time;
		const source = pick(false);
		const destination = pick(true);
		if (used + source.length + destination.length + 20 > buffer.length) {
			writeSync(fd, buffer, 0, used);
			written += used;
			used = 0;
		}

		used += buffer.write(String(stamp), used, 'latin1');
		buffer[used++] = 0x20;
		used += source.copy(buffer, used);
		buffer[used++] = 0x20;
		used += destination.copy(buffer, used);
		buffer[used++] = 0x0A;
		lines++;
		last = Math.max(last, stamp);
		if (hosts.size < 5_000_000) {
			hosts.add(source.toString('latin1'));
			hosts.add(destination.toString('latin1'));
		}
	}

	writeSync(fd, buffer, 0, used);
	closeSync(fd);
	return {lines, first, last, hosts: hosts.size};
}

function ensureLog(path, bytes, write) {
	const metaPath = `${path}.json`;
	if (existsSync(path) && existsSync(metaPath)) {
		const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
		if (meta.bytes === statSync(path).size) {
			return {...meta, path};
		}
	}

	const started = Date.now();
	process.stdout.write(`writing ${path} ... `);
	const meta = write(path, bytes);
	const result = {...meta, bytes: statSync(path).size};
	writeFileSync(metaPath, JSON.stringify(result));
	console.log(`${fmt(result.bytes / 1e6, 0)} MB in ${fmt((Date.now() - started) / 1000, 1)} s`);
	return {...result, path};
}

function hostNames(count, random) {
	const starts = ['Ha', 'Sa', 'Ste', 'Mu', 'Ri', 'Ka', 'Jo', 'Ma', 'De', 'Al', 'Za', 'Ke', 'Ty', 'Dri', 'Wil', 'Ja', 'Ro', 'Ely', 'No', 'Bri'];
	const middles = ['n', 'ma', 'ri', 'sta', 'ne', 'lo', 'va', 'dri', 'ke', 'sha', 'mo', 'ti', 'ra', 'li', 'be'];
	const ends = ['bal', 'tchi', 'eve', 'fa', 'ny', 'son', 'ta', 'den', 'ra', 'lie', 'mir', 'ko', 'sha', 'on', 'ry'];
	const names = new Set(['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa']);
	while (names.size < count) {
		const pick = list => list[Math.floor(random() * list.length)];
		const name = pick(starts) + pick(middles) + (random() < 0.5 ? pick(middles) : '') + pick(ends);
		names.add(names.has(name) ? `${name}${Math.floor(random() * 100)}` : name);
	}

	return [...names];
}

function mulberry32(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/* A preload that reports the bytes the process read (rchar of /proc/self/io) when it exits: measured by the kernel, not by the program. */
function writeIoProbe() {
	const path = join(dataDir, 'io-probe.mjs');
	writeFileSync(path, `import {readFileSync, writeSync} from 'node:fs';
process.on('exit', () => {
	const rchar = /rchar: (\\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1];
	writeSync(2, \`IOPROBE rchar=\${rchar}\\n\`);
});
`);
	return path;
}

/* What a first Node version of the query looks like: readline, split, Maps of strings. */
function writeNaiveReader() {
	const path = join(dataDir, 'naive-query.mjs');
	writeFileSync(path, `import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
const [file, host] = process.argv.slice(2);
const top = new Map(), connectedTo = new Map(), receivedFrom = new Map();
const add = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
for await (const line of createInterface({input: createReadStream(file), crlfDelay: Infinity})) {
	const [, source, destination] = line.trim().split(/[ \\t]+/);
	if (destination === undefined) continue;
	add(top, source);
	if (destination === host) add(connectedTo, source);
	if (source === host) add(receivedFrom, destination);
}
const best = Math.max(0, ...top.values());
console.log(JSON.stringify({connectedTo: [...connectedTo], receivedFrom: [...receivedFrom], leaders: [...top].filter(([, n]) => n === best)}));
`);
	return path;
}

function parseArgs(list) {
	const parsed = {};
	for (let i = 0; i < list.length; i++) {
		const [key, inline] = list[i].replace(/^--/, '').split('=', 2);
		if (inline !== undefined) {
			parsed[key] = inline;
		} else if (list[i + 1] !== undefined && !list[i + 1].startsWith('--')) {
			parsed[key] = list[++i];
		} else {
			parsed[key] = true;
		}
	}

	return parsed;
}

function parseSize(text) {
	const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text);
	if (!match) {
		throw new Error(`--size ${text}: give a size such as 100MB or 1GB`);
	}

	return Math.round(Number(match[1]) * {'': 1, k: 1e3, m: 1e6, g: 1e9}[match[2].toLowerCase()]);
}

function medianOf(list) {
	const sorted = [...list].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fmt(value, digits) {
	return value.toFixed(digits);
}

function printTable(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
	for (const row of rows) {
		console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
	}
}
