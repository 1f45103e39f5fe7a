// Runs inside a child process (its own heap and RSS): the live reader of dist/, driven the way the app drives it. Called by live-bench.js with one JSON argument; prints one JSON result on stdout.
import {readFileSync} from 'node:fs';
import * as fs from 'node:fs/promises';
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import {pathToFileURL} from 'node:url';

const job = JSON.parse(process.argv[2]);
const {openLiveReader} = await import(pathToFileURL(job.dist + '/source/io/live-reader.js').href);

/* Lines to append, taken in order from a file written by the generator right after the end of the test files. */
class Continuation {
	constructor(path) {
		this.bytes = readFileSync(path);
		this.position = 0;
	}

	take(lines) {
		const start = this.position;
		let end = start;
		for (let i = 0; i < lines && end < this.bytes.length; i++) {
			end = this.bytes.indexOf(0x0A, end) + 1;
			if (end === 0) {
				throw new Error('continuation file too short');
			}
		}

		this.position = end;
		return this.bytes.subarray(start, end);
	}
}

/* One refresh as the app does it: read what was appended, report on the window ending at the newest line (`--clock log`), list the hosts. */
async function refresh(reader, host, window) {
	const started = performance.now();
	await reader.update();
	const to = reader.status.newestTimestamp;
	const report = reader.report({host, from: to - window, to, topBy: 'source', limit: 1000});
	reader.hosts();
	return {ms: performance.now() - started, report};
}

const median = list => {
	const sorted = [...list].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
};

const summary = list => ({median: median(list), min: Math.min(...list), max: Math.max(...list), n: list.length});

async function refreshJob() {
	const {small, big, continuation, rate, period, window, tolerance, refreshes, windows, host, eldLines, eldRounds} = job;
	const more = new Continuation(continuation);
	const chunkLines = Math.round((rate * period) / 1000);
	const out = {};

	// 1. Same rate, window and period on a small and a big file, refreshes interleaved (small, big, big, small, ...).
	const files = [small, big].map(path => ({path, reader: openLiveReader({files: [path], window, tolerance, host}), times: []}));
	for (const file of files) {
		const {ms, report} = await refresh(file.reader, host, window);
		file.startup = ms;
		file.startupLines = file.reader.status.linesRead;
		file.windowLines = report.stats.lines;
	}

	for (let i = 0; i < refreshes; i++) {
		const chunk = more.take(chunkLines);
		const order = i % 2 ? [...files].reverse() : files;
		for (const file of order) {
			await fs.appendFile(file.path, chunk);
			const before = file.reader.status.linesRead;
			const {ms} = await refresh(file.reader, host, window);
			file.times.push(ms);
			file.perRefreshLines = file.reader.status.linesRead - before;
		}
	}

	out.sizes = files.map(file => ({path: file.path, startup: file.startup, startupLines: file.startupLines, windowLines: file.windowLines, perRefreshLines: file.perRefreshLines, refresh: summary(file.times)}));
	for (const file of files) {
		await file.reader.close();
	}

	// 2. Refresh time against the window's size, on the big file; 3. host switches on the largest window.
	out.windows = [];
	for (const width of windows) {
		const reader = openLiveReader({files: [big], window: width, tolerance, host});
		const first = await refresh(reader, host, width);
		const times = [];
		for (let i = 0; i < refreshes; i++) {
			await fs.appendFile(big, more.take(chunkLines));
			times.push((await refresh(reader, host, width)).ms);
		}

		const entry = {window: width, startup: first.ms, windowLines: first.report.stats.lines, hosts: first.report.totals?.top?.hosts, refresh: summary(times)};
		if (width === windows.at(-1)) {
			// Host switch: what the app does on a key that picks another host: a refresh for the new host (nothing new to read).
			const others = reader.hosts().slice(1, 1 + job.switches);
			const switchTimes = [];
			let lines = 0;
			for (const other of others) {
				const {ms, report} = await refresh(reader, other, width);
				switchTimes.push(ms);
				lines = report.stats.lines;
			}

			entry.switch = {...summary(switchTimes), windowLines: lines, hosts: others.length};
		}

		out.windows.push(entry);
		await reader.close();
	}

	// 4. The event loop during a big append: how long a key could wait while a refresh reads `eldLines` new lines and reports on them.
	const reader = openLiveReader({files: [small], window: 3_600_000, tolerance, host});
	await refresh(reader, host, 3_600_000);
	out.eld = [];
	for (let round = 0; round < eldRounds; round++) {
		await fs.appendFile(small, more.take(eldLines));
		const histogram = monitorEventLoopDelay({resolution: 1});
		// A timer every ms as well: the largest gap between two of them is the longest a key event could have waited.
		let last = performance.now();
		let longest = 0;
		const ticker = setInterval(() => {
			const now = performance.now();
			longest = Math.max(longest, now - last);
			last = now;
		}, 1);
		histogram.enable();
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
		const {ms, report} = await refresh(reader, host, 3_600_000);
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
		histogram.disable();
		clearInterval(ticker);
		out.eld.push({refresh: ms, lines: eldLines, windowLines: report.stats.lines, maxDelay: histogram.max / 1e6, p99: histogram.percentile(99) / 1e6, longestGap: longest});
	}

	await reader.close();
	out.position = more.position;
	return out;
}

/* Peak memory of a reader holding a whole log with a million distinct hosts in its window. */
/* `+` from 15 min to the whole window on the same file: the older lines read again, as a wider window needs. */
async function widenJob() {
	const {file, window, tolerance, host} = job;
	const narrow = 900_000;
	const reader = openLiveReader({files: [file], window: narrow, tolerance, host});
	await refresh(reader, host, narrow);
	reader.setWindow(window);
	const {ms, report} = await refresh(reader, host, window);
	await reader.close();
	return {widen: ms, windowLines: report.stats.lines};
}

async function peakJob() {
	const {file, window, tolerance, host} = job;
	const reader = openLiveReader({files: [file], window, tolerance, host});
	const {ms, report} = await refresh(reader, host, window);
	const {ms: again} = await refresh(reader, reader.hosts()[1] ?? host, window);
	// What the window holds, without what reading it left for the collector: typed arrays (the store's lines, pairs and hosts) after a full collection.
	globalThis.gc?.();
	const held = process.memoryUsage().arrayBuffers;
	const status = readFileSync('/proc/self/status', 'utf8');
	await reader.close();
	return {startup: ms, switch: again, windowLines: report.stats.lines, hosts: reader.hosts().length, heldBytes: held, hwmKiB: Number(/VmHWM:\s+(\d+)/.exec(status)[1]), rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)[1])};
}

/*
Memory over a long run with hosts that come and go: generations of lines from the generator, each with its own seed (so its own 5000 host names), appended in batches to a followed file that is rotated (renamed, a new one created) every million lines. After each batch: update, report, hosts, as a refresh does. The heap is measured after a full GC (run with --expose-gc), so what is sampled is what is kept.
*/
async function churnJob() {
	const {file, generations, window, tolerance, batch} = job;
	await fs.writeFile(file, '');
	const reader = openLiveReader({files: [file], window, tolerance});
	await reader.update();
	const samples = [];
	let lines = 0;
	let sinceRotation = 0;
	for (const [index, path] of generations.entries()) {
		const more = new Continuation(path);
		const hosts = [];
		while (more.position < more.bytes.length) {
			const chunk = more.take(batch);
			await fs.appendFile(file, chunk);
			lines += batch;
			sinceRotation += batch;
			const {report} = await refresh(reader, hosts[0] ?? '', window);
			if (hosts.length === 0) {
				hosts.push(report.top.leaders[0]?.host ?? '');
			}

			if (sinceRotation >= 1_000_000) {
				sinceRotation = 0;
				await fs.rename(file, `${file}.1`);
				await fs.writeFile(file, '');
				await reader.update();
				await fs.rm(`${file}.1`);
			}
		}

		globalThis.gc?.();
		const usage = process.memoryUsage();
		samples.push({generation: index + 1, lines, rss: usage.rss, heap: usage.heapUsed, buffers: usage.arrayBuffers, hostsInWindow: reader.hosts().length});
	}

	await reader.close();
	return {samples};
}

/* The kernel's records mode over a whole file, in one thread: what a live start-up would feed its store from. */
async function recordsJob() {
	const {LineRecords} = await import(pathToFileURL(job.dist + '/source/core/line-records.js').href);
	const {loadKernel} = await import(pathToFileURL(job.dist + '/source/io/load-kernel.js').href);
	const {openSync, readSync, closeSync} = await import('node:fs');
	const records = new LineRecords(loadKernel());
	const fd = openSync(job.file, 'r');
	const chunkSize = 2 * 1024 * 1024;
	const started = performance.now();
	let position = 0;
	let carried = 0;
	let newest = Number.NEGATIVE_INFINITY;
	let idSum = 0;
	for (;;) {
		const chunk = records.chunk(chunkSize);
		const read = readSync(fd, chunk, carried, chunkSize - carried, position);
		position += read;
		const filled = carried + read;
		let start = 0;
		do {
			const count = records.read(start, filled, read === 0);
			// Touch what a store would take, so that nothing is left unread.
			const {timestamps, sources, destinations} = records;
			for (let i = 0; i < count; i++) {
				newest = Math.max(newest, timestamps[i]);
				idSum += sources[i] + destinations[i];
			}

			start = records.position;
		} while (records.full);

		if (read === 0) {
			break;
		}

		carried = records.carry(filled);
	}

	const seconds = (performance.now() - started) / 1000;
	closeSync(fd);
	const status = readFileSync('/proc/self/status', 'utf8');

	// The same through readRecords: parsed in a worker thread, each batch taken here, as a live start-up would feed its store.
	const {readRecords} = await import(pathToFileURL(job.dist + '/source/io/read-records.js').href);
	const handle = await fs.open(job.file);
	const {size} = await handle.stat();
	const threadStarted = performance.now();
	let threadLines = 0;
	let threadIds = 0;
	await readRecords(handle, {start: 0, end: size, atFileEnd: true}, batch => {
		threadLines += batch.lines;
		for (let i = 0; i < batch.count; i++) {
			threadIds += batch.sources[i] + batch.destinations[i];
		}
	}, {threshold: 1});
	const threadSeconds = (performance.now() - threadStarted) / 1000;
	await handle.close();
	return {seconds, threadSeconds, threadLines, lines: records.lines, malformed: records.malformed, general: records.generalLines, hosts: records.hostCount, newest, idSum, threadIds, capacity: records.capacity, recordBytes: 16, hwmKiB: Number(/VmHWM:\s+(\d+)/.exec(status)[1])};
}

const jobs = {refresh: refreshJob, peak: peakJob, widen: widenJob, churn: churnJob, records: recordsJob};
const result = await jobs[job.mode]();
process.stdout.write(JSON.stringify(result) + '\n');
