import {RuntimeError, UsageError} from '../core/errors.js';
import type {CommandIo} from '../commands/options.js';
import {helpTexts, type Command} from './help.js';
import {checkFlags, parseGenerateOptions, parseLiveOptions, parseQueryOptions, parseShipOptions, type RawFlags} from './parse-options.js';

/**
Run the command named by the arguments and turn every mistake into one line on stderr and an exit code: 2 for usage, 1 for runtime.

Each command is imported only when it runs, so `query` and `generate` never load Ink or React.
*/
export async function main(input: readonly string[], flags: RawFlags, version: string, io: CommandIo = {stdout: process.stdout, stderr: process.stderr}): Promise<number> {
	const [first = '', ...rest] = input;
	const command: Command = first === 'query' || first === 'generate' || first === 'ship' ? first : 'live';
	const commandInput = command === 'live' ? input : rest;
	if (flags['help'] === true) {
		io.stdout.write(helpTexts[command].replace(/^\n/, ''));
		return 0;
	}

	// Meow answers --version alone; after a command name it is ours to answer.
	if (flags['version'] === true) {
		io.stdout.write(`${version}\n`);
		return 0;
	}

	try {
		checkFlags(command, flags);
		switch (command) {
			case 'query': {
				const options = parseQueryOptions(commandInput, flags);
				// A reader that goes away (`| head -1`) has all it wanted: stop quietly.
				onClosedOutput(io, () => process.exit(0));
				if (options.clickhouse) {
					const {runServerQuery} = await import('../commands/query-clickhouse.js');
					await runServerQuery(options, options.clickhouse, io);
				} else {
					const {runQuery} = await import('../commands/query.js');
					await runQuery(options, io);
				}

				break;
			}

			case 'ship': {
				const {hostname} = await import('node:os');
				const options = parseShipOptions(commandInput, flags, hostname());
				const {runShip} = await import('../commands/ship.js');
				await runShip(options, io);
				break;
			}

			case 'generate': {
				const options = parseGenerateOptions(commandInput, flags);
				// The files are the output; the messages may go unread without stopping the generator mid-line.
				onClosedOutput(io, () => undefined);
				const {runGenerate} = await import('../commands/generate.js');
				await runGenerate(options, io);
				break;
			}

			case 'live': {
				const options = parseLiveOptions(commandInput, flags);
				const {runLive} = await import('../commands/live.js');
				await runLive(options, flags, io);
				break;
			}
		}

		return 0;
	} catch (error) {
		return report(error, command, io);
	}
}

function onClosedOutput(io: CommandIo, then: () => void): void {
	io.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') {
			throw error;
		}

		then();
	});
}

function report(error: unknown, command: Command, io: CommandIo): number {
	if (error instanceof UsageError) {
		const help = command === 'live' ? 'dashboard --help' : `dashboard ${command} --help`;
		io.stderr.write(`dashboard: ${error.message} (see ${help})\n`);
		return 2;
	}

	if (error instanceof RuntimeError) {
		io.stderr.write(`dashboard: ${error.message}\n`);
		return 1;
	}

	// A bug, not a user's mistake: still one line, with the stack only on request.
	const message = error instanceof Error ? error.message : String(error);
	io.stderr.write(`dashboard: unexpected error: ${message}${process.env['DASHBOARD_DEBUG'] ? `\n${(error as Error).stack ?? ''}` : ' (set DASHBOARD_DEBUG=1 for details)'}\n`);
	return 1;
}
