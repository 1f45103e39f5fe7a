import {link, readFile, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {RuntimeError} from '../core/errors.js';

/*
One generator per directory: two would number their files from the same highest `log_K.txt`, and the one already running would meet the newcomer's file at its next rotation and stop. The first holds a lock file naming its process for as long as it writes; a second is refused at start. A lock left by a process that is gone (killed with -9) is taken over.
*/

/** Ends in neither `.txt` nor `.log`, so a follower of the directory never reads it. */
export const lockFileName = '.dashboard-generate.lock';

export type DirectoryLock = {
	/** Give the directory up; safe to call twice. */
	release(): Promise<void>;
};

/**
Take the directory for this process.

@throws RuntimeError naming the process that holds it, or the directory that cannot be locked.
*/
export async function lockDirectory(dir: string): Promise<DirectoryLock> {
	const lockFile = path.join(dir, lockFileName);
	const own = `${process.pid}\n`;
	// Written whole under a name of its own, then linked: a reader never sees a lock file without its process.
	const draft = path.join(dir, `${lockFileName}.${process.pid}`);
	try {
		await writeFile(draft, own);
		for (let attempt = 0; ; attempt++) {
			try {
				// eslint-disable-next-line no-await-in-loop
				await link(draft, lockFile);
				break;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
					throw error;
				}

				// eslint-disable-next-line no-await-in-loop
				const holder = await holderOf(lockFile);
				if (holder !== undefined && isRunning(holder)) {
					throw new RuntimeError(`another generator (process ${holder}) is writing into '${dir}': stop it first, or write into another --dir`);
				}

				// Left by a process that is gone: take it over.
				// eslint-disable-next-line no-await-in-loop
				await unlink(lockFile).catch(() => undefined);
			}
		}
	} catch (error) {
		if (error instanceof RuntimeError) {
			throw error;
		}

		throw new RuntimeError(`cannot lock directory '${dir}': ${(error as Error).message.replace(/^\w+: /, '')}`);
	} finally {
		await unlink(draft).catch(() => undefined);
	}

	let held = true;
	return {
		async release() {
			if (!held) {
				return;
			}

			held = false;
			// Only our own lock: after a takeover the file may be another process's.
			if (await holderOf(lockFile) === process.pid) {
				await unlink(lockFile).catch(() => undefined);
			}
		},
	};
}

async function holderOf(lockFile: string): Promise<number | undefined> {
	try {
		const pid = Number.parseInt(await readFile(lockFile, 'utf8'), 10);
		return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
