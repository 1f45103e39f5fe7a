// Measures the live reader (build first: `npx tsc`, then `node bench/live.js`).
//
// 1. Refresh cost against file size: a 5 MB file and a ~1 GB file (BENCH_BIG_MB) written at the same rate, the same window and refresh period. Start-up seeks, and each refresh reads what was appended in the period: both should cost the same.
// 2. Memory over a long run: many lines at a high rate with hosts that keep changing, the file rotated now and then; RSS should stay flat.
//
// Data goes to bench/data/ (git-ignored) and is removed afterwards.
import * as fs from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {openLiveReader} from '../dist/source/io/live-reader.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dataDir = path.join(root, 'bench', 'data');
const bigMegabytes = Number(process.env.BENCH_BIG_MB ?? 1024);
const rate = 1000; // Lines a second, as timestamps say.
const period = 10_000; // Refresh every 10 s of log time: one refresh reads 10 000 lines.
const tolerance = 5000;
const start = 1_600_000_000_000;
const hosts = Array.from({length: 2000}, (_, i) => `host-${i.toString(36)}.example`);

let seed = 7;
function random() {
	seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
	return seed / 2 ** 32;
}

/** Lines `from` to `to` (indexes), one per ms of log time, up to 2 s early. */
function lines(from, to, pool = hosts, shift = 0) {
	let text = '';
	for (let i = from; i < to; i++) {
		const timestamp = start + i - Math.floor(random() * 2000);
		text += `${timestamp} ${pool[(Math.floor(random() * random() * pool.length) + shift) % pool.length]} ${pool[Math.floor(random() * pool.length)]}\n`;
	}

	return text;
}

async function writeLog(file, megabytes) {
	const handle = await fs.open(file, 'w');
	let index = 0;
	let size = 0;
	while (size < megabytes * 1024 * 1024) {
		const chunk = Buffer.from(lines(index, index + 20_000));
		await handle.write(chunk);
		size += chunk.length;
		index += 20_000;
	}

	await handle.close();
	return {index, size};
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function refreshCost(file, megabytes) {
	const t0 = performance.now();
	const {index: written, size} = await writeLog(file, megabytes);
	const writeSeconds = (performance.now() - t0) / 1000;
	let index = written;
	let now = start + index;
	const reader = openLiveReader({files: [file], window: period, tolerance, now});
	let t = performance.now();
	await reader.update();
	reader.report({host: hosts[0], from: now - period, to: now, topBy: 'source'});
	const startup = performance.now() - t;
	const startupLines = reader.status.linesRead;
	const times = [];
	for (let refresh = 0; refresh < 20; refresh++) {
		await fs.appendFile(file, lines(index, index + period));
		index += period;
		now += period;
		t = performance.now();
		await reader.update();
		reader.report({host: hosts[refresh], from: now - period, to: now, topBy: 'source'});
		times.push(performance.now() - t);
	}

	await reader.close();
	await fs.rm(file);
	return {size, writeSeconds, startup, startupLines, refresh: median(times), worst: Math.max(...times)};
}

async function memoryOverTime(file, totalLines) {
	// Hosts churn: each batch draws from a pool that shifts, so hosts leave the window for good.
	const batch = 20_000;
	const window = 60_000;
	await fs.writeFile(file, '');
	const reader = openLiveReader({files: [file], window, tolerance, now: start});
	await reader.update();
	const samples = [];
	let pool = [];
	for (let index = 0; index < totalLines; index += batch) {
		const generation = Math.floor(index / batch);
		// A new pool of 5000 hosts every 200 000 lines.
		pool = Array.from({length: 5000}, (_, i) => `h${Math.floor(generation / 10)}-${i}`);
		await fs.appendFile(file, lines(index, index + batch, pool));
		await reader.update();
		const now = start + index + batch;
		reader.report({host: pool[0], from: now - window, to: now, topBy: 'involved'});
		reader.hosts();
		if ((generation + 1) % 50 === 0) {
			// Rotate: rename and create, as logrotate does; the old file is gone after the next look.
			await fs.rename(file, `${file}.1`);
			await fs.writeFile(file, '');
			await reader.update();
			await fs.rm(`${file}.1`);
		}

		if (generation % 100 === 0 || index + batch >= totalLines) {
			globalThis.gc?.();
			const usage = process.memoryUsage();
			const mb = bytes => Math.round(bytes / 1024 / 1024);
			samples.push({lines: index + batch, rssMB: mb(usage.rss), heapMB: mb(usage.heapUsed), buffersMB: mb(usage.arrayBuffers)});
		}
	}

	await reader.close();
	await fs.rm(file, {force: true});
	return samples;
}

await fs.mkdir(dataDir, {recursive: true});
const sizes = process.env.BENCH_MEMORY_ONLY ? [] : [5, bigMegabytes, 5];
if (sizes.length > 0) console.log(`Refresh cost: ${rate} lines/s of log time, window and period ${period / 1000} s, tolerance ${tolerance / 1000} s; 20 refreshes of ${period} appended lines each.`);
// The small file twice: the first run also warms up the JIT.
for (const megabytes of sizes) {
	const result = await refreshCost(path.join(dataDir, `live-${megabytes}.log`), megabytes);
	console.log(`  ${(result.size / 1024 / 1024).toFixed(0).padStart(5)} MB file (written in ${result.writeSeconds.toFixed(1)} s): start-up ${result.startup.toFixed(0)} ms reading ${result.startupLines} lines; refresh median ${result.refresh.toFixed(1)} ms, worst ${result.worst.toFixed(1)} ms`);
}

const totalLines = Number(process.env.BENCH_LINES ?? 20_000_000);
console.log(`Memory over a long run: ${totalLines} lines, one per ms of log time, window 60 s (60 000 lines), hosts churning (5000 new ones every 200 000 lines), rotation every 1 000 000 lines.`);
for (const sample of await memoryOverTime(path.join(dataDir, 'live-memory.log'), totalLines)) {
	console.log(`  after ${String(sample.lines).padStart(9)} lines: RSS ${sample.rssMB} MB, JS heap ${sample.heapMB} MB, array buffers ${sample.buffersMB} MB`);
}

await fs.rm(dataDir, {recursive: true, force: true});
