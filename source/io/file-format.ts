import type {FileHandle} from 'node:fs/promises';
import type {ConnectionCursor, FileState} from '../core/formats/connection-cursor.js';
import {detectFormat, detectionBytes} from '../core/formats/detect-format.js';
import {createCursor, defaultTolerances, headerState, type FormatChoice, type LogFormat} from '../core/formats/log-format.js';

/*
How each file is read (SPEC section 6): its format, forced by `--format` or decided from its first lines, that format's tolerance, and what its header sets up for a reader that starts after it (a seek, a second look at its end). Decided per file, from the file's own head, so a directory may hold files of several formats and a file rotated into another format is read as what it now is.
*/

/** What `--format` and `--tolerance` say for every file of a reader. */
export type FormatSettings = {
	readonly choice: FormatChoice;
	/** Each format's tolerance: its default, or `--tolerance` for all. */
	readonly tolerances: Readonly<Record<LogFormat, number>>;
};

/** The native format and its tolerance: what a reader takes when not told otherwise. */
export const nativeFormat: FormatSettings = {choice: 'native', tolerances: defaultTolerances};

/** How one file is read. */
export type FileReading = {
	readonly format: LogFormat;
	readonly tolerance: number;
	/** The header's column map, for cursors that start after it. */
	readonly state?: FileState;
	/** The format was forced rather than decided from the file: a file that does not fit it is worth saying so. */
	readonly forced: boolean;
};

/**
How to read a file whose first bytes are `head[0, end)`.

@param complete `head` is the whole file (or stream): a last line without newline counts.
@returns Undefined while `auto` cannot tell yet (no complete line): ask again when more is there.
*/
export function readingOfHead(head: Uint8Array, end: number, settings: FormatSettings, complete = false): FileReading | undefined {
	const forced = settings.choice !== 'auto';
	const format = settings.choice === 'auto' ? detectFormat(head, end, complete) : settings.choice;
	if (format === undefined) {
		return undefined;
	}

	return {format, tolerance: settings.tolerances[format], state: headerState(format, head, end), forced};
}

/**
How to read a regular file, from its head (the first `detectionBytes`).

@param finished The file is complete (`query`): a last line without newline counts. A followed file's is still being written.
*/
export async function readingOf(handle: FileHandle, size: number, settings: FormatSettings, finished = false): Promise<FileReading | undefined> {
	if (settings.choice === 'native') {
		return {format: 'native', tolerance: settings.tolerances.native, forced: true};
	}

	const head = new Uint8Array(Math.min(size, detectionBytes));
	let filled = 0;
	while (filled < head.length) {
		// eslint-disable-next-line no-await-in-loop
		const {bytesRead} = await handle.read(head, filled, head.length - filled, filled);
		if (bytesRead === 0) {
			break;
		}

		filled += bytesRead;
	}

	return readingOfHead(head, filled, settings, finished && filled >= size);
}

/** A cursor for the file: give each file its own, since it keeps the file's header state from chunk to chunk. */
export function cursorFor(reading: FileReading): ConnectionCursor {
	return createCursor(reading.format, reading.state);
}
