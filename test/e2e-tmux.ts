import {appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {waitFor} from './helpers/frames.js';
import {hasTmux, TmuxShell} from './helpers/tmux.js';

/*
The built program in a real terminal (tmux): a test writer keeps appending to a log file, the test reads the screen with capture-pane and checks it against counts it makes itself, sends keys as a person would, and checks that q gives the shell back. Build first (`npm test` does): this runs dist/cli.js.
*/

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const e2e = test.serial;

// Missing tools fail the run rather than skip it: a skipped test checks nothing. .ci/run installs tmux.
test.before(() => {
	if (!hasTmux) {
		throw new Error('tmux is needed for the terminal tests (apt-get install tmux)');
	}

	if (!existsSync(cli)) {
		throw new Error('dist/cli.js is missing: build first (npm test does)');
	}
});

type Line = readonly [number, string, string];

const sources = ['Hannibal', 'Hannibal', 'Hannibal', 'Steeve', 'Steeve', 'Hanny', 'Mustafa'];
const destinations = ['Steeve', 'Hanny', 'Samatchi', 'Hannibal', 'Mustafa'];

/** Appends lines stamped with the current time to a file, remembering each one. */
class Writer {
	readonly lines: Line[] = [];
	private timer: NodeJS.Timeout | undefined;
	private index = 0;
	readonly file: string;

	constructor(file: string) {
		this.file = file;
		writeFileSync(file, '');
	}

	write(count: number): void {
		let text = '';
		for (let i = 0; i < count; i++) {
			const line: Line = [Date.now(), sources[this.index % sources.length]!, destinations[this.index % destinations.length]!];
			this.index++;
			this.lines.push(line);
			text += `${line.join(' ')}\n`;
		}

		appendFileSync(this.file, text);
	}

	start(): void {
		this.timer ??= setInterval(() => {
			this.write(3);
		}, 50);
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}
}

type Ranked = Array<[string, number]>;

function rank(counts: Map<string, number>): Ranked {
	return [...counts].sort(([a, x], [b, y]) => y - x || Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** The three answers and the activity order, counted here over every line written. */
function expected(lines: readonly Line[], host: string) {
	const connectedTo = new Map<string, number>();
	const receivedFrom = new Map<string, number>();
	const source = new Map<string, number>();
	const involved = new Map<string, number>();
	const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	for (const [, from, to] of lines) {
		if (to === host) {
			add(connectedTo, from);
		}

		if (from === host) {
			add(receivedFrom, to);
		}

		add(source, from);
		add(involved, from);
		if (to !== from) {
			add(involved, to);
		}
	}

	const total = (map: Map<string, number>) => [...map.values()].reduce((sum, value) => sum + value, 0);
	return {
		connectedTo: rank(connectedTo),
		receivedFrom: rank(receivedFrom),
		top: rank(source),
		involved: rank(involved),
		connectedSummary: `${total(connectedTo)} connections from ${connectedTo.size} hosts`,
		receivedSummary: `${total(receivedFrom)} connections to ${receivedFrom.size} hosts`,
		activity: rank(involved).map(([name]) => name),
	};
}

/** The rows of pane `index` (0, 1, 2) of the side-by-side layout, as [host, count]. */
function paneRows(screen: string, index: number): Ranked {
	const rows: Ranked = [];
	for (const line of screen.split('\n')) {
		const cell = line.split('│')[(index * 2) + 1]?.trim() ?? '';
		const match = /^(?:\* +)?(\d+) {2}(\S+)$/.exec(cell);
		if (match) {
			rows.push([match[2]!, Number(match[1])]);
		}
	}

	return rows;
}

const sessions: TmuxShell[] = [];
const directories: string[] = [];

test.afterEach.always(() => {
	for (const shell of sessions.splice(0)) {
		shell.kill();
	}

	for (const directory of directories.splice(0)) {
		rmSync(directory, {recursive: true, force: true});
	}
});

async function setUp(columns: number, rows: number) {
	const directory = mkdtempSync(path.join(tmpdir(), 'dashboard-e2e-'));
	directories.push(directory);
	const writer = new Writer(path.join(directory, 'app.log'));
	const shell = new TmuxShell(columns, rows, directory);
	sessions.push(shell);
	await shell.ready();
	return {writer, shell};
}

e2e('a growing file at 120x40: panes match the counts, every key works, q gives the shell back', async t => {
	const {writer, shell} = await setUp(120, 40);
	writer.write(30);
	writer.start();
	shell.run(`node ${cli} --file app.log --every 1 --window 1h --host Hannibal`);
	try {
		await shell.until(screen => screen.includes('Connected to Hannibal') && screen.includes('LIVE'), 'the dashboard');
		await waitFor(() => writer.lines.length >= 150, 'lines appended while it runs');
	} finally {
		writer.stop();
	}

	// Every line is in the window: once a refresh has read them all, the panes hold exactly these counts.
	let want = expected(writer.lines, 'Hannibal');
	let screen = await shell.until(s => s.includes(want.connectedSummary) && s.includes(want.receivedSummary), want.connectedSummary);
	t.deepEqual(paneRows(screen, 0), want.connectedTo);
	t.deepEqual(paneRows(screen, 1), want.receivedFrom);
	t.deepEqual(paneRows(screen, 2), want.top);
	t.regex(screen, new RegExp(`\\* +${want.top[0]![1]} {2}${want.top[0]![0]}`), 'the leader is marked');
	t.regex(screen, new RegExp(`${writer.lines.length} lines read`));

	shell.keys('t');
	screen = await shell.until(s => s.includes('Top hosts (involved)') && paneRows(s, 2)[0]?.[1] === want.involved[0]![1], 'top hosts by involvement');
	t.deepEqual(paneRows(screen, 2), want.involved);
	shell.keys('t');
	await shell.until(s => s.includes('Top hosts (as source)'), 'top hosts by source again');

	shell.keys('/');
	await shell.until(s => s.includes('Host:'), 'the host prompt');
	shell.literal('Stee');
	shell.keys('Tab');
	await shell.until(s => s.includes('▸ Steeve'), 'the completion');
	shell.keys('Enter');
	want = expected(writer.lines, 'Steeve');
	screen = await shell.until(s => s.includes('Connected to Steeve') && s.includes(want.connectedSummary), 'Steeve\'s panes');
	t.deepEqual(paneRows(screen, 0), want.connectedTo);
	t.deepEqual(paneRows(screen, 1), want.receivedFrom);

	const next = want.activity[(want.activity.indexOf('Steeve') + 1) % want.activity.length]!;
	shell.keys('Right');
	await shell.until(s => s.startsWith(`${next} │`) && s.includes(`Connected to ${next}`), `the next host by activity, ${next}`);
	shell.keys('Left');
	await shell.until(s => s.startsWith('Steeve │') && s.includes('Connected to Steeve'), 'back to Steeve');

	// Paused: reading goes on (the status line counts the new lines) while the panes stay; resuming shows them at once.
	shell.keys('Space');
	await shell.until(s => s.includes('PAUSED'), 'paused');
	const before = want.connectedSummary;
	writer.write(40);
	await shell.until(s => s.includes(`${writer.lines.length} lines read`), 'lines read while paused');
	t.true(shell.screen().includes(before), 'the panes keep the paused report');
	want = expected(writer.lines, 'Steeve');
	t.not(want.connectedSummary, before);
	shell.keys('Space');
	await shell.until(s => s.includes('LIVE') && s.includes(want.connectedSummary), 'the current window on resuming');

	shell.keys('+');
	await shell.until(s => s.includes('window 2h'), 'the window doubled');
	shell.keys('-', '-');
	await shell.until(s => s.includes('window 30m'), 'the window halved twice');

	shell.keys('?');
	await shell.until(s => s.includes('Keys (? or Esc closes this)'), 'the help');
	shell.keys('Escape');
	await shell.until(s => s.includes('Connected to Steeve'), 'the panes again');

	shell.keys('Tab', 'Down');
	await shell.until(s => s.includes('│ ▸ Received from Steeve'), 'focus moved');

	shell.keys('q');
	await shell.until(s => !s.includes('Connected to') && shell.atPrompt(s), 'the shell prompt back, the dashboard gone');
	const marker = `done-${Math.floor(Math.random() * 1e9)}`;
	shell.run(`echo ${marker}`);
	await shell.until(s => s.split('\n').includes(marker), 'the shell answering');
	t.pass();
});

e2e('40x12 shows something readable, and a resize re-lays out with no leftovers', async t => {
	const {writer, shell} = await setUp(120, 40);
	writer.write(60);
	shell.run(`node ${cli} --file app.log --every 1 --window 1h`);
	const want = expected(writer.lines, 'Hannibal');
	await shell.until(s => s.includes('╭') && s.includes(want.connectedSummary), 'the wide layout on the top host');
	shell.resize(40, 12);
	const screen = await shell.until(s => !s.includes('╭') && !s.includes('╰') && s.includes('▸ Connected to Hannibal'), 'the stacked layout');
	const lines = screen.split('\n');
	t.regex(lines[0]!, /^Hannibal │ LIVE │/);
	t.true(lines.filter(line => line.trim() !== '').length <= 11);
	t.regex(screen, /Received from Hannibal/);
	t.regex(screen, /Top hosts/);
	t.regex(screen, new RegExp(`${writer.lines.length} lines`));
	shell.resize(120, 40);
	await shell.until(s => s.split('\n')[0]!.startsWith('Hannibal │') && s.includes('╭') && s.includes(want.connectedSummary), 'the wide layout again');
	shell.keys('C-c');
	await shell.until(s => !s.includes('Connected to') && shell.atPrompt(s), 'Ctrl-C gives the shell back');
	t.pass();
});

e2e('a signal (TERM, HUP, INT, QUIT) leaves the terminal as q does: main screen, cursor, cooked mode', async t => {
	const {writer, shell} = await setUp(100, 30);
	writer.write(20);
	for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const) {
		shell.run(`clear; echo before-${signal}; node ${cli} --file app.log --every 1 --window 1h --host Hannibal; echo "exit=$?"`);
		// eslint-disable-next-line no-await-in-loop
		await shell.until(screen => screen.includes('Connected to Hannibal'), `the dashboard before ${signal}`);
		const pid = shell.foregroundPid();
		t.truthy(pid);
		process.kill(pid!, signal);
		// eslint-disable-next-line no-await-in-loop
		const screen = await shell.until(s => !s.includes('Connected to') && s.includes('exit=0') && shell.atPrompt(s), `the shell back after ${signal}`);
		// The main screen is back as it was: what was printed before the dashboard is still there.
		t.true(screen.includes(`before-${signal}`), signal);
	}

	// Cooked mode: a line typed is echoed and run as a command.
	shell.run('echo typed-back');
	await shell.until(s => s.split('\n').includes('typed-back'), 'the shell answering');
});
