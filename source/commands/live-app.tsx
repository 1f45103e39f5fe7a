import process from 'node:process';
import {render} from 'ink';
import {Dashboard} from '../components/dashboard.js';
import type {LiveReader} from '../io/live-reader-contract.js';
import type {LiveOptions} from './options.js';

/* The terminal's alternate screen, as full-screen programs (less, htop) use it: what was on the terminal before comes back on exit. */
const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

/** What ends a terminal program from outside: kill, a closed terminal, kill -INT, Ctrl-\\. */
const endSignals = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'] as const;

/**
Run the interactive dashboard until `q` or Ctrl-C, then close the reader. It draws on the alternate screen, so quitting leaves the terminal as it was, with the shell prompt where it was before.
*/
export async function runLiveApp(options: LiveOptions, reader: LiveReader): Promise<void> {
	const {stdout} = process;
	let onScreen = false;
	const leave = () => {
		if (onScreen) {
			onScreen = false;
			stdout.write(leaveAlternateScreen);
		}
	};

	if (stdout.isTTY) {
		stdout.write(enterAlternateScreen);
		onScreen = true;
		// A crash or a signal must not strand the shell on the alternate screen.
		process.once('exit', leave);
	}

	let app: ReturnType<typeof render> | undefined;
	// A signal ends the app as q does, as less and htop do: Ink gives back cooked mode and the cursor, then the main screen comes back.
	const onSignal = () => {
		app?.unmount();
	};

	for (const signal of endSignals) {
		process.on(signal, onSignal);
	}

	try {
		// Ctrl-C is handled with the other keys (use-dashboard-keys), so both ways out run the same path. Not `incrementalRendering`: in tmux it left rows of an earlier frame on screen when a list got shorter (test/e2e-tmux.ts caught it).
		app = render(<Dashboard options={options} reader={reader}/>, {exitOnCtrlC: false, patchConsole: true});
		try {
			await app.waitUntilExit();
		} finally {
			app.cleanup();
		}
	} finally {
		leave();
		process.off('exit', leave);
		for (const signal of endSignals) {
			process.off(signal, onSignal);
		}

		await reader.close();
	}
}
