import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {parseLiveOptions} from '../../source/cli/parse-options.js';
import {Dashboard} from '../../source/components/dashboard.js';
import {openLiveReader} from '../../source/io/live-reader.js';
import {cleanupSized, renderSized} from '../helpers/fake-stdout.js';
import {plainLines, waitFor} from '../helpers/frames.js';

/*
The design's command as typed, `dashboard --host Hannibal --every 10`, in a directory without ./logs: the screen waits in words, then shows the lines once ./logs appears. The real reader, in a directory of its own (this test file runs in its own process, so changing directory touches no other test).
*/

const home = process.cwd();
let directory = '';

test.before(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'no-source-app-'));
	process.chdir(directory);
});

test.after.always(async () => {
	cleanupSized();
	process.chdir(home);
	await fs.rm(directory, {recursive: true, force: true});
});

test.serial('no source: the screen says ./logs does not exist yet, names dashboard generate and --file, then fills in when it appears', async t => {
	const options = parseLiveOptions([], {host: 'Hannibal', every: '10'});
	const now = Date.now();
	const reader = openLiveReader({files: options.files, dir: options.dir, window: options.window, tolerance: options.tolerance, now});
	t.teardown(async () => reader.close());
	const app = renderSized(<Dashboard options={{...options, now}} reader={reader}/>, 120, 30);
	const text = () => plainLines(app.lastFrame()).join('\n');
	await waitFor(() => /Waiting: \.\/logs does not exist yet: run 'dashboard generate' in this directory, or follow a file with --file PATH/.test(text()), 'the waiting words');
	t.regex(text(), /^Hannibal │ LIVE │ window 10s │ every 10s │ wall .* │ \.\/logs\//);
	t.regex(text(), /waiting: \.\/logs does not exist yet/, 'the status line says it too');

	await fs.mkdir('logs');
	// Stamped now, so the 10 s window holds them however slowly the test went so far.
	const written = Date.now();
	await fs.writeFile(path.join('logs', 'log_1.txt'), `${written - 2000} Steeve Hannibal\n${written - 1000} Hannibal Hanny\n${written - 1000} Hanny Hannibal\n`);
	app.stdin.write('r');
	await waitFor(() => /Connected to Hannibal/.test(text()) && /2 connections from 2 hosts/.test(text()), 'the lines of ./logs');
	t.regex(text(), /1 connection to 1 host/);
	t.notRegex(text(), /does not exist/);
	t.regex(text(), /logs\/log_1\.txt/);
});
