import process from 'node:process';
import {generatorOptions, type RawFlags} from '../cli/parse-options.js';
import {openReader} from '../io/open-reader.js';
import {readerWithFailure} from '../io/reader-with-failure.js';
import type {CommandIo, LiveOptions} from './options.js';

/** Signals that end a run of reports cleanly, after the report being written. */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** With --generate and no --rate: busy enough that every pane has rows at once. */
const demoRate = 40;

/**
The live dashboard: the Ink app on a terminal, text or JSON reports otherwise; with `--generate`, the generator runs in this process and writes what is shown.

@throws RuntimeError when the generator fails, as `dashboard generate` would say it: at once for reports, once the app ends for the app (which shows it meanwhile).
*/
export async function runLive(options: LiveOptions, flags: RawFlags, io: CommandIo): Promise<void> {
	const stop = new AbortController();
	let failure: Error | undefined;
	const generator = options.generate
		? await startDemoGenerator(options, flags, error => {
			failure = error;
			stop.abort();
		})
		: undefined;
	try {
		if (isInteractive(options)) {
			const reader = await openReader(options, Date.now());
			const {runLiveApp} = await import('./live-app.js');
			await runLiveApp(options, generator ? readerWithFailure(reader, () => failure) : reader);
		} else {
			const {runLiveReport} = await import('./live-report.js');
			const abort = () => {
				stop.abort();
			};

			for (const signal of stopSignals) {
				process.once(signal, abort);
			}

			try {
				await runLiveReport(options, io, stop.signal);
			} finally {
				for (const signal of stopSignals) {
					process.off(signal, abort);
				}
			}
		}
	} finally {
		await generator?.stop();
	}

	if (failure) {
		throw failure;
	}
}

function isInteractive(options: LiveOptions): boolean {
	return Boolean(process.stdout.isTTY && process.stdin.isTTY && !options.plain && !options.json && !options.once);
}

/* The generator, once its first lines are on disk; one that fails before (a directory it cannot make, another generator there) fails the command at once. */
async function startDemoGenerator(options: LiveOptions, flags: RawFlags, onError: (error: Error) => void) {
	const {startGenerator} = await import('../io/generator.js');
	const settings = generatorOptions(flags, demoRate, options.format === 'auto' ? 'native' : options.format);
	const dir = options.dir ?? './logs';
	let failedEarly: Error | undefined;
	// Lines of the last window are written at once, so the first report already has rows.
	const generator = startGenerator({...settings, dir, fast: false}, {
		onError(error) {
			failedEarly ??= error;
			onError(error);
		},
	}, {backfill: options.window});
	await generator.started;
	if (failedEarly) {
		throw failedEarly;
	}

	return generator;
}
