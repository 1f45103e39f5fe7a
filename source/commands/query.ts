import {open, type FileHandle} from 'node:fs/promises';
import type {Stats} from 'node:fs';
import {RuntimeError, UsageError} from '../core/errors.js';
import {formatLabels} from '../core/formats/log-format.js';
import {buildReport, formatReport, type ReportFile, toJson} from '../core/report.js';
import {formatDuration, formatTime} from '../core/time.js';
import {WindowTally} from '../core/window-tally.js';
import type {FormatSettings} from '../io/file-format.js';
import {type FileAnswer, queryFile, type QueryWindow} from '../io/query-file.js';
import type {CommandIo, QueryOptions} from './options.js';
import {writeText} from './write-text.js';

type OpenFile = {
	readonly path: string;
	readonly handle: FileHandle;
	readonly stats: Stats;
};

/**
`dashboard query`: the three answers over [from, to] across the files (SPEC section 3), each file read in its own format (SPEC section 6), as text or JSON on stdout. Every file is opened and checked before anything is read, so a bad path fails with nothing on stdout.
*/
export async function runQuery(options: QueryOptions, io: CommandIo): Promise<void> {
	if (options.from > options.to) {
		throw new UsageError(`--from (${formatTime(options.from)}) is later than --to (${formatTime(options.to)})`);
	}

	if (options.files.length === 0) {
		throw new UsageError('give at least one log file to query');
	}

	const files = await openAll(options.files);
	try {
		const window: QueryWindow = {
			host: options.host,
			from: options.from,
			to: options.to,
			topBy: options.topBy,
		};
		const formats: FormatSettings = {choice: options.format, tolerances: options.tolerances};
		// The first file's tally is the total: copying a million hosts into a fresh one would double the memory for nothing.
		let total: WindowTally | undefined;
		const warnings: string[] = [];
		const read: ReportFile[] = [];
		for (const file of files) {
			// eslint-disable-next-line no-await-in-loop
			const answer = await countFile(file, formats, window);
			const {tally, reading} = answer;
			read.push({path: file.path, format: reading.format});
			warnings.push(...warningsOf(file.path, answer));
			if (total) {
				total.merge(tally, false);
			} else {
				total = tally;
			}
		}

		const report = {
			...buildReport(total ?? new WindowTally(window), {
				host: options.host,
				from: options.from,
				to: options.to,
				topBy: options.topBy,
				limit: options.limit,
			}),
			files: read,
		};
		for (const warning of warnings) {
			io.stderr.write(warning);
		}

		await writeText(io.stdout, options.json ? `${toJson(report)}\n` : formatReport(report));
	} finally {
		await Promise.all(files.map(async file => file.handle.close()));
	}
}

/**
Open and check every file; the same file named twice (same device and inode, whatever the path) is kept once.
*/
async function openAll(paths: readonly string[]): Promise<OpenFile[]> {
	const files: OpenFile[] = [];
	const seen = new Set<string>();
	try {
		for (const path of paths) {
			// eslint-disable-next-line no-await-in-loop
			const file = await openOne(path);
			const key = `${file.stats.dev}:${file.stats.ino}`;
			if (seen.has(key)) {
				// eslint-disable-next-line no-await-in-loop
				await file.handle.close();
				continue;
			}

			seen.add(key);
			files.push(file);
		}
	} catch (error) {
		await Promise.all(files.map(async file => file.handle.close()));
		throw error;
	}

	return files;
}

async function openOne(path: string): Promise<OpenFile> {
	let handle: FileHandle;
	try {
		handle = await open(path, 'r');
	} catch (error) {
		throw new RuntimeError(`cannot read '${path}': ${describe(error)}`);
	}

	try {
		const stats = await handle.stat();
		if (stats.isDirectory()) {
			throw new RuntimeError(`cannot read '${path}': it is a directory`);
		}

		return {path, handle, stats};
	} catch (error) {
		await handle.close();
		throw error instanceof RuntimeError ? error : new RuntimeError(`cannot read '${path}': ${describe(error)}`);
	}
}

/**
Count one file in its format; any failure is a runtime error naming the path.
*/
async function countFile(file: OpenFile, formats: FormatSettings, window: QueryWindow): Promise<FileAnswer> {
	try {
		return await queryFile(file.handle, file.stats, formats, window);
	} catch (error) {
		throw error instanceof RuntimeError ? error : new RuntimeError(`cannot read '${file.path}': ${describe(error)}`);
	}
}

/* What is worth a line on stderr about a file: a forced format that does not fit it, or an order the seeking cannot rely on. The answers stand either way. */
function warningsOf(path: string, {tally, reading, misfit}: FileAnswer): string[] {
	const warnings: string[] = [];
	if (misfit) {
		warnings.push(`dashboard: warning: '${path}' does not look like ${formatLabels[reading.format]}: ${tally.malformed} malformed line${tally.malformed === 1 ? '' : 's'}, none read (--format auto tells each file's format)\n`);
	}

	if (tally.disorder) {
		const {offset, behind} = tally.disorder;
		warnings.push(`dashboard: warning: '${path}' is not sorted within the tolerance (${formatDuration(reading.tolerance)}): the line at byte ${offset} is ${formatDuration(behind)} older than a line before it, so the answers may miss lines (raise --tolerance)\n`);
	}

	return warnings;
}

function describe(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOENT':
		case 'ENOTDIR': {
			return 'no such file';
		}

		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'it is a directory';
		}

		default: {
			return error instanceof Error ? error.message : String(error);
		}
	}
}
