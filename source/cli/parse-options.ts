import {UsageError} from '../core/errors.js';
import {defaultTolerances, formatChoices, type FormatChoice, type LogFormat, logFormats} from '../core/formats/log-format.js';
import type {TopBy} from '../core/report.js';
import {parseDuration, parseTime} from '../core/time.js';
import {isTableName} from '../io/clickhouse/sql.js';
import type {ClickHouseSource, GenerateOptions, LiveOptions, QueryOptions, ShipOptions} from '../commands/options.js';
import {commandFlags, type Command, type FlagName} from './help.js';

/** Flags as meow hands them over: strings, booleans, and the list of --file. */
export type RawFlags = Readonly<Record<string, unknown>>;

const defaultEvery = 10_000;
/** Where `dashboard generate` writes, and what the dashboard follows when given no source. */
const defaultLogDir = './logs';

/** `linesPerFile` back to `--lines-per-file`, to name a flag as the user typed it. */
export function flagName(key: string): string {
	return key.length === 1 ? `-${key}` : `--${key.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;
}

/**
Refuse flags the command does not take, naming the first one.
*/
export function checkFlags(command: Command, flags: RawFlags): void {
	const allowed = new Set<string>(commandFlags[command]);
	for (const [key, value] of Object.entries(flags)) {
		if (allowed.has(key) || (Array.isArray(value) && value.length === 0) || value === undefined || value === false) {
			continue;
		}

		const known = key in flagsOfAnyCommand;
		throw new UsageError(known
			? `${flagName(key)} does not apply to ${command === 'live' ? 'the live dashboard' : `'dashboard ${command}'`}`
			: `unknown flag ${flagName(key)}`);
	}
}

const generatorFlagKeys: readonly FlagName[] = ['hosts', 'hostCount', 'rate', 'linesPerFile', 'maxFileAge', 'disorder', 'unit', 'seed'];

const flagsOfAnyCommand = Object.fromEntries(Object.values(commandFlags).flat().map(key => [key, true]));

export function parseLiveOptions(input: readonly string[], flags: RawFlags): LiveOptions {
	noArguments(input);
	const every = positiveDuration(flags, 'every') ?? defaultEvery;
	const generate = flags['generate'] === true;
	const generatorFlag = generatorFlagKeys.find(key => flags[key] !== undefined);
	if (!generate && generatorFlag) {
		throw new UsageError(`${flagName(generatorFlag)} applies to --generate`);
	}

	const files = (flags['file'] as string[] | undefined ?? []).map(file => nonEmpty('file', file));
	const clickhouse = clickhouseSource(flags);
	if (clickhouse) {
		const fileFlag = files.length > 0 ? 'file' : (text(flags, 'dir') === undefined ? (generate ? 'generate' : undefined) : 'dir');
		if (fileFlag) {
			throw new UsageError(`--clickhouse counts on the server and does not take --${fileFlag}`);
		}
	}

	// No source at all: ./logs, where `dashboard generate` writes, so `dashboard --host Hannibal --every 10` works as typed beside it.
	const dir = text(flags, 'dir') ?? (clickhouse === undefined && (generate || files.length === 0) ? defaultLogDir : undefined);

	const clock = choice(flags, 'clock', ['wall', 'log'] as const) ?? 'wall';
	const now = time(flags, 'now');
	if (now !== undefined && clock === 'log') {
		throw new UsageError('--now sets the wall clock and does not apply to --clock log');
	}

	const format = readFormat(flags);
	return {
		host: text(flags, 'host'),
		every,
		window: positiveDuration(flags, 'window') ?? every,
		files,
		dir,
		generate,
		format,
		...tolerances(flags, format),
		topBy: topBy(flags),
		clock,
		now,
		once: flags['once'] === true,
		json: flags['json'] === true,
		plain: flags['plain'] === true,
		limit: positiveInteger(flags, 'limit'),
		...(clickhouse ? {clickhouse} : {}),
	};
}

export function parseQueryOptions(input: readonly string[], flags: RawFlags): QueryOptions {
	const clickhouse = clickhouseSource(flags);
	if (clickhouse && input.length > 0) {
		throw new UsageError(`--clickhouse counts on the server: give it or FILE arguments ('${input[0]!}'), not both`);
	}

	if (input.length === 0 && !clickhouse) {
		throw new UsageError('query needs at least one FILE (or --clickhouse URL)');
	}

	const from = required(flags, 'from', time);
	const to = required(flags, 'to', time);
	if (from > to) {
		throw new UsageError('--from is later than --to');
	}

	const format = readFormat(flags);
	return {
		files: input.map(file => nonEmpty('FILE', file)),
		host: required(flags, 'host', text),
		from,
		to,
		json: flags['json'] === true,
		format,
		...tolerances(flags, format),
		topBy: topBy(flags),
		limit: positiveInteger(flags, 'limit'),
		...(clickhouse ? {clickhouse} : {}),
	};
}

export function parseShipOptions(input: readonly string[], flags: RawFlags, defaultShipper: string): ShipOptions {
	noArguments(input);
	const clickhouse = clickhouseSource(flags);
	if (!clickhouse) {
		throw new UsageError('--clickhouse URL is required: the server to ship to');
	}

	const files = (flags['file'] as string[] | undefined ?? []).map(file => nonEmpty('file', file));
	const dir = text(flags, 'dir');
	if (files.length === 0 && dir === undefined) {
		throw new UsageError('nothing to ship: pass --file PATH or --dir DIR');
	}

	// A file of the directory named with --file too would be shipped twice.
	if (files.length > 0 && dir !== undefined) {
		throw new UsageError('give --file or --dir, not both (run one shipper for each)');
	}

	const format = readFormat(flags);
	return {clickhouse, files, dir, shipper: text(flags, 'shipper') ?? defaultShipper, format, tolerances: tolerances(flags, format).tolerances};
}

/* --clickhouse and --table; --table alone is a mistake. */
function clickhouseSource(flags: RawFlags): ClickHouseSource | undefined {
	const url = text(flags, 'clickhouse');
	const table = text(flags, 'table');
	if (url === undefined) {
		if (table !== undefined) {
			throw new UsageError('--table applies to --clickhouse');
		}

		return undefined;
	}

	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new UsageError(`--clickhouse: '${url}' is not a URL (as in http://localhost:8123)`);
	}

	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new UsageError(`--clickhouse: '${url}' is not an http:// or https:// URL`);
	}

	if (table !== undefined && !isTableName(table)) {
		throw new UsageError(`--table: '${table}' is not a table name (letters, digits and _, not starting with a digit)`);
	}

	return {url, table: table ?? 'conn'};
}

export function parseGenerateOptions(input: readonly string[], flags: RawFlags): GenerateOptions {
	noArguments(input);
	const fast = flags['fast'] === true;
	const start = time(flags, 'start');
	if (start !== undefined && !fast) {
		throw new UsageError('--start applies to --fast');
	}

	if (flags['format'] === 'auto') {
		throw new UsageError('--format auto is for reading: generate writes one format, native (the default), zeek, vpc or eve');
	}

	const format = choice(flags, 'format', logFormats) ?? 'native';
	return {
		dir: text(flags, 'dir') ?? defaultLogDir,
		...generatorOptions(flags, 1, format),
		lines: positiveInteger(flags, 'lines'),
		fast,
		start,
	};
}

/**
The generator's own options, shared by `generate` and the dashboard's `--generate`.

@param format What the generator writes: `--format` of `generate`, or what the dashboard reads (native for `auto`).
*/
export function generatorOptions(flags: RawFlags, defaultRate = 1, format: LogFormat = 'native'): Omit<GenerateOptions, 'dir' | 'lines' | 'fast' | 'start'> {
	const hosts = text(flags, 'hosts')?.split(',').map(host => host.trim()).filter(Boolean);
	if (hosts?.length === 0) {
		throw new UsageError('--hosts needs at least one name, as in --hosts a,b,c');
	}

	if (hosts?.some(host => /[ \t\n]/.test(host))) {
		throw new UsageError('--hosts: a host name cannot hold spaces, tabs or newlines');
	}

	const hostCount = positiveInteger(flags, 'hostCount');
	if (hosts && hostCount !== undefined) {
		throw new UsageError('give --hosts or --host-count, not both');
	}

	const rate = number(flags, 'rate') ?? defaultRate;
	if (!(rate > 0)) {
		throw new UsageError(`--rate must be above zero, not '${String(flags['rate'])}'`);
	}

	// The other formats carry their own timestamps, late as their writers make them.
	for (const key of ['unit', 'disorder'] as const) {
		if (format !== 'native' && flags[key] !== undefined) {
			throw new UsageError(`${flagName(key)} applies to --format native: ${format} records carry ${format}'s own timestamps, as late as ${format} writes them`);
		}
	}

	return {
		format,
		hosts,
		hostCount,
		rate,
		linesPerFile: positiveInteger(flags, 'linesPerFile') ?? 10_000,
		maxFileAge: positiveDuration(flags, 'maxFileAge') ?? 300_000,
		disorder: duration(flags, 'disorder') ?? 0,
		unit: choice(flags, 'unit', ['ms', 's'] as const) ?? 'ms',
		seed: integer(flags, 'seed'),
	};
}

function noArguments(input: readonly string[]): void {
	if (input.length > 0) {
		throw new UsageError(`unexpected argument '${input[0]!}'`);
	}
}

function nonEmpty(name: string, value: string): string {
	if (value === '') {
		throw new UsageError(`${name.startsWith('-') || name === 'FILE' ? name : flagName(name)} needs a value`);
	}

	return value;
}

function text(flags: RawFlags, key: FlagName): string | undefined {
	const value = flags[key];
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'string' || value === '') {
		throw new UsageError(`${flagName(key)} needs a value`);
	}

	return value;
}

function required<T>(flags: RawFlags, key: FlagName, read: (flags: RawFlags, key: FlagName) => T | undefined): T {
	const value = read(flags, key);
	if (value === undefined) {
		throw new UsageError(`${flagName(key)} is required`);
	}

	return value;
}

function checked<T>(key: FlagName, value: string, parse: (value: string) => T): T {
	try {
		return parse(value);
	} catch (error) {
		throw new UsageError(`${flagName(key)}: ${(error as Error).message}`);
	}
}

function time(flags: RawFlags, key: FlagName): number | undefined {
	const value = text(flags, key);
	return value === undefined ? undefined : checked(key, value, parseTime);
}

function duration(flags: RawFlags, key: FlagName): number | undefined {
	const value = text(flags, key);
	return value === undefined ? undefined : checked(key, value, parseDuration);
}

function positiveDuration(flags: RawFlags, key: FlagName): number | undefined {
	const value = duration(flags, key);
	if (value === 0) {
		throw new UsageError(`${flagName(key)} must be longer than zero`);
	}

	return value;
}

function number(flags: RawFlags, key: FlagName): number | undefined {
	const value = text(flags, key);
	if (value === undefined) {
		return undefined;
	}

	if (!/^\d+(\.\d+)?$|^\.\d+$/.test(value)) {
		throw new UsageError(`${flagName(key)}: '${value}' is not a number`);
	}

	return Number(value);
}

function integer(flags: RawFlags, key: FlagName): number | undefined {
	const value = text(flags, key);
	if (value === undefined) {
		return undefined;
	}

	if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
		throw new UsageError(`${flagName(key)}: '${value}' is not a whole number`);
	}

	return Number(value);
}

function positiveInteger(flags: RawFlags, key: FlagName): number | undefined {
	const value = integer(flags, key);
	if (value === 0) {
		throw new UsageError(`${flagName(key)} must be at least 1`);
	}

	return value;
}

function choice<T extends string>(flags: RawFlags, key: FlagName, choices: readonly T[]): T | undefined {
	const value = text(flags, key);
	if (value === undefined) {
		return undefined;
	}

	if (!choices.includes(value as T)) {
		throw new UsageError(`${flagName(key)} must be ${choices.map(item => `'${item}'`).join(' or ')}, not '${value}'`);
	}

	return value as T;
}

function readFormat(flags: RawFlags): FormatChoice {
	return choice(flags, 'format', formatChoices) ?? 'auto';
}

/** `--tolerance` for every format, or each format's own default (SPEC section 6). */
function tolerances(flags: RawFlags, format: FormatChoice): {tolerance: number; tolerances: Readonly<Record<LogFormat, number>>} {
	const given = duration(flags, 'tolerance');
	const each = Object.fromEntries(logFormats.map(name => [name, given ?? defaultTolerances[name]])) as Record<LogFormat, number>;
	return {tolerance: each[format === 'auto' ? 'native' : format], tolerances: each};
}

function topBy(flags: RawFlags): TopBy {
	return choice(flags, 'topBy', ['source', 'involved'] as const) ?? 'source';
}
