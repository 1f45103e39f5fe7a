import type {FormatChoice, LogFormat} from '../core/formats/log-format.js';
import type {TopBy} from '../core/report.js';

/* Typed options of each command, as the command line hands them over after checking every value. Times and durations are in milliseconds. */

/** A ClickHouse server and the base name of the tables there. */
export type ClickHouseSource = {
	readonly url: string;
	readonly table: string;
};

export type QueryOptions = {
	readonly files: readonly string[];
	readonly host: string;
	readonly from: number;
	readonly to: number;
	readonly json: boolean;
	/** `--format`: how to read the files; `auto` decides per file. */
	readonly format: FormatChoice;
	/** `--tolerance`, or the default of the forced format (native's with `auto`): for a reader of one format. */
	readonly tolerance: number;
	/** The tolerance for files of each format: `--tolerance` for all, or each format's default. */
	readonly tolerances: Readonly<Record<LogFormat, number>>;
	readonly topBy: TopBy;
	/** Rows of each list; connectedTo and receivedFrom are complete without it, top.ranking has 10. */
	readonly limit?: number;
	/** Count on this server instead of files. */
	readonly clickhouse?: ClickHouseSource;
};

export type GenerateOptions = {
	readonly dir: string;
	/** The format written; `native` when absent. */
	readonly format?: LogFormat;
	/** Host names to use; when absent, `hostCount` generated names (or the five default hosts). */
	readonly hosts?: readonly string[];
	readonly hostCount?: number;
	/** Lines a second, live. */
	readonly rate: number;
	readonly linesPerFile: number;
	readonly maxFileAge: number;
	/** Native only: the other formats are as late as their writers make them. */
	readonly disorder: number;
	/** Native only: the other formats write their own timestamps. */
	readonly unit: 'ms' | 's';
	readonly seed?: number;
	/** Stop after this many lines; runs until stopped when absent. */
	readonly lines?: number;
	/** Write synthetic time from `start` as fast as possible. */
	readonly fast: boolean;
	readonly start?: number;
};

export type LiveOptions = {
	readonly host?: string;
	readonly every: number;
	readonly window: number;
	readonly files: readonly string[];
	readonly dir?: string;
	readonly generate: boolean;
	/** `--format`: how to read the files; `auto` decides per file. With `--generate`, also what the generator writes (`native` for `auto`). */
	readonly format: FormatChoice;
	/** `--tolerance`, or the default of the forced format (native's with `auto`): for a reader of one format. */
	readonly tolerance: number;
	/** The tolerance for files of each format: `--tolerance` for all, or each format's default. */
	readonly tolerances: Readonly<Record<LogFormat, number>>;
	readonly topBy: TopBy;
	readonly clock: 'wall' | 'log';
	readonly now?: number;
	readonly once: boolean;
	readonly json: boolean;
	readonly plain: boolean;
	readonly limit?: number;
	/** Count on this server instead of following files. */
	readonly clickhouse?: ClickHouseSource;
};

export type ShipOptions = {
	readonly clickhouse: ClickHouseSource;
	readonly files: readonly string[];
	readonly dir?: string;
	readonly shipper: string;
	/** `--format`: how to read the files; `auto` decides per file. */
	readonly format: FormatChoice;
	/** Each format's tolerance, for knowing when a directory's old file is done with. */
	readonly tolerances: Readonly<Record<LogFormat, number>>;
};

/** Where a command writes; tests pass their own. */
export type CommandIo = {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream;
};
