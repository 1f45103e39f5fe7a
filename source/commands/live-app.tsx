import process from 'node:process';
import {render} from 'ink';
import {Dashboard} from '../components/dashboard.js';
import type {LiveReader} from '../io/live-reader-contract.js';
import type {LiveOptions} from './options.js';

/* The terminal's alternate screen, as full-screen programs (less, htop) use it: what was on the terminal before comes back on exit. */
const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';

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

	try {
		// Ctrl-C is handled with the other keys (use-dashboard-keys), so both ways out run the same path. Not `incrementalRendering`: in tmux it left rows of an earlier frame on screen when a list got shorter (test/e2e-tmux.ts caught it).
		const app = render(<Dashboard options={options} reader={reader}/>, {exitOnCtrlC: false, patchConsole: true});
		try {
			await app.waitUntilExit();
		} finally {
			app.cleanup();
		}
	} finally {
		leave();
		process.off('exit', leave);
		await reader.close();
	}
}
