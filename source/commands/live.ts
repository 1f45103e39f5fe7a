import process from 'node:process';
import {generatorOptions, type RawFlags} from '../cli/parse-options.js';
import {openReader} from '../io/open-reader.js';
import type {CommandIo, LiveOptions} from './options.js';

/** With --generate and no --rate: busy enough that every pane has rows at once. */
const demoRate = 40;

/**
The live dashboard: the Ink app on a terminal, text or JSON reports otherwise; with `--generate`, the generator runs in this process and writes what is shown.
*/
export async function runLive(options: LiveOptions, flags: RawFlags, io: CommandIo): Promise<void> {
	const generator = options.generate ? await startDemoGenerator(options, flags) : undefined;
	try {
		if (isInteractive(options)) {
			const reader = await openReader(options, Date.now());
			const {runLiveApp} = await import('./live-app.js');
			await runLiveApp(options, reader);
		} else {
			const {runLiveReport} = await import('./live-report.js');
			const stop = new AbortController();
			const abort = () => {
				stop.abort();
			};

			process.once('SIGINT', abort);
			process.once('SIGTERM', abort);
			try {
				await runLiveReport(options, io, stop.signal);
			} finally {
				process.off('SIGINT', abort);
				process.off('SIGTERM', abort);
			}
		}
	} finally {
		await generator?.stop();
	}
}

function isInteractive(options: LiveOptions): boolean {
	return Boolean(process.stdout.isTTY && process.stdin.isTTY && !options.plain && !options.json && !options.once);
}

async function startDemoGenerator(options: LiveOptions, flags: RawFlags) {
	const {startGenerator} = await import('../io/generator.js');
	const settings = generatorOptions(flags, demoRate);
	const dir = options.dir ?? './logs';
	// Lines of the last window are written at once, so the first report already has rows.
	const generator = startGenerator({...settings, dir, fast: false}, {}, {backfill: options.window});
	await generator.started;
	return generator;
}
