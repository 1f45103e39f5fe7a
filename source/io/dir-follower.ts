import type {Stats} from 'node:fs';
import * as fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {LogFormat} from '../core/formats/log-format.js';
import type {ReaderState} from './live-reader-contract.js';
import {describeError, FileFollower, newestNearEnd, openForReading, type FollowerFileSystem, type LineSink, type ReadBudget, type ReadBuffer} from './file-follower.js';
import {type FileReading, type FormatSettings, nativeFormat, readingOf} from './file-format.js';
import {FileRegistry, identityOf, keyOf, type FileIdentity, type ReadPoint} from './file-registry.js';

/*
Following a directory of log files as the generator writes them (SPEC section 3, `--dir`): every regular `.txt` or `.log` file in it counts; the newest by modification time (ties: the higher number in the name) is the current one. Each file has its own `FileFollower`, so a file in the directory may also be truncated or replaced.

- Files are told apart by device and inode: a file listed under two names (a `current.log` link beside `log_5.txt`, a hard link) is one file, and a file renamed inside the directory keeps its follower. Followers share the reader's registry, so a file also given as `--file` is read once.
- Only the current file is held open. Any other is closed once read (parked) and opened again only when the listing shows it changed, so a directory of thousands of files needs a few descriptors, and a refresh reads nothing from files that did not change.
- At start-up, by the tolerance rule (SPEC section 1), once a file's newest line is older than the window's start minus the tolerance, no line of it, nor of any file written before it, can be in the window: such files are passed over unread.
*/

export type DirFollowerOptions = {
	/** How to tell each file's format, and so its tolerance; native when absent. */
	readonly formats?: FormatSettings;
	/** The start of the oldest window still wanted (ms); -Infinity while unknown. */
	readonly windowStart: () => number;
	/** Where to start in a file that was there at start-up (a seek to the window). */
	readonly start?: (file: FileHandle, size: number, reading: FileReading) => Promise<number>;
	readonly fileSystem?: FollowerFileSystem;
	readonly chunkSize?: number;
	/** Shared by the followers of the files, which read one at a time. */
	readonly readBuffer?: ReadBuffer;
	/** Shared by the followers of one reader: who reads which file, and how far files were read. */
	readonly registry?: FileRegistry;
	readonly bulkBytes?: number;
	/** Shared by the followers of the files: see `FileFollowerOptions.budget`. */
	readonly budget?: ReadBudget;
};

/** A log file of the directory, as listed. */
export type LogFile = {
	readonly name: string;
	readonly path: string;
	readonly stats: Stats;
};

/** What a listing says of a file that is not held open: enough to see it change. */
type Unchanged = {
	readonly size: number;
	readonly mtimeMs: number;
};

/**
Follows the log files of a directory, current and older ones, handing whole lines to a sink.
*/
export class DirFollower {
	state: ReaderState = {kind: 'reading'};
	/** Path of the current (newest) file. */
	currentFile: string | undefined;
	/** Its format, once known. */
	currentFormat: LogFormat | undefined;
	/** By name, oldest first. */
	private followers = new Map<string, FileFollower>();
	private readonly leaving: FileFollower[] = [];
	/** Files not held open, by device and inode, as last seen: they are looked at again only when this changes. */
	private readonly resting = new Map<string, Unchanged>();
	private started = false;
	private readonly registry: FileRegistry;

	readonly dir: string;
	private readonly options: DirFollowerOptions;

	constructor(dir: string, options: DirFollowerOptions) {
		this.dir = dir;
		this.options = options;
		this.registry = options.registry ?? new FileRegistry();
	}

	/** The followers holding their file open now, oldest first. */
	get files(): readonly FileFollower[] {
		return [...this.followers.values(), ...this.leaving].filter(follower => follower.isOpen);
	}

	/** How far each file of the directory has been read, open or not: for a reader that keeps its own record of positions (ship). */
	readPoints(): Array<ReadPoint & {readonly identity: FileIdentity}> {
		const points: Array<ReadPoint & {readonly identity: FileIdentity}> = [];
		for (const follower of [...this.followers.values(), ...this.leaving]) {
			const open = follower.readPoint;
			const identity = follower.identity;
			const point = open ?? (identity && this.registry.pointOf(identity));
			if (point && identity) {
				points.push({...point, identity});
			}
		}

		return points;
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
			await this.passOverOldFiles(files);
		}

		this.currentFile = files.at(-1)?.path;
		this.matchFiles(files, first);
		await this.drainLeaving(sink);

		// Oldest first, as the lines were written.
		const listed = new Map(files.map(file => [file.name, file]));
		let error: ReaderState | undefined;
		for (const [name, follower] of this.followers) {
			const file = listed.get(name)!;
			const key = keyOf(file.stats);
			const current = file.path === this.currentFile;
			if (!current && isUnchanged(this.resting.get(key), file.stats)) {
				continue;
			}

			// eslint-disable-next-line no-await-in-loop
			await follower.update(sink);
			if (follower.state.kind === 'error') {
				error ??= follower.state;
				continue;
			}

			if (current) {
				this.resting.delete(key);
				this.currentFormat = follower.format;
			} else {
				// Resting only once read to the end listed: a reader that reads on a budget (ship) may stop partway, and the rest must be read later.
				const readToEnd = !follower.isOpen || follower.position >= file.stats.size;
				// eslint-disable-next-line no-await-in-loop
				await follower.park();
				if (readToEnd) {
					this.resting.set(key, {size: file.stats.size, mtimeMs: file.stats.mtimeMs});
				} else {
					this.resting.delete(key);
				}
			}
		}

		this.state = error ?? (files.length === 0
			? {kind: 'waiting', message: `waiting for .txt or .log files in ${this.dir}`}
			: {kind: 'reading'});
	}

	/*
	Pair the listing with the followers by file, not by name: a file renamed inside the directory keeps its follower (nothing read twice), a name that now holds another file gets a new one, and a follower whose file left the directory is drained and let go. A file passed over at start-up gets a follower once it changes.
	*/
	private matchFiles(files: readonly LogFile[], first: boolean): void {
		const byFile = new Map(files.map(file => [keyOf(file.stats), file]));
		const byName = new Map(files.map(file => [file.name, file]));
		const matched = new Map<string, FileFollower>();
		for (const [name, follower] of this.followers) {
			const identity = follower.identity;
			// A follower that never opened its file (an error) stays with its name.
			const file = identity ? byFile.get(keyOf(identity)) : byName.get(name);
			if (file && !matched.has(file.name)) {
				follower.path = file.path;
				matched.set(file.name, follower);
			} else {
				this.leaving.push(follower);
			}
		}

		for (const file of files) {
			if (!matched.has(file.name) && !isUnchanged(this.resting.get(keyOf(file.stats)), file.stats)) {
				matched.set(file.name, this.follow(file, first));
			}
		}

		for (const key of this.resting.keys()) {
			if (!byFile.has(key)) {
				this.resting.delete(key);
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
	The files to read again for a wider window, from the newest back: every file but those that the tolerance rule proves to be entirely older than `from`, each with how far updates have read it (lines after that are theirs). A file no update has read yet is left to the next update, which reads it whole.
	*/
	async filesFor(from: number): Promise<Array<LogFile & {readonly readTo: number}>> {
		const files = await listLogFiles(this.dir).catch(() => []);
		const old = await this.entirelyOlder(files, from);
		const wanted: Array<LogFile & {readonly readTo: number}> = [];
		for (const file of files.reverse()) {
			const readTo = this.registry.positionOf(identityOf(file.stats));
			if (readTo !== undefined && !old.has(file)) {
				wanted.push({...file, readTo});
			}
		}

		return wanted;
	}

	async close(): Promise<void> {
		const followers = [...this.followers.values(), ...this.leaving];
		this.followers.clear();
		this.leaving.length = 0;
		await Promise.all(followers.map(async follower => follower.close()));
	}

	/* At start-up, files entirely older than the window are passed over unread, as if read to their end; the current file is always read. */
	private async passOverOldFiles(files: readonly LogFile[]): Promise<void> {
		const from = this.options.windowStart();
		if (from === Number.NEGATIVE_INFINITY) {
			return;
		}

		for (const old of await this.entirelyOlder(files.slice(0, -1), from)) {
			this.registry.remember(identityOf(old.stats), {offset: old.stats.size, fingerprint: new Uint8Array(0), skipping: false});
			this.resting.set(keyOf(old.stats), {size: old.stats.size, mtimeMs: old.stats.mtimeMs});
		}
	}

	/*
	The files (oldest first) that can hold no line at or after `from`. By the tolerance rule, once a file's newest line is older than `from` minus the tolerance, no line of it nor of any file written before it can be: files last written strictly earlier (by modification time) are proven with it, unread. Files of the same modification time are not known to come before it, and are looked at one by one: times are often as coarse as a few milliseconds.
	*/
	private async entirelyOlder(files: readonly LogFile[], from: number): Promise<Set<LogFile>> {
		const old = new Set<LogFile>();
		let boundary = Number.NEGATIVE_INFINITY;
		for (let index = files.length - 1; index >= 0; index--) {
			const file = files[index]!;
			// eslint-disable-next-line no-await-in-loop
			if (file.stats.mtimeMs < boundary || await this.olderThan(file, from)) {
				old.add(file);
				boundary = Math.max(boundary, file.stats.mtimeMs);
			}
		}

		return old;
	}

	/* Whether no line of the file can be at or after `from`, by its newest line and its format's tolerance. */
	private async olderThan(file: LogFile, from: number): Promise<boolean> {
		let handle: FileHandle | undefined;
		try {
			handle = await openForReading(file.path);
			const reading = await readingOf(handle, file.stats.size, this.options.formats ?? nativeFormat);
			if (!reading) {
				return false;
			}

			const newest = await newestNearEnd(handle, file.stats.size, reading);
			return newest !== undefined && newest < from - reading.tolerance;
		} catch {
			return false;
		} finally {
			await handle?.close();
		}
	}

	private follow(file: LogFile, first: boolean): FileFollower {
		const {start, fileSystem, chunkSize, readBuffer, formats, bulkBytes, budget} = this.options;
		// A file there at start-up is read from the window's start; one that appears later, from its beginning. One read before (under another name, or passed over) goes on where that stopped: the registry knows.
		return new FileFollower(file.path, {start: first ? start : undefined, fileSystem, chunkSize, readBuffer, formats, bulkBytes, budget, registry: this.registry, reopen: false});
	}
}

function isUnchanged(seen: Unchanged | undefined, stats: Stats): boolean {
	return seen !== undefined && seen.size === stats.size && seen.mtimeMs === stats.mtimeMs;
}

/**
The directory's log files, oldest first: by modification time, ties broken by the number in the name (`log_10` after `log_9`), then by name.
*/
export async function listLogFiles(dir: string): Promise<LogFile[]> {
	const entries = await fs.readdir(dir, {withFileTypes: true});
	const files: LogFile[] = [];
	const links = new Set<string>();
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
				if (entry.isSymbolicLink()) {
					links.add(entry.name);
				}
			}
		} catch {
			// Gone between the listing and the look: it is not there.
		}
	}

	files.sort((a, b) => (a.stats.mtimeMs - b.stats.mtimeMs) || compareNames(a.name, b.name));
	// One entry a file: a name that is a symbolic link gives way to the file's own name, else the first name in order.
	const byFile = new Map<string, LogFile>();
	for (const file of files) {
		const key = keyOf(file.stats);
		const seen = byFile.get(key);
		if (!seen || (links.has(seen.name) && !links.has(file.name))) {
			byFile.set(key, file);
		}
	}

	return files.filter(file => byFile.get(keyOf(file.stats)) === file);
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
