import {startGenerator} from '../io/generator.js';
import type {CommandIo, GenerateOptions} from './options.js';

const stopSignals = ['SIGINT', 'SIGTERM'] as const;

/**
`dashboard generate`: write log files until `--lines` are written or a signal stops it, printing `log file K finished` for each complete file (the last one too).

A first Ctrl-C stops cleanly (files end on a complete line) and ends with exit code 0; a second one, if the disk hangs, is Node's default and kills the process.

@throws UsageError for bad options, RuntimeError naming the path that could not be written.
*/
export async function runGenerate(options: GenerateOptions, io: CommandIo): Promise<void> {
	const generator = startGenerator(options, {
		onFileFinished(k) {
			io.stdout.write(`log file ${k} finished\n`);
		},
	});
	if ((io.stderr as {isTTY?: boolean}).isTTY) {
		const pace = options.fast ? 'as fast as it can' : `at ${options.rate} line${options.rate === 1 ? '' : 's'} a second`;
		io.stderr.write(`dashboard: writing log files into '${options.dir}' ${pace}; Ctrl-C stops\n`);
	}

	const stop = (): void => {
		void generator.stop();
	};

	for (const signal of stopSignals) {
		process.once(signal, stop);
	}

	try {
		await generator.done;
	} finally {
		for (const signal of stopSignals) {
			process.removeListener(signal, stop);
		}
	}
}
