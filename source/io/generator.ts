import {generateAddresses} from '../core/connection-model.js';
import {UsageError} from '../core/errors.js';
import {logFormats} from '../core/formats/log-format.js';
import {RecordSchedule} from '../core/record-schedule.js';
import {millisecondThreshold} from '../core/time.js';
import {defaultHosts, Disorder, generateHostNames, randomStream, streams, TrafficModel} from '../core/traffic-model.js';
import type {GenerateOptions} from '../commands/options.js';
import {lockDirectory} from './dir-lock.js';
import {LogWriter} from './log-writer.js';

export type GeneratorEvents = {
	/** A log file is complete and closed: `log file K finished`. */
	onFileFinished?(k: number, path: string): void;
	/** The generator stopped on an error (a RuntimeError naming the path); `done` rejects with it too. */
	onError?(error: Error): void;
};

export type GeneratorHandle = {
	/** Settles when the generator has ended: resolves after `--lines` lines or `stop()`, rejects on an error. */
	readonly done: Promise<void>;
	/** Resolves once the first lines are on disk (or the generator has ended): a dashboard can wait for it before its first report. */
	readonly started: Promise<void>;
	/** Stop after the lines in hand: every file ends on a complete line. Resolves when the generator has ended, failed or not. */
	stop(): Promise<void>;
};

/** Time and timers of the live generator; tests pass a fake so that nothing sleeps. */
export type GeneratorTimers = {
	now(): number;
	setTimeout(callback: () => void, milliseconds: number): unknown;
	clearTimeout(handle: unknown): void;
};

export type GeneratorEnvironment = {
	readonly timers?: GeneratorTimers;
	/** Live: also write, at once, the lines of the last `backfill` ms, so a dashboard started together with the generator has something to show at its first report. */
	readonly backfill?: number;
	/** Live: ms between writes (default 100). */
	readonly tick?: number;
};

const systemTimers: GeneratorTimers = {
	now: Date.now,
	setTimeout: (callback, milliseconds) => setTimeout(callback, milliseconds),
	clearTimeout: handle => clearTimeout(handle as NodeJS.Timeout),
};

/** Lines encoded between two flushes: at most a few MB, and at most `sliceBudget` ms of work, so the event loop (and an Ink display in the same process) never waits long. Where the slices end changes nothing in the output. */
const batchLines = 65_536;
const sliceBudget = 8;
/** Live: how far behind the schedule (after a suspend, say) the generator catches up before it skips ahead instead. */
const maxCatchUp = 2000;
const defaultTick = 100;

/**
Check options that the command line normally checks already, so that in-process callers get the same clear mistakes.

@throws UsageError naming the flag.
*/
export function validateGenerateOptions(options: GenerateOptions): void {
	const {rate, linesPerFile, maxFileAge, disorder, hosts, hostCount, seed, lines, fast, start, unit, format = 'native'} = options;
	if (!logFormats.includes(format)) {
		throw new UsageError(`--format must be ${logFormats.map(name => `'${name}'`).join(', ')}, not '${String(format)}'`);
	}

	// The other formats write their own timestamps, as late as their sensors write them.
	if (format !== 'native' && disorder > 0) {
		throw new UsageError(`--disorder applies to --format native: ${format} records are already as late as ${format} writes them`);
	}

	if (format !== 'native' && unit !== 'ms') {
		throw new UsageError(`--unit applies to --format native: ${format} writes its own timestamps`);
	}

	if (!(Number.isFinite(rate) && rate > 0)) {
		throw new UsageError(`--rate must be above zero, not '${rate}'`);
	}

	if (!(Number.isSafeInteger(linesPerFile) && linesPerFile > 0)) {
		throw new UsageError(`--lines-per-file must be a whole number of at least 1, not '${linesPerFile}'`);
	}

	if (!(maxFileAge >= 0)) {
		throw new UsageError(`--max-file-age must not be negative, not '${maxFileAge}'`);
	}

	if (!(Number.isFinite(disorder) && disorder >= 0)) {
		throw new UsageError(`--disorder must not be negative, not '${disorder}'`);
	}

	if (unit !== 'ms' && unit !== 's') {
		throw new UsageError(`--unit must be 'ms' or 's', not '${String(unit)}'`);
	}

	if (hosts !== undefined && hostCount !== undefined) {
		throw new UsageError('give --hosts or --host-count, not both');
	}

	if (hosts !== undefined) {
		validateHosts(hosts);
	}

	if (hostCount !== undefined && !(Number.isSafeInteger(hostCount) && hostCount > 0 && hostCount <= 10_000_000)) {
		throw new UsageError(`--host-count must be a whole number from 1 to 10000000, not '${hostCount}'`);
	}

	if (seed !== undefined && !Number.isSafeInteger(seed)) {
		throw new UsageError(`--seed must be a whole number, not '${seed}'`);
	}

	if (lines !== undefined && !(Number.isSafeInteger(lines) && lines >= 0)) {
		throw new UsageError(`--lines must be a whole number, not '${lines}'`);
	}

	if (fast) {
		validateStart(start, disorder, unit);
	} else if (start !== undefined) {
		throw new UsageError('--start applies to --fast');
	}
}

function validateHosts(hosts: readonly string[]): void {
	if (hosts.length === 0) {
		throw new UsageError('--hosts needs at least one name, as in --hosts a,b,c');
	}

	const seen = new Set<string>();
	for (const host of hosts) {
		// A host is a run of bytes that are not white space in the log's sense (SPEC section 1); a \r would vanish at the end of a line.
		if (host === '' || /[ \t\r\n]/.test(host)) {
			throw new UsageError(`--hosts: '${host}' is not a host name (no spaces, tabs or line breaks, not empty)`);
		}

		if (seen.has(host)) {
			throw new UsageError(`--hosts names '${host}' twice`);
		}

		seen.add(host);
	}
}

function validateStart(start: number | undefined, disorder: number, unit: 'ms' | 's'): void {
	if (start === undefined) {
		throw new UsageError('--fast needs --start TIME, the time of the first line');
	}

	// A reader takes a number below 1e11 for seconds (SPEC section 1), so each unit has times it cannot say.
	if (unit === 'ms' && start - disorder < millisecondThreshold) {
		throw new UsageError('--start must be 1973-03-03T09:46:40Z or later (plus --disorder) with millisecond timestamps: smaller numbers read as seconds');
	}

	if (unit === 's' && start >= millisecondThreshold * 1000) {
		throw new UsageError('--start is too late for second timestamps: numbers from 1e11 on read as milliseconds');
	}
}

/** The host names a run uses: `--hosts`, or `--host-count` generated names, or the five default hosts; for the formats of sensors, addresses (five by default) instead of names. */
export function chooseHosts(options: Pick<GenerateOptions, 'hosts' | 'hostCount' | 'format'>, seed: number): readonly string[] {
	if (options.hosts) {
		return options.hosts;
	}

	if ((options.format ?? 'native') !== 'native') {
		return generateAddresses(options.hostCount ?? defaultHosts.length, randomStream(seed, streams.names));
	}

	return options.hostCount === undefined ? defaultHosts : generateHostNames(options.hostCount, randomStream(seed, streams.names));
}

/**
Start writing log files in the background of this process, as `dashboard generate` and `dashboard --generate` do.

Live, lines carry the current time at `options.rate` a second, written every tick; with `options.fast`, lines carry synthetic time from `options.start` (`rate` lines a synthetic second) and are written as fast as the disk takes them. Either way the work comes in slices of a few ms between awaits.

@throws UsageError for options out of range (synchronously).
*/
export function startGenerator(options: GenerateOptions, events: GeneratorEvents = {}, environment: GeneratorEnvironment = {}): GeneratorHandle {
	validateGenerateOptions(options);
	const timers = environment.timers ?? systemTimers;
	const seed = options.seed ?? Math.floor(Math.random() * 4_294_967_296);
	const hosts = chooseHosts(options, seed);
	const encodedHosts = hosts.map(host => Buffer.from(host, 'utf8'));
	const model = new TrafficModel(encodedHosts.length, randomStream(seed, streams.traffic));
	const format = options.format ?? 'native';
	// Other formats: each connection's records are held until the format writes them.
	const schedule = format === 'native' ? undefined : new RecordSchedule(format, hosts, randomStream(seed, streams.details));
	const disorder = new Disorder(options.disorder, options.unit === 's' ? 1000 : 1, randomStream(seed, streams.disorder));
	const limit = options.lines ?? Number.POSITIVE_INFINITY;
	const interval = 1000 / options.rate;

	let stopping = false;
	let wake: (() => void) | undefined;
	let signalStarted: () => void = () => undefined;
	const started = new Promise<void>(resolve => {
		signalStarted = resolve;
	});
	/** Now for the age of files: the tick's wall time live, the current line's time with --fast. */
	let now = timers.now();
	let writer: LogWriter | undefined;

	const writeRecord = (text: string, connection: boolean): void => {
		writer!.writeRecord(text, connection);
	};

	const writeLine = (time: number): void => {
		model.next(time);
		if (schedule) {
			schedule.release(time, writeRecord);
			schedule.add(time, model.source, model.destination);
		} else {
			writer!.writeLine(disorder.stamp(time), encodedHosts[model.source]!, encodedHosts[model.destination]!);
		}
	};

	const sleep = async (milliseconds: number): Promise<void> => new Promise(resolve => {
		const handle = timers.setTimeout(() => {
			wake = undefined;
			resolve();
		}, milliseconds);
		wake = () => {
			timers.clearTimeout(handle);
			wake = undefined;
			resolve();
		};
	});

	const runFast = async (): Promise<void> => {
		const start = options.start!;
		let index = 0;
		// One batch is written while the next is made: the disk and the CPU work at the same time.
		let writing: Promise<void> | undefined;
		while (!stopping && index < limit) {
			const end = Math.min(limit, index + batchLines);
			const sliceStart = performance.now();
			while (index < end && performance.now() - sliceStart < sliceBudget) {
				const stretchEnd = Math.min(end, index + 4096);
				for (; index < stretchEnd; index++) {
					now = start + Math.floor(index * interval);
					writeLine(now);
				}
			}

			const flushing = writer!.flush();
			// Tells `started` once the first lines are on disk; a failure is awaited below, at the next turn, and only kept here from counting as unhandled meanwhile.
			flushing.then(signalStarted, () => undefined);
			// eslint-disable-next-line no-await-in-loop
			await writing;
			writing = flushing;
		}

		await writing;
	};

	const runLive = async (): Promise<void> => {
		// Line n is due at origin + n * interval: a running schedule, so timer drift and batching never change the long-run rate.
		const origin = now - (environment.backfill ?? 0);
		const catchUpLines = Math.max(1, Math.ceil(maxCatchUp / interval));
		let index = 0;
		let written = 0;
		let first = true;
		while (!stopping && written < limit) {
			// A clock stepped back must not make times go backwards: the disorder bound relies on it.
			now = Math.max(now, timers.now());
			const due = Math.floor((now - origin) / interval) + 1;
			if (!first && due - index > catchUpLines) {
				index = due - catchUpLines;
			}

			first = false;
			writer!.finishIfOld();
			while (index < due && written < limit && !stopping) {
				const end = Math.min(due, index + batchLines, index + (limit - written));
				for (; index < end; index++, written++) {
					writeLine(origin + Math.floor(index * interval));
				}

				// eslint-disable-next-line no-await-in-loop
				await writer!.flush();
			}

			schedule?.release(now, writeRecord);

			// eslint-disable-next-line no-await-in-loop
			await writer!.flush();
			signalStarted();
			if (!stopping && written < limit) {
				// eslint-disable-next-line no-await-in-loop
				await sleep(environment.tick ?? defaultTick);
			}
		}
	};

	const run = async (): Promise<void> => {
		writer = await LogWriter.open({
			dir: options.dir,
			linesPerFile: options.linesPerFile,
			maxFileAge: options.maxFileAge,
			unit: options.unit,
			clock: () => now,
			onFileFinished: (k, path) => events.onFileFinished?.(k, path),
			framing: schedule,
		});
		// Held until the last line is written: a second generator on the directory is refused at its start, instead of ending this one at its next rotation.
		const lock = await lockDirectory(options.dir);
		try {
			try {
				await (options.fast ? runFast() : runLive());
				// A sensor that stops writes what it still holds.
				schedule?.releaseAll(now, writeRecord);
			} catch (error) {
				await writer.abort();
				throw error;
			}

			await writer.close();
		} finally {
			await lock.release();
		}
	};

	const done = run().then(
		() => {
			signalStarted();
		},
		(error: unknown) => {
			signalStarted();
			const failure = error instanceof Error ? error : new Error(String(error));
			events.onError?.(failure);
			throw failure;
		},
	);
	// The error reaches onError and whoever awaits `done`; with neither, it must not crash the process as an unhandled rejection.
	done.catch(() => undefined);

	return {
		done,
		started,
		async stop() {
			stopping = true;
			wake?.();
			await done.catch(() => undefined);
		},
	};
}
