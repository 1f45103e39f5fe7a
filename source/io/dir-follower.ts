import type {Stats} from 'node:fs';
import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {ReaderState} from './live-reader-contract.js';
import {describeError, FileFollower, newestNearEnd, type FollowerFileSystem, type LineSink, type ReadBuffer} from './file-follower.js';

/*
Following a directory of log files as the generator writes them (SPEC section 3, `--dir`): every regular `.txt` or `.log` file in it counts; the newest by modification time (ties: the higher number in the name) is the current one. Each file has its own `FileFollower`, so a file in the directory may also be truncated or replaced.

Older files are read on while they can hold lines of the window. By the tolerance rule (SPEC section 1), once a file's newest line is older than the window's start minus the tolerance, no line of it, nor of any file written before it, can be in the window: such a file is closed and only looked at again if it changes. That keeps open descriptors and work per refresh flat however long the directory grows.
*/

export type DirFollowerOptions = {
	readonly tolerance: number;
	/** The start of the oldest window still wanted (ms); -Infinity while unknown. */
	readonly windowStart: () => number;
	/** Where to start in a file that was there at start-up (a seek to the window). */
	readonly start?: (file: FileHandle, size: number) => Promise<number>;
	readonly fileSystem?: FollowerFileSystem;
	readonly chunkSize?: number;
	/** Shared by the followers of the files, which read one at a time. */
	readonly readBuffer?: ReadBuffer;
};

/** A log file of the directory, as listed. */
export type LogFile = {
	readonly name: string;
	readonly path: string;
	readonly stats: Stats;
};

/** A file set aside because it is too old for the window: enough to see it change. */
type Dropped = {
	readonly ino: number;
	readonly size: number;
	readonly mtimeMs: number;
	/** Where its follower had read to. */
	readonly offset: number;
};

/**
Follows the log files of a directory, current and older ones, handing whole lines to a sink.
*/
export class DirFollower {
	state: ReaderState = {kind: 'reading'};
	/** Path of the current (newest) file. */
	currentFile: string | undefined;
	/** By name, oldest first. */
	private followers = new Map<string, FileFollower>();
	private readonly leaving: FileFollower[] = [];
	private readonly dropped = new Map<string, Dropped>();
	private started = false;

	readonly dir: string;
	private readonly options: DirFollowerOptions;

	constructor(dir: string, options: DirFollowerOptions) {
		this.dir = dir;
		this.options = options;
	}

	/** The followers of the files still read, oldest first. */
	get files(): readonly FileFollower[] {
		return [...this.followers.values()];
	}

	/**
	Read every line completed in the directory's files since the last update. Never rejects: problems go to `state`.
	*/
	async update(sink: LineSink): Promise<void> {
		let files: LogFile[];
		try {
			files = await listLogFiles(this.dir);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			this.state = code === 'ENOENT'
				? {kind: 'waiting', message: missingDirMessage(this.dir)}
				: {kind: 'error', message: describeError(this.dir, error)};
			await this.drainLeaving(sink);
			return;
		}

		const first = !this.started;
		this.started = true;
		if (first) {
			await this.skipOldFiles(files);
		}

		this.currentFile = files.at(-1)?.path;
		this.matchFiles(files, first);
		await this.drainLeaving(sink);

		// Oldest first, as the lines were written.
		let error: ReaderState | undefined;
		for (const [name, follower] of this.followers) {
			// eslint-disable-next-line no-await-in-loop
			const read = await follower.update(sink);
			if (follower.state.kind === 'error') {
				error ??= follower.state;
			} else if (!read && follower.path !== this.currentFile) {
				// eslint-disable-next-line no-await-in-loop
				await this.dropIfOld(name, follower, files);
			}
		}

		this.state = error ?? (files.length === 0
			? {kind: 'waiting', message: `waiting for .txt or .log files in ${this.dir}`}
			: {kind: 'reading'});
	}

	/*
	Pair the listing with the followers by file, not by name: a file renamed inside the directory keeps its follower (nothing read twice), a name that now holds another file gets a new one, and a follower whose file left the directory is drained and let go.
	*/
	private matchFiles(files: readonly LogFile[], first: boolean): void {
		const byFile = new Map(files.map(file => [fileKey(file.stats), file]));
		const byName = new Map(files.map(file => [file.name, file]));
		const matched = new Map<string, FileFollower>();
		for (const [name, follower] of this.followers) {
			const identity = follower.identity;
			// A follower that never opened its file (an error) stays with its name.
			const file = identity ? byFile.get(fileKey(identity)) : byName.get(name);
			if (file && !matched.has(file.name)) {
				follower.path = file.path;
				matched.set(file.name, follower);
			} else {
				this.leaving.push(follower);
			}
		}

		for (const file of files) {
			if (!matched.has(file.name) && !this.stillDropped(file)) {
				matched.set(file.name, this.follow(file, first, this.dropped.get(file.name)));
			}
		}

		for (const name of this.dropped.keys()) {
			if (!byName.has(name) || matched.has(name)) {
				this.dropped.delete(name);
			}
		}

		const order = files.map(file => file.name).filter(name => matched.has(name));
		this.followers = new Map(order.map(name => [name, matched.get(name)!]));
	}

	/* Files that left: read to their end at each update until one finds nothing new. */
	private async drainLeaving(sink: LineSink): Promise<void> {
		for (const follower of [...this.leaving]) {
			// eslint-disable-next-line no-await-in-loop
			if (!(await follower.drain(sink))) {
				this.leaving.splice(this.leaving.indexOf(follower), 1);
				// eslint-disable-next-line no-await-in-loop
				await follower.close();
			}
		}
	}

	/**
	The files to read again for a wider window, from the newest back: every file but those that the tolerance rule proves to be entirely older than `from`.
	*/
	async filesFor(from: number): Promise<LogFile[]> {
		const files = await listLogFiles(this.dir).catch(() => []);
		const wanted: LogFile[] = [];
		for (const file of files.reverse()) {
			wanted.push(file);
			// eslint-disable-next-line no-await-in-loop
			if (await this.olderThan(file, from)) {
				break;
			}
		}

		return wanted;
	}

	/** Where the follower of a file has read to: lines after it are read by updates, not by a re-read. */
	readTo(name: string): number | undefined {
		return this.followers.get(name)?.position ?? this.dropped.get(name)?.offset;
	}

	async close(): Promise<void> {
		const followers = [...this.followers.values(), ...this.leaving];
		this.followers.clear();
		this.leaving.length = 0;
		await Promise.all(followers.map(async follower => follower.close()));
	}

	/* At start-up, the newest files are read back to the first one that is entirely older than the window; that one and all before it are set aside unread. */
	private async skipOldFiles(files: readonly LogFile[]): Promise<void> {
		const from = this.options.windowStart();
		if (from === Number.NEGATIVE_INFINITY) {
			return;
		}

		for (let index = files.length - 2; index >= 0; index--) {
			const file = files[index]!;
			// eslint-disable-next-line no-await-in-loop
			if (await this.olderThan(file, from)) {
				for (const old of files.slice(0, index + 1)) {
					this.dropped.set(old.name, {ino: old.stats.ino, size: old.stats.size, mtimeMs: old.stats.mtimeMs, offset: old.stats.size});
				}

				return;
			}
		}
	}

	/* Whether no line of the file (nor of any written before it) can be at or after `from`. */
	private async olderThan(file: LogFile, from: number): Promise<boolean> {
		let handle: FileHandle | undefined;
		try {
			handle = await fs.open(file.path, 'r');
			const newest = await newestNearEnd(handle, file.stats.size);
			return newest !== undefined && newest < from - this.options.tolerance;
		} catch {
			return false;
		} finally {
			await handle?.close();
		}
	}

	private stillDropped(file: LogFile): boolean {
		const dropped = this.dropped.get(file.name);
		return dropped !== undefined && dropped.ino === file.stats.ino && dropped.size === file.stats.size && dropped.mtimeMs === file.stats.mtimeMs;
	}

	private follow(file: LogFile, first: boolean, dropped: Dropped | undefined): FileFollower {
		const {start, fileSystem, chunkSize, readBuffer} = this.options;
		// A set-aside file that grew is read on from where it was; any other new file from the window's start (at start-up) or its beginning.
		const resume = dropped && dropped.ino === file.stats.ino && file.stats.size >= dropped.offset ? dropped.offset : undefined;
		const from = resume === undefined ? (first ? start : undefined) : async () => resume;
		return new FileFollower(file.path, {start: from, fileSystem, chunkSize, readBuffer, reopen: false});
	}

	private async dropIfOld(name: string, follower: FileFollower, files: readonly LogFile[]): Promise<void> {
		const from = this.options.windowStart();
		if (follower.state.kind !== 'reading' || !(follower.newest < from - this.options.tolerance)) {
			return;
		}

		const file = files.find(file => file.name === name);
		if (!file || file.stats.ino !== follower.identity?.ino) {
			return;
		}

		this.followers.delete(name);
		this.dropped.set(name, {ino: file.stats.ino, size: file.stats.size, mtimeMs: file.stats.mtimeMs, offset: follower.position});
		await follower.close();
	}
}

/**
The directory's log files, oldest first: by modification time, ties broken by the number in the name (`log_10` after `log_9`), then by name.
*/
export async function listLogFiles(dir: string): Promise<LogFile[]> {
	const entries = await fs.readdir(dir, {withFileTypes: true});
	const files: LogFile[] = [];
	for (const entry of entries) {
		if (!/\.(?:txt|log)$/.test(entry.name) || !(entry.isFile() || entry.isSymbolicLink())) {
			continue;
		}

		const filePath = path.join(dir, entry.name);
		try {
			// eslint-disable-next-line no-await-in-loop
			const stats = await fs.stat(filePath);
			if (stats.isFile()) {
				files.push({name: entry.name, path: filePath, stats});
			}
		} catch {
			// Gone between the listing and the look: it is not there.
		}
	}

	return files.sort((a, b) => (a.stats.mtimeMs - b.stats.mtimeMs) || compareNames(a.name, b.name));
}

/**
Names in natural order: runs of digits compare as numbers, so `log_9.txt` comes before `log_10.txt`.
*/
export function compareNames(a: string, b: string): number {
	const aParts = a.match(/\d+|\D+/g) ?? [];
	const bParts = b.match(/\d+|\D+/g) ?? [];
	for (let i = 0; i < Math.min(aParts.length, bParts.length); i++) {
		const aPart = aParts[i]!;
		const bPart = bParts[i]!;
		if (aPart === bPart) {
			continue;
		}

		const aNumber = /^\d/.test(aPart);
		const bNumber = /^\d/.test(bPart);
		if (aNumber && bNumber) {
			const difference = Number(aPart) - Number(bPart);
			if (difference !== 0) {
				return difference;
			}
		}

		return aPart < bPart ? -1 : 1;
	}

	return aParts.length - bParts.length;
}

/** What to say while the directory does not exist: what makes it, and what to follow instead (SPEC section 3). */
export function missingDirMessage(dir: string): string {
	// The directory `dashboard generate` writes by default, however it was named.
	const isDefault = path.relative('.', dir) === 'logs';
	const generate = isDefault ? 'dashboard generate' : `dashboard generate --dir ${dir}`;
	const where = isDefault || !path.isAbsolute(dir) ? ' in this directory' : '';
	return `${dir} does not exist yet: run '${generate}'${where}, or follow a file with --file PATH`;
}

function fileKey(stats: {readonly dev: number; readonly ino: number}): string {
	return `${stats.dev}:${stats.ino}`;
}
