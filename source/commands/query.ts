import {open, type FileHandle} from 'node:fs/promises';
import type {Stats} from 'node:fs';
import {RuntimeError, UsageError} from '../core/errors.js';
import {buildReport, formatReport, toJson} from '../core/report.js';
import {formatDuration, formatTime} from '../core/time.js';
import {KernelTally} from '../core/kernel-tally.js';
import {WindowTally, type WindowTallyOptions} from '../core/window-tally.js';
import {loadKernel} from '../io/load-kernel.js';
import {scanParallel} from '../io/parallel-scan.js';
import {type ByteSource, scanRange} from '../io/scan-file.js';
import {probeSize, seekWindowEnd, seekWindowStart} from '../io/seek.js';
import type {CommandIo, QueryOptions} from './options.js';

type OpenFile = {
	readonly path: string;
	readonly handle: FileHandle;
	readonly stats: Stats;
};

/**
`dashboard query`: the three answers over [from, to] across the files (SPEC section 3), as text or JSON on stdout. Every file is opened and checked before anything is read, so a bad path fails with nothing on stdout.
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
		const tallyOptions: WindowTallyOptions = {
			host: options.host,
			from: options.from,
			to: options.to,
			topBy: options.topBy,
			tolerance: options.tolerance,
		};
		// The first file's tally is the total: copying a million hosts into a fresh one would double the memory for nothing.
		let total: WindowTally | undefined;
		const warnings: string[] = [];
		for (const file of files) {
			// eslint-disable-next-line no-await-in-loop
			const tally = await countFile(file, tallyOptions);
			if (tally.disorder) {
				const {offset, behind} = tally.disorder;
				warnings.push(`dashboard: warning: '${file.path}' is not sorted within the tolerance (${formatDuration(options.tolerance)}): the line at byte ${offset} is ${formatDuration(behind)} older than a line before it, so the answers may miss lines (raise --tolerance)\n`);
			}

			if (total) {
				total.merge(tally, false);
			} else {
				total = tally;
			}
		}

		const report = buildReport(total ?? new WindowTally(tallyOptions), {
			host: options.host,
			from: options.from,
			to: options.to,
			topBy: options.topBy,
			limit: options.limit,
		});
		for (const warning of warnings) {
			io.stderr.write(warning);
		}

		await write(io.stdout, options.json ? `${toJson(report)}\n` : formatReport(report));
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
Count one file. A regular file is searched for the window first; a pipe or device is read from the start, as it comes.
*/
async function countFile(file: OpenFile, tallyOptions: WindowTallyOptions): Promise<WindowTally> {
	try {
		if (!file.stats.isFile()) {
			const counts = new KernelTally(loadKernel(), tallyOptions);
			await scanRange(streamSource(file.handle), {start: 0, end: Number.POSITIVE_INFINITY, atFileEnd: true}, counts);
			const tally = new WindowTally(tallyOptions);
			tally.merge(counts.snapshot());
			return tally;
		}

		const {size} = file.stats;
		const {from, to, tolerance = 0} = tallyOptions;
		let start = 0;
		let end = size;
		if (size > 2 * probeSize) {
			start = await seekWindowStart(file.handle, size, from, tolerance);
			end = await seekWindowEnd(file.handle, size, to, tolerance);
			if (end < start) {
				// Only a file out of order can prove the window both ends before and starts after a point: read it all, and the scan will warn.
				start = 0;
				end = size;
			}
		}

		const {tally} = await scanParallel(file.handle, {start, end, atFileEnd: end === size}, tallyOptions);
		return tally;
	} catch (error) {
		throw error instanceof RuntimeError ? error : new RuntimeError(`cannot read '${file.path}': ${describe(error)}`);
	}
}

/* Pipes and devices cannot be read at a position: read them where they are. */
function streamSource(handle: FileHandle): ByteSource {
	return {
		async read(buffer, offset, length) {
			return handle.read(buffer, offset, length, null);
		},
	};
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

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		stream.write(text, error => {
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		});
	});
}
