// Sections 6 and 7: the real program running. Idle CPU of the plain reporter and of the Ink app (in a private tmux server), and how long a key takes to show while the app is in a refresh.
import {spawn, spawnSync} from 'node:child_process';
import {appendFileSync, closeSync, openSync, readSync, statSync, writeFileSync} from 'node:fs';
import {cpuTicks, ticksPerSecond} from './proc.js';
import {median, sleep} from './util.js';

/** CPU used by `command` (a running dashboard) over `seconds`, after `settle` seconds of start-up; in seconds of CPU per second. */
async function idleOf(pid, seconds, settle = 3) {
	await sleep(settle * 1000);
	const before = cpuTicks(pid);
	const started = Date.now();
	await sleep(seconds * 1000);
	const elapsed = (Date.now() - started) / 1000;
	return {share: (cpuTicks(pid) - before) / ticksPerSecond / elapsed, cpuSeconds: (cpuTicks(pid) - before) / ticksPerSecond, elapsed};
}

export async function idlePlain({cli, file, seconds}) {
	const child = spawn('node', [cli, '--file', file, '--every', '5s', '--plain'], {stdio: ['ignore', 'ignore', 'ignore']});
	try {
		return await idleOf(child.pid, seconds);
	} finally {
		child.kill('SIGTERM');
	}
}

/** A tmux server of our own (its own socket), so that nothing else's sessions are touched. */
export class Tmux {
	constructor() {
		this.socket = `dashboard-bench-${process.pid}`;
	}

	static available() {
		return spawnSync('tmux', ['-V']).status === 0;
	}

	run(...args) {
		const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
		if (result.status !== 0) {
			throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
		}

		return result.stdout;
	}

	start(name, command) {
		// CI unset: Ink renders nothing interactive when it believes it runs in CI.
		this.run('new-session', '-d', '-s', name, '-x', '120', '-y', '40', `exec env -u CI -u CONTINUOUS_INTEGRATION TERM=xterm-256color ${command}`);
		return Number(this.run('display-message', '-p', '-t', name, '#{pane_pid}').trim());
	}

	capture(name) {
		return this.run('capture-pane', '-p', '-t', name);
	}

	keys(name, keys) {
		this.run('send-keys', '-t', name, '-l', keys);
	}

	stop() {
		spawnSync('tmux', ['-L', this.socket, 'kill-server']);
	}
}

async function waitFor(predicate, timeout, step = 5) {
	const started = performance.now();
	while (performance.now() - started < timeout) {
		if (predicate()) {
			return performance.now() - started;
		}

		await sleep(step);
	}

	return Number.NaN;
}

/**
CPU of the Ink app at 120x40 on a file that does not grow, refreshing `every` (5 s; 1 h measures only what it costs between refreshes: the first refresh is over before the measurement starts). `panes`: with `--clock log --window 1h`, so that the three panes are full (what a person watching sees) rather than the wall clock's empty window on an old file. Nothing runs between refreshes (no countdown, no clock ticking on screen): at 5 s this is one refresh and one redraw of the whole screen every 5 s.
*/
export async function idleApp({tmux, cli, file, seconds, every = '5s', panes = false}) {
	const pid = tmux.start('idle', `node ${cli} --file ${file} --every ${every}${panes ? ' --clock log --window 1h' : ''}`);
	try {
		return await idleOf(pid, seconds);
	} finally {
		tmux.run('kill-session', '-t', 'idle');
	}
}

const helpShown = screen => screen.includes('double / halve');

/** What the app writes to its terminal, as tmux copies it (`pipe-pane`) into a file: read as it grows, with no process spawned per look. */
class PaneStream {
	constructor(path) {
		this.path = path;
		writeFileSync(path, '');
		this.fd = openSync(path, 'r');
		this.offset = 0;
	}

	/** Skip what was written so far. */
	mark() {
		this.offset = statSync(this.path).size;
	}

	/** Milliseconds until `text` shows in what the app writes after the mark (NaN after `timeout`); looks every ~2 ms. */
	async waitFor(text, timeout) {
		const started = performance.now();
		let seen = '';
		while (performance.now() - started < timeout) {
			const size = statSync(this.path).size;
			if (size > this.offset) {
				const buffer = Buffer.alloc(size - this.offset);
				readSync(this.fd, buffer, 0, buffer.length, this.offset);
				this.offset = size;
				seen = (seen + buffer.toString('utf8')).slice(-100_000);
				if (seen.includes(text)) {
					return performance.now() - started;
				}
			}

			await sleep(2);
		}

		return Number.NaN;
	}

	close() {
		closeSync(this.fd);
	}
}

/**
The Ink app on `file` with `--clock log --window 1h --every 60s` (so that the only refreshes are the ones asked for with `r`). Each round appends `chunk()` (a few hundred thousand lines), presses `r` so that a refresh reads them, and `delay` ms later presses `?`; the time until the app has written the help to the terminal is the key's latency. The app's output is copied by tmux (`pipe-pane`) into a file that this process reads as it grows: polling capture-pane every 5 ms instead spawned 200 processes a second and, on two cores, made the refreshes themselves 2 to 4 times slower. The same without the append and `r` is the idle baseline. Each round also reads the refresh's duration from the status line ("took ..."), to tell whether the key came during the refresh.
*/
export async function keysDuringRefresh({tmux, cli, file, chunk, rounds, delay, say, streamPath}) {
	tmux.start('keys', `node ${cli} --file ${file} --clock log --window 1h --every 60s`);
	const screen = () => tmux.capture('keys');
	const stream = new PaneStream(streamPath);
	tmux.run('pipe-pane', '-t', 'keys', '-o', `cat >> '${streamPath}'`);
	try {
		const ready = await waitFor(() => /took \d/.test(screen()), 120_000, 50);
		if (Number.isNaN(ready)) {
			throw new Error(`the app did not show a report: ${screen()}`);
		}

		const press = async () => {
			stream.mark();
			tmux.keys('keys', '?');
			return stream.waitFor('double / halve', 10_000);
		};

		const close = async () => {
			tmux.keys('keys', '?');
			await waitFor(() => !helpShown(screen()), 10_000, 20);
		};

		const idle = [];
		const busy = [];
		for (let round = 0; round < rounds; round++) {
			await sleep(300);
			idle.push(await press());
			await close();
			await sleep(300);
			appendFileSync(file, chunk());
			tmux.keys('keys', 'r');
			await sleep(delay);
			const latency = await press();
			await close();
			// The refresh the key met: its duration shows once it is done.
			await sleep(2500);
			const took = /took (\d+(?:\.\d+)?)(ms|s)/.exec(screen());
			const refresh = took ? Number(took[1]) * (took[2] === 's' ? 1000 : 1) : Number.NaN;
			busy.push({latency, refresh, during: refresh > delay});
			say(`  key round ${round + 1}/${rounds}: idle ${idle.at(-1).toFixed(0)} ms, during a refresh ${latency.toFixed(0)} ms (refresh took ${refresh} ms)`);
		}

		// A host switch from the key: `]` (next host by activity) until the header names another host.
		const hostOf = () => screen().split('\n')[0].split('│')[0].trim();
		const switches = [];
		for (let round = 0; round < rounds; round++) {
			await sleep(300);
			const before = hostOf();
			tmux.keys('keys', ']');
			switches.push(await waitFor(() => hostOf() !== before, 10_000));
		}

		return {idle, busy, delay, switches};
	} finally {
		stream.close();
		tmux.run('kill-session', '-t', 'keys');
	}
}

export {median};
