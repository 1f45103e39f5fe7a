import {clockNow} from '../core/clock.js';
import {RuntimeError} from '../core/errors.js';
import {formatReport, toJson, type Report} from '../core/report.js';
import {formatTime} from '../core/time.js';
import {openReader} from '../io/open-reader.js';
import {sleep} from '../io/sleep.js';
import type {LiveReader, ReaderState} from '../io/live-reader-contract.js';
import type {CommandIo, LiveOptions} from './options.js';

/*
The live dashboard for scripts and pipes: the same reader as the app, a report at once and then every `--every`, as text or one JSON object per line. A reader of the output that goes away (`| head -1`) ends the run quietly.
*/

/**
Report on the live window until `signal` aborts, the output is closed, or after one report with `--once`.
*/
export async function runLiveReport(options: LiveOptions, io: CommandIo, signal?: AbortSignal): Promise<void> {
	const startedAt = Date.now();
	const reader = await openReader(options, startedAt);
	const output = new Output(io);
	const stop = new AbortController();
	const abort = () => {
		stop.abort();
	};

	signal?.addEventListener('abort', abort, {once: true});
	output.onClosed = abort;
	let host = options.host;
	let lastState = '';
	let toldWaiting = false;
	try {
		for (let tick = 1; !stop.signal.aborted; tick++) {
			// Now is taken as the refresh begins: the report holds every line completed before it.
			const wallNow = Date.now();
			// eslint-disable-next-line no-await-in-loop
			await reader.update();
			lastState = tellState(reader.status.state, lastState, io);
			const now = clockNow({
				kind: options.clock,
				nowOption: options.now,
				startedAt,
				// The first report is exactly at `--now`.
				wallNow: tick === 1 ? startedAt : wallNow,
				newestTimestamp: reader.status.newestTimestamp,
			});
			if (now === undefined && !toldWaiting && reader.status.state.kind === 'reading') {
				io.stderr.write('dashboard: waiting for a first complete line: with --clock log, now is the newest line read\n');
				toldWaiting = true;
			}

			if (now !== undefined && !stop.signal.aborted) {
				const report = reportOn(reader, options, host, now);
				host = options.host ?? report.host;
				// eslint-disable-next-line no-await-in-loop
				await output.write(options.json ? toJson(report) + '\n' : formatPlain(report, now, tick === 1));
				if (options.once) {
					break;
				}
			}

			// eslint-disable-next-line no-await-in-loop
			await sleep(startedAt + (Math.ceil((Date.now() - startedAt + 1) / options.every) * options.every) - Date.now(), stop.signal);
		}
	} finally {
		signal?.removeEventListener('abort', abort);
		output.dispose();
		await reader.close();
	}
}

/* The report for the host asked for, or else for the current top host (the first leader). */
function reportOn(reader: LiveReader, options: LiveOptions, host: string | undefined, now: number): Report {
	const request = {from: now - options.window, to: now, topBy: options.topBy, limit: options.limit};
	const report = reader.report({...request, host: host ?? ''});
	if (options.host !== undefined) {
		return report;
	}

	const leader = report.top.leaders[0]?.host;
	return leader === undefined || leader === report.host ? report : reader.report({...request, host: leader});
}

function formatPlain(report: Report, now: number, first: boolean): string {
	return `${first ? '' : '\n'}Report at ${formatTime(now)}\n${formatReport(report)}`;
}

/* Waiting and error states go to stderr when they change, so that a script's output stays reports only. */
function tellState(state: ReaderState, last: string, io: CommandIo): string {
	const text = state.kind === 'reading' ? '' : state.message;
	if (text !== last && text !== '') {
		io.stderr.write(`dashboard: ${text}\n`);
	}

	return text;
}

/** Writes to stdout, and notices when nobody reads it any more. */
class Output {
	onClosed: (() => void) | undefined;
	private closed = false;
	private readonly stream: NodeJS.WritableStream;
	private readonly onError = (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
			this.close();
		} else {
			this.failure = new RuntimeError(`cannot write the report: ${error.message}`);
			this.close();
		}
	};

	private failure: Error | undefined;

	constructor(io: CommandIo) {
		this.stream = io.stdout;
		this.stream.on('error', this.onError);
	}

	async write(text: string): Promise<void> {
		if (this.closed) {
			return;
		}

		await new Promise<void>(resolve => {
			this.stream.write(text, error => {
				if (error) {
					this.onError(error);
				}

				resolve();
			});
		});
		if (this.failure) {
			throw this.failure;
		}
	}

	dispose(): void {
		// A late EPIPE must not become an uncaught error once we are done.
		this.stream.off('error', this.onError);
		this.stream.on('error', () => undefined);
	}

	private close(): void {
		this.closed = true;
		this.onClosed?.();
	}
}
