import type {LogFormat} from '../core/formats/log-format.js';
import type {Report, ReportOptions} from '../core/report.js';
import type {FormatSettings} from './file-format.js';

/** What the reader is doing, in words the status line can show. */
export type ReaderState =
	| {readonly kind: 'reading'}
	| {readonly kind: 'waiting'; readonly message: string}
	| {readonly kind: 'error'; readonly message: string};

export type ReaderStatus = {
	/** Complete lines read since start, well-formed or not. */
	readonly linesRead: number;
	readonly malformed: number;
	/** Late lines read since the last report: at or before the end of the window it reported (and within the tolerance before that end), so its numbers have moved since. */
	readonly late?: number;
	/** The file being read now (the newest one of a directory). */
	readonly currentFile?: string;
	/** Its format, once known (SPEC section 6). */
	readonly currentFormat?: LogFormat;
	/** Newest timestamp of the complete lines read so far (ms): `--clock log`'s now. */
	readonly newestTimestamp?: number;
	readonly state: ReaderState;
};

/**
Follows log files and answers for any host over the recent window, kept up to date incrementally.
*/
export type LiveReader = {
	/** Read every line completed since the last call. Never rejects: problems go to `status.state`. Yields to the event loop between chunks so keys stay responsive. */
	update(): Promise<void>;
	/** The three answers over [from, to] (ms, inclusive). Lines older than `from` may be forgotten after this call: `from` only moves forward unless `setWindow` widened the window. */
	report(options: ReportOptions): Report;
	/** The busiest hosts of the last reported window (a few thousand at most) by activity (lines involving them), busiest first, then byte order: for stepping through hosts and completing the prompt. */
	hosts(): readonly string[];
	/** Change how much history is kept; a wider window reads the older lines it needs at the next update. */
	setWindow(milliseconds: number): void;
	readonly status: ReaderStatus;
	close(): Promise<void>;
};

export type LiveReaderOptions = {
	readonly files: readonly string[];
	readonly dir?: string;
	readonly window: number;
	/** The tolerance of native files, when `formats` is absent. */
	readonly tolerance: number;
	/** How to tell each file's format, and each format's tolerance; native files with `tolerance` when absent. */
	readonly formats?: FormatSettings;
	/** Now at start-up for `--clock wall`; absent for `--clock log`, where now is the newest line. */
	readonly now?: number;
	/** The host the first report will be about: its peers are counted as the lines are read, rather than in a pass over the window at that report. */
	readonly host?: string;
};
