// Sections 3 to 5 for the live side: the reader of dist/ in a child process (refresh against file size and window, host switch, the event loop during a big append, peak memory), and the real program followed over a soak.
import {spawn, spawnSync} from 'node:child_process';
import {readdirSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {memoryOf, cpuTicks, ticksPerSecond} from './proc.js';
import {median, sleep} from './util.js';

export function runLiveChild(libDir, job) {
	const result = spawnSync('node', ['--max-old-space-size=4096', '--expose-gc', join(libDir, 'live-child.js'), JSON.stringify(job)], {encoding: 'utf8', maxBuffer: 1 << 26});
	if (result.status !== 0) {
		throw new Error(`live reader child (${job.mode}) failed: ${result.stderr}`);
	}

	return JSON.parse(result.stdout);
}

/**
The real program over a long run at a high rate: `dashboard generate` (live, `rate` lines a second, a new file every 500 000 lines) and `dashboard --dir D --every 1s --window 10s --json` following it; the dashboard's VmRSS sampled from /proc every second. Finished files older than a minute are deleted as a rotation would.
*/
export async function soak({cli, tmp, minutes, rate, hostCount, say}) {
	const dir = join(tmp, 'soak');
	rmSync(dir, {recursive: true, force: true});
	const generator = spawn('node', [cli, 'generate', '--dir', dir, '--rate', String(rate), '--host-count', String(hostCount), '--lines-per-file', '500000', '--seed', '7'], {stdio: 'ignore'});
	await sleep(1000);
	const dashboard = spawn('node', [cli, '--dir', dir, '--every', '1s', '--window', '10s', '--json'], {stdio: ['ignore', 'ignore', 'ignore']});
	const samples = [];
	const started = Date.now();
	const end = started + (minutes * 60_000);
	const startTicks = {dashboard: 0, generator: 0};
	try {
		await sleep(500);
		startTicks.dashboard = cpuTicks(dashboard.pid);
		startTicks.generator = cpuTicks(generator.pid);
		while (Date.now() < end) {
			await sleep(1000);
			if (dashboard.exitCode !== null || generator.exitCode !== null) {
				throw new Error('soak: the dashboard or the generator stopped');
			}

			const {rssKiB, hwmKiB} = memoryOf(dashboard.pid);
			samples.push({seconds: (Date.now() - started) / 1000, rss: rssKiB * 1024, hwm: hwmKiB * 1024});
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				if (Date.now() - statSync(path).mtimeMs > 60_000) {
					rmSync(path, {force: true});
				}
			}

			if (samples.length % 15 === 0) {
				say(`  soak ${Math.round(samples.at(-1).seconds)} s: RSS ${(samples.at(-1).rss / 2 ** 20).toFixed(0)} MiB`);
			}
		}

		const elapsed = (Date.now() - started) / 1000 - 0.5;
		const cpu = {dashboard: (cpuTicks(dashboard.pid) - startTicks.dashboard) / ticksPerSecond / elapsed, generator: (cpuTicks(generator.pid) - startTicks.generator) / ticksPerSecond / elapsed};
		// Flat: the resident set in the last quarter against the second quarter (after the window has filled).
		const quarter = Math.max(1, Math.floor(samples.length / 4));
		const second = median(samples.slice(quarter, 2 * quarter).map(sample => sample.rss));
		const last = median(samples.slice(-quarter).map(sample => sample.rss));
		return {samples, cpu, second, last, growth: last / second - 1, peak: Math.max(...samples.map(sample => sample.hwm)), rate};
	} finally {
		dashboard.kill('SIGTERM');
		generator.kill('SIGINT');
		await Promise.all([dashboard, generator].map(child => (child.exitCode === null && child.signalCode === null ? new Promise(resolve => {
			child.once('exit', resolve);
		}) : undefined)));
		rmSync(dir, {recursive: true, force: true});
	}
}
