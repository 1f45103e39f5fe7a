import {execFileSync, spawnSync} from 'node:child_process';
import process from 'node:process';
import {waitFor} from './frames.js';

/** Whether tmux can be run here. */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

let sessions = 0;

/** How long a screen must stay the same to count as drawn whole. */
const settleMs = 60;

/**
A shell in a detached tmux session of a fixed size, on a tmux server of its own (so a person's tmux is never touched). `CI=false` so Ink draws as on a terminal.
*/
export class TmuxShell {
	readonly socket = `dash-e2e-${process.pid}-${++sessions}`;
	readonly name = 'main';
	/** What the shell shows when it waits for a command. */
	readonly prompt = 'e2e$';

	constructor(columns: number, rows: number, cwd: string) {
		this.tmux('new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), '-c', cwd, '-e', 'CI=false', '-e', 'LANG=C.UTF-8', 'bash --norc --noprofile');
		// A prompt the tests can look for.
		this.run('PS1=\'e2e$ \'; clear');
	}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}

	/** Type a line and press Enter. */
	run(command: string): void {
		this.tmux('send-keys', '-t', this.name, '-l', command);
		this.tmux('send-keys', '-t', this.name, 'Enter');
	}

	/** Press keys by tmux name (`Tab`, `Escape`, `Right`, `Space`) or type literal text with `literal`. */
	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.name, ...keys);
	}

	literal(text: string): void {
		this.tmux('send-keys', '-t', this.name, '-l', text);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.name);
	}

	lines(): string[] {
		return this.screen().split('\n');
	}

	/** The process the shell runs now (its first child), if any. */
	foregroundPid(): number | undefined {
		const shell = this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim();
		const found = spawnSync('pgrep', ['-P', shell], {encoding: 'utf8'}).stdout.trim().split('\n')[0];
		return found ? Number(found) : undefined;
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	/** Whether the shell waits at a fresh prompt, nothing typed. */
	atPrompt(screen = this.screen()): boolean {
		const lines = screen.split('\n').map(line => line.trimEnd()).filter(line => line !== '');
		return lines.at(-1) === this.prompt;
	}

	async ready(): Promise<void> {
		await this.until(screen => this.atPrompt(screen), 'the shell prompt');
	}

	/**
	Wait for a screen that passes `check` and has settled: the same on two captures a moment apart. tmux can be caught between two writes of one frame, and a half-drawn frame can pass a check meant for a whole one.
	*/
	async until(check: (screen: string) => boolean, what: string, timeout = 20_000): Promise<string> {
		let last = '';
		let passed: {screen: string; at: number} | undefined;
		try {
			await waitFor(() => {
				last = this.screen();
				if (!check(last)) {
					passed = undefined;
					return false;
				}

				if (passed?.screen === last && Date.now() - passed.at >= settleMs) {
					return true;
				}

				if (passed?.screen !== last) {
					passed = {screen: last, at: Date.now()};
				}

				return false;
			}, what, timeout);
		} catch (error) {
			throw new Error(`${(error as Error).message}; the screen:\n${last}`);
		}

		return last;
	}

	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {}
	}
}
