#!/usr/bin/env node
/*
`npm run bench`: the benchmarks of issue 6, in one run, on data from the project's own generator.

	npm run bench [-- --size 1GB] [--runs 3] [--soak 0.5] [--idle 20] [--live-size 5GB] [--keep] [--no-app]

	--size S        the file `query` reads (default 1GB; 100MB for a quick run)
	--live-size S   the big file of the live refresh test (default 5 x --size, less if the disk is short)
	--runs N        rounds of the interleaved query timings (default 3)
	--soak M        minutes of the soak (real generator + real dashboard at 20 000 lines/s; default 0.5)
	--idle S        seconds of idle CPU measurement (default 20, 60 with --soak >= 1)
	--rate R        lines a second of log time in the test files (default 300: a 1 GB file is about a day)
	--dir D         where the data goes (default bench/data/, git-ignored); removed afterwards unless --keep
	--generations N generations of 500 000 lines with new hosts in the churn test (default 20)
	--key-rounds N  rounds of the key test (default 6)
	--no-app        skip what needs the Ink app in tmux (idle of the app, keys during a refresh)
	--no-write      print only, leave bench/RESULTS.md alone
	--query-only    sections 1, 2 and 2b and their targets only, printed (RESULTS.md is left alone): to measure query again at a quieter moment
	--no-duckdb     leave DuckDB out (it is installed into bench/data/duckdb/ on first use)
	--formats-size S the file of each format in section 8 (default 200MB); --no-formats skips it (node bench/formats.js runs it alone)

It runs the built program (dist/, `npm run bench` builds first): `node dist/cli.js ...` as a user would, and dist/source/io/live-reader.js in a child process for the live reader's own timings. Results go to stdout and bench/RESULTS.md.
*/
import {mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {generate, bytesPerLine, busyHost, epoch} from './lib/data.js';
import {writeProbe} from './lib/proc.js';
import {ensureDuckdb} from './lib/duckdb.js';
import {benchQuery, queryPeak} from './lib/query-bench.js';
import {runLiveChild, soak} from './lib/live-bench.js';
import {idleApp, idlePlain, keysDuringRefresh, Tmux} from './lib/app-bench.js';
import {benchClickHouse, clickhouseInstalled, clickhouseMarkdown} from './lib/clickhouse-bench.js';
import {benchFormats, formatsSection} from './lib/formats-bench.js';
import {fmt, formatBytes, machine, markdownTable, median, parseArgs, parseSize, spread, textTable} from './lib/util.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = parseArgs(process.argv.slice(2));
const size = parseSize(args.size ?? '1GB');
const runs = Number(args.runs ?? 3);
const queryOnly = Boolean(args['query-only']);
const soakMinutes = Number(args.soak ?? 0.5);
const idleSeconds = Number(args.idle ?? (soakMinutes >= 1 ? 60 : 20));
const rate = Number(args.rate ?? 300);
const hostCount = 2000;
const tolerance = 300_000;
const cli = join(root, 'dist', 'cli.js');
const dist = join(root, 'dist');
const tmp = resolve(args.dir ?? join(here, 'data', `run-${process.pid}`));
const startedAt = Date.now();
const log = text => console.log(text);

mkdirSync(tmp, {recursive: true});
const box = machine(tmp);
log(`machine: ${box.text}`);
const cleanup = () => {
	if (!args.keep) {
		rmSync(tmp, {recursive: true, force: true});
	}
};

let tmuxServer;
let formatsPart;
process.on('SIGINT', () => {
	tmuxServer?.stop();
	cleanup();
	process.exit(130);
});

// `--only clickhouse`: the ClickHouse part alone, its section of RESULTS.md replaced.
if (args.only === 'clickhouse') {
	if (!clickhouseInstalled()) {
		log('not run: clickhouse-server is not installed (apt-get install clickhouse-server)');
		process.exit(1);
	}

	try {
		const settings = {rate: Number(args['ch-rate'] ?? 10_000), hostCount: 2000};
		const result = await benchClickHouse({cli, dist, tmp, ...settings, rounds: Number(args['ch-rounds'] ?? 15), log});
		const section = clickhouseMarkdown(result, settings);
		log(`\n${section}`);
		if (!args['no-write']) {
			const file = join(here, 'RESULTS.md');
			const old = readFileSync(file, 'utf8');
			const start = old.indexOf('### ClickHouse: ship and refresh under ingest');
			writeFileSync(file, start < 0 ? `${old.trimEnd()}\n\n${section}` : old.slice(0, start) + section);
			log('written to bench/RESULTS.md');
		}
	} finally {
		cleanup();
	}

	process.exit(0);
}

const targets = [];
const target = (text, met, detail = '') => {
	targets.push({text, met, detail});
};

const md = [];
const section = (title, body) => {
	log(`\n${title}\n${body.text ?? body}`);
	md.push(`### ${title}\n\n${body.md ?? body}\n`);
};

const tables = rows => ({text: textTable(rows), md: markdownTable(rows)});
const ms = value => fmt(value, value < 10 ? 1 : 0);

try {
	const probe = writeProbe(tmp);
	const settings = {rate, hostCount};
	const perLine = bytesPerLine(cli, tmp, settings);
	const free = () => {
		const stats = statfsSync(tmp);
		return stats.bavail * stats.bsize;
	};

	// 1, 2: query.
	log(`\nwriting the query log (${formatBytes(size)}, ${rate} lines/s of log time, ${hostCount} hosts, seed 7) ...`);
	let t = Date.now();
	const queryLog = generate(cli, join(tmp, 'query.log'), {...settings, lines: Math.round(size / perLine)});
	log(`  ${formatBytes(queryLog.bytes)}, ${fmt(queryLog.lines / 1e6, 2)} M lines, ${fmt((queryLog.last - queryLog.first) / 3_600_000, 1)} h of log, in ${fmt((Date.now() - t) / 1000, 1)} s`);
	const host = busyHost(queryLog.path);
	log(`host asked about: ${host} (the busiest source of the first MB)`);
	const duckdb = args['no-duckdb'] ? undefined : ensureDuckdb(join(here, 'data', 'duckdb'), log);
	const q = benchQuery({cli, probe, tmp, log: queryLog, host, runs, say: log, duckdb});
	section(`1. Whole file: ${formatBytes(queryLog.bytes)}, ${fmt(queryLog.lines / 1e6, 2)} M lines, host ${host}; ${runs} rounds, interleaved, page cache warm`, tables(q.table));
	md.push(`Load average (1 min) at the start of each round: ${q.loads.map(load => fmt(load, 2)).join(', ')}. On 2 cores, \`query\` (both cores) suffers from other work on the machine more than mawk (one core).\n`);
	const disagree = q.agree.filter(entry => !entry.same).map(entry => entry.name);
	const compared = q.agree.filter(entry => entry.name !== 'dashboard query, whole file').map(entry => entry.name.split(',')[0].split(' (')[0]).join(', ');
	log(disagree.length === 0 ? `answers: ${compared} and query agree` : `answers DIFFER from query's: ${disagree.join(', ')}`);
	md.push(disagree.length === 0 ? `The three answers of ${compared} and \`query\` were checked equal (first round).\n` : `**Answers differ from query's: ${disagree.join(', ')}**\n`);
	const narrowBeyond = q.narrow - q.startup;
	section('2. One minute in the middle of the file', `dashboard query, 1 min window: ${ms(q.narrow * 1000)} ms wall (${spread(q.narrowTimes, 0, 1000)} ms), of which start-up of node and the program ${ms(q.startup * 1000)} ms (query on an empty file), so ${ms(narrowBeyond * 1000)} ms for the window; read ${formatBytes(q.narrowRead)} beyond start-up (rchar of /proc/self/io at exit, an --import probe) = ${fmt((100 * q.narrowRead) / queryLog.bytes, 2)}% of the file. The bytes read depend on the rate, not the file: the window widened by the tolerance on both sides (1 min + 2 x 5 min) at ${rate} lines/s is about ${formatBytes(11 * 60 * rate * perLine)}, plus the binary search's probes. Node itself starts in ${ms(q.node * 1000)} ms (\`node -e 0\`) and \`query\` on an empty file in ${ms(q.bareStartup * 1000)} ms without the probe, so the program's own start-up (loading its modules) is ${ms((q.bareStartup - q.node) * 1000)} ms.`);

	// Targets of issue 6 (query) and issue 11.
	const vsMawk = q.mawk / q.full;
	const vsNaive = q.naive / q.full;
	target('full-scan query >= 2x mawk (aim 3x)', vsMawk >= 2, `${fmt(vsMawk, 2)}x${vsMawk >= 3 ? ', 3x reached' : ''}`);
	target('full-scan query >= 5x the naive Node reader', vsNaive >= 5, `${fmt(vsNaive, 2)}x`);
	target(`narrow window on ${formatBytes(queryLog.bytes)}: under 100 ms (the window's work: beyond the same command's start-up on an empty file)`, narrowBeyond < 0.1, `${ms(narrowBeyond * 1000)} ms; the whole command takes ${ms(q.narrow * 1000)} ms wall, of which ${ms(q.startup * 1000)} ms is start-up (${ms(q.node * 1000)} ms of it Node's own)`);
	target('narrow window: under 1% of the file read', q.narrowRead < queryLog.bytes / 100, `${fmt((100 * q.narrowRead) / queryLog.bytes, 2)}% (${formatBytes(q.narrowRead)})`);
	const gigabytesPerSecond = queryLog.bytes / 1e9 / q.full;
	target(`whole-file query >= 1 GB/s on ${box.cores} cores`, gigabytesPerSecond >= 1, `${fmt(gigabytesPerSecond, 2)} GB/s (${fmt(q.full, 3)} s for ${formatBytes(queryLog.bytes)})`);
	target('whole-file query >= 5x mawk (aim 10x)', vsMawk >= 5, `${fmt(vsMawk, 2)}x${vsMawk >= 10 ? ', 10x reached' : ''}`);
	if (q.duckdb === undefined) {
		target('whole-file query >= 3x DuckDB, same three answers', false, 'DuckDB could not be installed: not measured');
	} else {
		const vsDuckdb = q.duckdb / q.full;
		target('whole-file query >= 3x DuckDB, same three answers', vsDuckdb >= 3, `${fmt(vsDuckdb, 2)}x (DuckDB ${fmt(q.duckdb, 2)} s)`);
	}

	const startupBeyondNode = q.bareStartup - q.node;
	target('start-up: query on an empty file within 40 ms of `node -e 0`', startupBeyondNode <= 0.04, `${ms(startupBeyondNode * 1000)} ms beyond (${ms(q.bareStartup * 1000)} ms against ${ms(q.node * 1000)} ms)`);
	const records = runLiveChild(join(here, 'lib'), {mode: 'records', dist, file: queryLog.path});
	section('2b. The kernel\'s records mode (what a live start-up parses with)', `One thread, the whole ${formatBytes(queryLog.bytes)} file read in 2 MB chunks into the kernel's memory, turned into ${fmt(records.lines / 1e6, 2)} M records of (timestamp, source id, destination id) in batches of ${records.capacity}: ${fmt(records.seconds, 2)} s, ${fmt(queryLog.bytes / 1e6 / records.seconds, 0)} MB/s, ${fmt(records.lines / 1e6 / records.seconds, 1)} M lines/s; ${records.recordBytes} bytes a record while a batch is held (${formatBytes(records.capacity * records.recordBytes)} a batch, whatever the file), ${records.hosts} hosts in the kernel's table; peak RSS of that process ${formatBytes(records.hwmKiB * 1024)}. Through \`readRecords\`, parsed in a worker thread and each batch taken on the main thread (what a live start-up feeds its store from, on both cores): ${fmt(records.threadSeconds, 2)} s, ${fmt(records.threadLines / 1e6 / records.threadSeconds, 1)} M lines/s.`);

	if (!queryOnly) {
		// 3, 4, 5a: the live reader.
		const liveSize = Math.min(args['live-size'] ? parseSize(args['live-size']) : 5 * size, Math.max(size, free() - (2 * size) - 4e9));
		const bigLines = Math.round(liveSize / perLine);
		const smallLines = Math.round(5e6 / perLine);
		const period = 10_000;
		const chunkLines = Math.round((rate * period) / 1000);
		const end = epoch + Math.floor(((bigLines - 1) * 1000) / rate);
		const span = end - epoch;
		const windows = [10_000, 60_000, 600_000, 3_600_000].filter(width => width + tolerance < span);
		const refreshes = 20;
		const eldLines = 300_000;
		const eldRounds = 3;
		const keyRounds = Number(args['key-rounds'] ?? 6);
		const keyLines = 300_000;
		log(`\nwriting the live logs: ${formatBytes(liveSize)} and 5 MB ending at the same time, and what is appended ...`);
		t = Date.now();
		const big = size === liveSize ? queryLog : generate(cli, join(tmp, 'live-big.log'), {...settings, lines: bigLines});
		const small = generate(cli, join(tmp, 'live-small.log'), {...settings, lines: smallLines, start: end - Math.floor(((smallLines - 1) * 1000) / rate)});
		const continuation = generate(cli, join(tmp, 'continuation.log'), {...settings, start: end + Math.ceil(1000 / rate), lines: (refreshes * (1 + windows.length) * chunkLines) + (eldRounds * eldLines) + (keyRounds * keyLines) + 1000});
		log(`  in ${fmt((Date.now() - t) / 1000, 1)} s`);
		const live = runLiveChild(join(here, 'lib'), {mode: 'refresh', dist, small: small.path, big: big.path, continuation: continuation.path, rate, period, window: 60_000, tolerance, refreshes, windows, host, eldLines, eldRounds, switches: 10});
		const sizeRows = [['file', 'start-up ms', 'lines read at start', 'refresh median ms', 'min–max ms', 'lines a refresh']];
		for (const entry of live.sizes) {
			const bytes = entry.path === big.path ? big.bytes : small.bytes;
			sizeRows.push([formatBytes(bytes), ms(entry.startup), String(entry.startupLines), ms(entry.refresh.median), `${ms(entry.refresh.min)}–${ms(entry.refresh.max)}`, String(entry.perRefreshLines)]);
		}

		const [smallRefresh, bigRefresh] = live.sizes.map(entry => entry.refresh.median);
		section(`3a. Live refresh against file size: window 1m, a refresh every 10 s of log time (${chunkLines} lines appended), ${refreshes} refreshes each, interleaved; a refresh = update() + report() + hosts(), as the app does`, tables(sizeRows));
		const windowRows = [['window', 'lines in window', 'start-up ms', 'refresh median ms', 'min–max ms']];
		for (const entry of live.windows) {
			windowRows.push([`${entry.window / 1000} s`, String(entry.windowLines), ms(entry.startup), ms(entry.refresh.median), `${ms(entry.refresh.min)}–${ms(entry.refresh.max)}`]);
		}

		section(`3b. Refresh time against the window, on the ${formatBytes(big.bytes)} file, ${chunkLines} lines appended a refresh`, tables(windowRows));
		// The whole query log in one live window: the live start-up of issue 11, against query over the same lines.
		const whole = runLiveChild(join(here, 'lib'), {mode: 'peak', dist, file: queryLog.path, window: queryLog.last - queryLog.first + tolerance, tolerance, host});
		// An hour at 10 000 lines a second, the window of issue 11's memory target.
		log('\nwriting an hour at 10 000 lines/s (36 M lines) ...');
		const hourLog = generate(cli, join(tmp, 'hour.log'), {rate: 10_000, hostCount, lines: 36_000_000});
		const hour = runLiveChild(join(here, 'lib'), {mode: 'peak', dist, file: hourLog.path, window: 3_600_000, tolerance, host: busyHost(hourLog.path)});
		const widened = runLiveChild(join(here, 'lib'), {mode: 'widen', dist, file: hourLog.path, window: 3_600_000, tolerance, host: busyHost(hourLog.path)});
		rmSync(hourLog.path);
		section(`3c. Live start-up over a long window (parsed by the scanner kernel in worker threads, a part of the file each; stored on the main thread)`, `The whole ${formatBytes(queryLog.bytes)} file in one window, ${whole.windowLines} lines: first report in ${ms(whole.startup)} ms, ${fmt(whole.startup / 1000 / q.full, 1)}x query over the same file; the window holds ${fmt(whole.heldBytes / whole.windowLines, 1)} bytes a line (typed arrays after a collection); peak RSS ${formatBytes(whole.hwmKiB * 1024)}. An hour at 10 000 lines/s (${formatBytes(hourLog.bytes)}, ${hour.windowLines} lines in the 1 h window): first report in ${ms(hour.startup)} ms, ${fmt(hour.heldBytes / hour.windowLines, 1)} bytes a line, peak RSS ${formatBytes(hour.hwmKiB * 1024)}, RSS after it ${formatBytes(hour.rssKiB * 1024)}. On that file, \`+\` from a 15 min window to the hour (the older ${fmt((widened.windowLines * 0.75) / 1e6, 0)} M lines read again, into a store that holds the newer ones): the report for the hour in ${ms(widened.widen)} ms.`);
		target('live start-up over the whole file at most 1.5x query (issue 11)', whole.startup / 1000 <= 1.5 * q.full, `${fmt(whole.startup / 1000 / q.full, 1)}x (${fmt(whole.startup / 1000, 1)} s against ${fmt(q.full, 2)} s)`);
		target('the live window holds at most 8 bytes a line (issue 11)', whole.heldBytes / whole.windowLines <= 8 && hour.heldBytes / hour.windowLines <= 8, `${fmt(whole.heldBytes / whole.windowLines, 1)} bytes a line on the whole file, ${fmt(hour.heldBytes / hour.windowLines, 1)} on the hour`);
		target('a 1 h window at 10 000 lines/s held within 350 MB RSS (issue 11; RSS once the first report is out)', hour.rssKiB * 1024 <= 350e6, `${formatBytes(hour.rssKiB * 1024)} holding the window; the peak while reading it, with the scanner's thread and its tables still there, ${formatBytes(hour.hwmKiB * 1024)}`);
		const switched = live.windows.at(-1).switch;
		section('4. Host switch', `A refresh for another host (update with nothing new, report, hosts: what the app runs on a host key), on a ${live.windows.at(-1).window / 60_000} min window of ${switched.windowLines} lines, ${switched.hosts} hosts taken in order of activity: median ${ms(switched.median)} ms, ${ms(switched.min)}–${ms(switched.max)} ms. Ink's render of the new panes comes on top: see the key test in 7 for the whole way from the key to the screen.`);

		log('\nwriting the log with a million distinct hosts (5 M lines, --host-count 4000000) ...');
		t = Date.now();
		const hostsLog = generate(cli, join(tmp, 'million-hosts.log'), {rate: 1000, hostCount: 4_000_000, lines: 5_000_000});
		log(`  ${formatBytes(hostsLog.bytes)} in ${fmt((Date.now() - t) / 1000, 1)} s`);
		const hostsHost = busyHost(hostsLog.path);
		const qPeak = queryPeak({cli, probe, log: hostsLog, host: hostsHost});
		const livePeak = runLiveChild(join(here, 'lib'), {mode: 'peak', dist, file: hostsLog.path, window: 7_200_000, tolerance, host: hostsHost});
		rmSync(hostsLog.path);

		// 5c: hosts that come and go, in the reader.
		const churnGenerations = Number(args.generations ?? 20);
		log(`\nchurn: ${churnGenerations} generations of 500 000 lines, each with its own 5000 hosts ...`);
		const generationFiles = [];
		for (let g = 0; g < churnGenerations; g++) {
			generationFiles.push(generate(cli, join(tmp, `generation-${g}.log`), {rate: 1000, hostCount: 5000, lines: 500_000, seed: 100 + g, start: epoch + (g * 500_000)}).path);
		}

		const churn = runLiveChild(join(here, 'lib'), {mode: 'churn', dist, file: join(tmp, 'churn.log'), generations: generationFiles, window: 60_000, tolerance, batch: 20_000});
		for (const path of generationFiles) {
			rmSync(path, {force: true});
		}

		// 6, 7: the running program.
		const app = args['no-app'] ? undefined : (Tmux.available() ? new Tmux() : undefined);
		tmuxServer = app;
		if (!app && !args['no-app']) {
			log('tmux is missing: the Ink app\'s idle CPU and the key test are skipped');
		}

		let idleAppResult;
		let idlePanesResult;
		let idleBetweenResult;
		let keys;
		log(`\nidle CPU over ${idleSeconds} s ...`);
		const plain = await idlePlain({cli, file: small.path, seconds: idleSeconds});
		if (app) {
			try {
				idleAppResult = await idleApp({tmux: app, cli, file: small.path, seconds: idleSeconds});
				idlePanesResult = await idleApp({tmux: app, cli, file: small.path, seconds: idleSeconds, panes: true});
				idleBetweenResult = await idleApp({tmux: app, cli, file: small.path, seconds: idleSeconds, every: '1h', panes: true});
				let position = live.position;
				const bytes = readFileSync(continuation.path);
				const chunk = () => {
					let stop = position;
					for (let i = 0; i < keyLines; i++) {
						stop = bytes.indexOf(0x0A, stop) + 1;
					}

					const piece = bytes.subarray(position, stop);
					position = stop;
					return piece;
				};

				log('keys during refreshes (the Ink app in tmux) ...');
				keys = await keysDuringRefresh({tmux: app, cli, file: big.path, chunk, rounds: keyRounds, delay: 30, say: log, streamPath: join(tmp, 'pane-output')});
			} finally {
				app.stop();
			}
		}

		// 5b: soak.
		log(`\nsoak: ${soakMinutes} min at 20 000 lines/s ...`);
		const soaked = await soak({cli, tmp, minutes: soakMinutes, rate: 20_000, hostCount: 100_000, say: log});

		const memoryRows = [['', 'peak RSS', 'notes']];
		memoryRows.push([`query, whole ${formatBytes(hostsLog.bytes)} log with ${livePeak.hosts} distinct hosts (5 M lines)`, formatBytes(qPeak.hwm), `${fmt(qPeak.seconds, 2)} s`]);
		memoryRows.push(['live reader holding all of that log in its window', formatBytes(livePeak.hwmKiB * 1024), `start-up ${ms(livePeak.startup)} ms for ${livePeak.windowLines} lines; a host switch ${ms(livePeak.switch)} ms`]);
		memoryRows.push([`query, whole ${formatBytes(queryLog.bytes)} file (${hostCount} hosts)`, formatBytes(q.fullHwm), '']);
		memoryRows.push([`soak: real dashboard --dir, --window 10s --every 1s, ${soaked.rate} lines/s from the real generator, ${soakMinutes} min`, formatBytes(soaked.peak), `RSS ${formatBytes(soaked.second)} in the 2nd quarter, ${formatBytes(soaked.last)} in the last (${soaked.growth >= 0 ? '+' : ''}${fmt(soaked.growth * 100, 1)}%); CPU ${fmt(soaked.cpu.dashboard * 100, 0)}% of a core (generator ${fmt(soaked.cpu.generator * 100, 0)}%)`]);
		section('5. Memory (VmHWM / VmRSS from /proc)', tables(memoryRows));
		const churnRows = [['after', 'lines', 'hosts in window', 'RSS', 'JS heap after GC', 'array buffers']];
		for (const sample of churn.samples) {
			churnRows.push([`generation ${sample.generation}`, String(sample.lines), String(sample.hostsInWindow), formatBytes(sample.rss), formatBytes(sample.heap), formatBytes(sample.buffers)]);
		}

		section(`5c. Hosts that come and go: the live reader (window 1 min, 1000 lines/s), fed ${churnGenerations} generations of 500 000 lines from the generator, each with its own seed and 5000 hosts, in batches of 20 000 lines (a refresh after each), the file rotated every million lines`, tables(churnRows));
		// Kept memory: the JS heap after a full GC plus array buffers (the window's typed arrays). Flat: the last generation no more than 10% above the largest of the first half.
		const kept = sample => sample.heap + sample.buffers;
		const firstHalf = churn.samples.slice(0, Math.max(1, Math.floor(churn.samples.length / 2)));
		const churnBase = firstHalf.reduce((a, b) => (kept(b) > kept(a) ? b : a));
		const churnLast = churn.samples.at(-1);
		const churnGrowth = kept(churnLast) / kept(churnBase) - 1;
		md.push(`Soak RSS samples (MiB, one a second): ${soaked.samples.map(sample => Math.round(sample.rss / 2 ** 20)).join(' ')}\n`);

		const idleRows = [['', 'CPU over the period', 'share of a core']];
		idleRows.push([`dashboard --file (5 MB, static) --every 5s --plain, ${fmt(plain.elapsed, 0)} s`, `${fmt(plain.cpuSeconds, 2)} s`, `${fmt(plain.share * 100, 2)}%`]);
		if (idleAppResult) {
			idleRows.push([`the Ink app at 120x40, same file, --every 5s, in tmux, ${fmt(idleAppResult.elapsed, 0)} s`, `${fmt(idleAppResult.cpuSeconds, 2)} s`, `${fmt(idleAppResult.share * 100, 2)}%`]);
		}

		if (idlePanesResult) {
			idleRows.push([`the same with the three panes full (--clock log --window 1h), ${fmt(idlePanesResult.elapsed, 0)} s`, `${fmt(idlePanesResult.cpuSeconds, 2)} s`, `${fmt(idlePanesResult.share * 100, 2)}%`]);
		}

		if (idleBetweenResult) {
			idleRows.push([`the panes full, between two refreshes (--every 1h), ${fmt(idleBetweenResult.elapsed, 0)} s`, `${fmt(idleBetweenResult.cpuSeconds, 2)} s`, `${fmt(idleBetweenResult.share * 100, 2)}%`]);
		}

		section('6. Idle (utime + stime from /proc/PID/stat, 10 ms ticks)', tables(idleRows));

		const eldRows = [['append read by one refresh', 'refresh ms', 'longest event-loop block ms', 'p99 delay ms']];
		for (const entry of live.eld) {
			eldRows.push([`${entry.lines} lines (window holds ${entry.windowLines})`, ms(entry.refresh), ms(entry.longestGap), ms(entry.p99)]);
		}

		let keyText = '';
		if (keys) {
			const busy = keys.busy.filter(entry => entry.during);
			keyText = `The Ink app in tmux (--clock log --window 1h, ${formatBytes(big.bytes)} file): ${keys.busy.length} rounds of appending ${keyLines} lines, \`r\`, and \`?\` ${keys.delay} ms later; time until the app has written the help to the terminal (its output copied by tmux pipe-pane into a file read every ~2 ms): median ${ms(median(keys.busy.map(entry => entry.latency)))} ms, max ${ms(Math.max(...keys.busy.map(entry => entry.latency)))} ms; ${busy.length} of them met a refresh still running (refreshes took ${keys.busy.map(entry => ms(entry.refresh)).join(', ')} ms). Idle baseline: median ${ms(median(keys.idle))} ms, max ${ms(Math.max(...keys.idle))} ms. Host switch from the key (\`]\`, next host by activity, on the 1 h window of about ${fmt((3600 * rate) / 1e6, 2)} M lines) until the header names the new host (capture-pane polled every ~5 ms): median ${ms(median(keys.switches))} ms, max ${ms(Math.max(...keys.switches))} ms.\n\n`;
		}

		section('7. Keys during a refresh', {text: `${keyText}Event loop inside the live reader during a big append (perf_hooks + a 1 ms timer):\n${textTable(eldRows)}`, md: `${keyText}The event loop inside the live reader during a big append (a 1 ms timer's longest gap and perf_hooks.monitorEventLoopDelay): the longest a key event waits in the reader, before Ink's own render.\n\n${markdownTable(eldRows)}`});

		target(`refresh on the ${formatBytes(big.bytes)} file within 1.5x of the 5 MB file`, bigRefresh <= 1.5 * smallRefresh, `${ms(bigRefresh)} ms vs ${ms(smallRefresh)} ms: ${fmt(bigRefresh / smallRefresh, 2)}x`);
		target('peak RSS of query with a million hosts under 300 MB', qPeak.hwm < 300e6, formatBytes(qPeak.hwm));
		target('RSS flat over the soak (last quarter within 10% of the second)', Math.abs(soaked.growth) < 0.1, `${soaked.growth >= 0 ? '+' : ''}${fmt(soaked.growth * 100, 1)}% over ${soakMinutes} min${soakMinutes < 5 ? ' (a short soak: indicative only; --soak 10 or more to be sure)' : ''}`);
		target('reader memory flat while hosts come and go (JS heap after GC + array buffers: the last generation at most 10% above the largest of the first half)', churnGrowth < 0.1, `${churnGrowth >= 0 ? '+' : ''}${fmt(churnGrowth * 100, 1)}% (${formatBytes(kept(churnBase))} to ${formatBytes(kept(churnLast))}; RSS ${formatBytes(churnBase.rss)} to ${formatBytes(churnLast.rss)}) over ${fmt(churnLast.lines / 1e6, 0)} M lines`);
		const worstBlock = Math.max(...live.eld.map(entry => entry.longestGap));
		if (keys) {
			const worstKey = Math.max(...keys.busy.map(entry => entry.latency));
			target('keys answered within 100 ms during a refresh (the app in tmux)', worstKey < 100, `max ${ms(worstKey)} ms, median ${ms(median(keys.busy.map(entry => entry.latency)))} ms`);
		}

		target('keys: the reader never blocks the event loop 100 ms during a big append', worstBlock < 100, `longest block ${ms(worstBlock)} ms`);
		target('idle CPU near zero (under 1% of a core, --every 5s)', Math.max(plain.share, idleAppResult?.share ?? 0) < 0.01, `${fmt(plain.share * 100, 2)}% plain${idleAppResult ? `, ${fmt(idleAppResult.share * 100, 2)}% the Ink app` : ''}${idlePanesResult ? `, ${fmt(idlePanesResult.share * 100, 2)}% with its three panes full (a refresh and a redraw of 120x40 every 5 s)` : ''}`);
		if (idleBetweenResult) {
			target('the app between refreshes under 0.5% of a core at 120x40 (issue 10)', idleBetweenResult.share < 0.005, `${fmt(idleBetweenResult.share * 100, 2)}%`);
		}

		// 8: the readers of the other formats.
		if (!args['no-formats']) {
			const formatsSize = parseSize(args['formats-size'] ?? '200MB');
			log(`\nother formats: a file of each (${formatBytes(formatsSize)}) ...`);
			const formats = await benchFormats({cli, dist, tmp, size: formatsSize, runs, say: log});
			log(`\n8. Other formats\n${textTable(formats.scanRows)}\n\n${textTable(formats.answerRows)}\n\n${textTable(formats.queryRows)}\n${formats.targets.map(entry => `  [${entry.met ? 'met' : 'NOT MET'}] ${entry.text}: ${entry.detail}`).join('\n')}`);
			formatsPart = formatsSection(formats, {markdownTable, heading: '###', when: 'in this run'});
		}

	}

	if (clickhouseInstalled()) {
		const settings = {rate: 10_000, hostCount};
		md.push(clickhouseMarkdown(await benchClickHouse({cli, dist, tmp, ...settings, log}), settings));
	} else {
		md.push('### ClickHouse: ship and refresh under ingest\n\nnot run: clickhouse-server is not installed (apt-get install clickhouse-server)\n');
	}

	const targetText = targets.map(entry => `  [${entry.met ? 'met' : 'NOT MET'}] ${entry.text}: ${entry.detail}`).join('\n');
	log(`\ntargets (issues 6 and 11):\n${targetText}`);
	const minutes = (Date.now() - startedAt) / 60_000;
	log(`\ndone in ${fmt(minutes, 1)} min`);
	if (!args['no-write'] && !queryOnly) {
		const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
		const text = `# Benchmark results

Written by \`${command}\` (bench/run.js) on ${new Date(startedAt).toISOString().slice(0, 16)}Z in ${fmt(minutes, 1)} min. Do not edit by hand: run it again.

**Machine:** ${box.text}.

All data comes from \`dashboard generate --fast --seed 7 --rate ${rate} --host-count ${hostCount}\` (${fmt(perLine, 1)} bytes a line). Times are wall-clock around the whole process (\`process.hrtime\`), medians with min–max; contenders run interleaved, round by round. Other work on the machine shows in the load average above.

## Targets (issues 6 and 11; idle: issue 10)

${targets.map(entry => `- ${entry.met ? '**met**' : '**NOT MET**'}: ${entry.text}: ${entry.detail}`).join('\n')}

## Results

${md.join('\n')}${formatsPart ? `\n${formatsPart}\n` : ''}`;
		writeFileSync(join(here, 'RESULTS.md'), text);
		log('written to bench/RESULTS.md');
	}
} finally {
	cleanup();
}
