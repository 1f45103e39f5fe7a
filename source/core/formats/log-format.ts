import {LineCursor, lineResult} from '../line-cursor.js';
import type {ConnectionCursor, FileState} from './connection-cursor.js';
import {EveCursor} from './eve.js';
import {VpcCursor} from './vpc.js';
import {ZeekCursor} from './zeek.js';

/* The log formats the readers take (SPEC section 6), what each needs, and the cursor that reads it. */

export const logFormats = ['native', 'zeek', 'vpc', 'eve'] as const;

export type LogFormat = (typeof logFormats)[number];

/** What `--format` takes: a format, or `auto` to decide per file (`detectFormat`). */
export const formatChoices = ['auto', ...logFormats] as const;

export type FormatChoice = (typeof formatChoices)[number];

/**
How far out of order each format's lines are, by default (SPEC section 6): Zeek and Suricata write a connection when it ends, VPC when its aggregation interval closes. `--tolerance` overrides all of them.
*/
export const defaultTolerances: Readonly<Record<LogFormat, number>> = {
	native: 300_000,
	zeek: 3_600_000,
	vpc: 1_200_000,
	eve: 3_600_000,
};

/** The format's name for people: status line, `query`'s text output. */
export const formatLabels: Readonly<Record<LogFormat, string>> = {
	native: 'native',
	zeek: 'Zeek conn.log',
	vpc: 'VPC Flow Logs',
	eve: 'Suricata eve.json',
};

/**
A cursor over lines of `format`. Keep one per file and `reset()` it for each chunk: it carries the file's header state from chunk to chunk. A new file (rotated, replaced, truncated) needs a new cursor.

@param state The header state of the file when starting to read it after its header (a seek probe, a scan from an offset, a worker's part): `headerState` of the file's head. Ignored for formats without any (native, eve).
*/
export function createCursor(format: LogFormat, state?: FileState): ConnectionCursor {
	switch (format) {
		case 'native': {
			return new LineCursor();
		}

		case 'zeek': {
			return new ZeekCursor(state?.format === 'zeek' ? state : undefined);
		}

		case 'vpc': {
			return new VpcCursor(state?.format === 'vpc' ? state : undefined);
		}

		case 'eve': {
			return new EveCursor();
		}
	}
}

/**
What the header at the head of a file sets up for its records (Zeek's `#fields`, VPC's header line): read the head's lines up to the first record. Give it to `createCursor` for a cursor that starts in the middle of the same file.

@param head The file's first bytes, from offset 0 (`detectionBytes` of them is plenty: a header is a few hundred bytes).
@returns Undefined for a format without header state.
*/
export function headerState(format: LogFormat, head: Uint8Array, end = head.length): FileState | undefined {
	const cursor = createCursor(format);
	cursor.reset(head, 0, end);
	for (let result = cursor.next(); result !== lineResult.line && result !== lineResult.end; result = cursor.next()) {
		// Header lines: the cursor takes what they set.
	}

	return cursor.fileState;
}
