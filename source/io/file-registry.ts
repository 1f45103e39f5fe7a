/*
Files are told apart by device and inode (SPEC section 3), not by name: a file reached by a symbolic link, a hard link, or both `--file` and `--dir`, is one file, read once. The followers of one reader share a registry that says which of them reads each file now, and where reading stopped for a file none of them holds open, so that whoever takes it next goes on from there instead of reading it again.
*/

/** What tells one file from another. The birth time tells a new file from an old one that had the same inode number, where the system keeps one. */
export type FileIdentity = {
	readonly dev: number;
	readonly ino: number;
	readonly birthtimeMs: number;
};

/** Where reading of a file stopped: every line before `offset` was handed on. */
export type ReadPoint = {
	readonly offset: number;
	/** The bytes just before `offset`, to check that the file was not rewritten since; empty when not known. */
	readonly fingerprint: Uint8Array;
	/** `offset` is inside a line too long to keep, which is being skipped up to its newline. */
	readonly skipping: boolean;
};

/** A follower, as the registry needs it: how far it read a file it holds. */
export type FileOwner = {
	positionOf(file: FileIdentity): number | undefined;
};

/** Read points kept for files no follower holds; beyond this the oldest are forgotten (such a file is then read as new). */
const keptPoints = 10_000;

export class FileRegistry {
	private readonly owners = new Map<string, FileOwner>();
	private readonly points = new Map<string, ReadPoint>();

	/**
	Take the file for `owner`.

	@returns false when another follower reads it now.
	*/
	claim(file: FileIdentity, owner: FileOwner): boolean {
		const key = keyOf(file);
		const current = this.owners.get(key);
		if (current !== undefined && current !== owner) {
			return false;
		}

		this.owners.set(key, owner);
		return true;
	}

	/** `owner` lets the file go; a later claimant goes on from `point`. */
	release(file: FileIdentity, owner: FileOwner, point?: ReadPoint): void {
		const key = keyOf(file);
		if (this.owners.get(key) === owner) {
			this.owners.delete(key);
		}

		if (point) {
			this.remember(file, point);
		}
	}

	/** Say how far a file was read without anyone holding it (a file passed over at start-up). */
	remember(file: FileIdentity, point: ReadPoint): void {
		const key = keyOf(file);
		this.points.delete(key);
		this.points.set(key, point);
		if (this.points.size > keptPoints) {
			this.points.delete(this.points.keys().next().value!);
		}
	}

	/** Where reading of a file nobody holds stopped, taken out of the registry: the claimant keeps it from now on. */
	takePoint(file: FileIdentity): ReadPoint | undefined {
		const key = keyOf(file);
		const point = this.points.get(key);
		this.points.delete(key);
		return point;
	}

	/** Where reading of a file nobody holds stopped, left in the registry. */
	pointOf(file: FileIdentity): ReadPoint | undefined {
		return this.points.get(keyOf(file));
	}

	/** How far the file has been read, by its holder or before it was let go; undefined for a file never read. */
	positionOf(file: FileIdentity): number | undefined {
		const key = keyOf(file);
		const owner = this.owners.get(key);
		if (owner) {
			return owner.positionOf(file);
		}

		return this.points.get(key)?.offset;
	}
}

export function identityOf(stats: {readonly dev: number; readonly ino: number; readonly birthtimeMs: number}): FileIdentity {
	return {dev: stats.dev, ino: stats.ino, birthtimeMs: stats.birthtimeMs};
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
	return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}

/** One file, as a map key: device, inode and birth time. */
export function keyOf(file: FileIdentity): string {
	return `${file.dev}:${file.ino}:${file.birthtimeMs}`;
}
