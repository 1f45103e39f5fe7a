import type {LogFormat} from './log-format.js';

/*
`--format auto` (SPEC section 6): the format of a file from its first lines.

- a Zeek header (`#separator`, `#fields`), or a JSON object with the key `id.orig_h`: `zeek`;
- a VPC header line (naming `srcaddr`, `dstaddr` and `start`), or a record of 14 fields starting with `2`: `vpc`;
- a JSON object with the key `event_type`: `eve`;
- anything else: `native`.

Blank lines are passed over, and so are JSON objects with neither key and `#` lines that are not Zeek's (up to a few lines), in case the next line tells.
*/

/** How much of a file's head to read for `detectFormat` (and `headerState`): far more than a few lines of any format. */
export const detectionBytes = 64 * 1024;

/** Lines looked at before deciding on `native` for lack of a sign. */
const maxLines = 8;

/**
The format of a file whose first bytes are `head[0, end)`.

@param complete The head is the whole of the file (a finished file, an ended stream): its last line counts without newline, and a file too short to tell is native.
@returns Undefined while the head holds too little to tell (a followed file with no complete line yet): read more, or wait for more, and ask again.
*/
export function detectFormat(head: Uint8Array, end = head.length, complete = false): LogFormat | undefined {
	let start = 0;
	let looked = 0;
	while (looked < maxLines) {
		let lineEnd = head.subarray(0, end).indexOf(0x0A, start);
		if (lineEnd < 0) {
			if (!complete && end < detectionBytes) {
				return undefined;
			}

			if (start >= end) {
				return 'native';
			}

			lineEnd = end;
		}

		const line = Buffer.from(head.buffer, head.byteOffset + start, lineEnd - start).toString('latin1').replace(/\r$/, '').replaceAll(/^[ \t]+|[ \t]+$/g, '');
		start = lineEnd + 1;
		if (line === '') {
			continue;
		}

		looked++;
		const format = formatOfLine(line);
		if (format !== undefined) {
			return format;
		}
	}

	return 'native';
}

/** What one line says, or undefined when it says nothing either way. */
function formatOfLine(line: string): LogFormat | undefined {
	if (line.startsWith('#')) {
		return /^#(separator|fields)[ \t]/.test(line) ? 'zeek' : undefined;
	}

	if (line.startsWith('{')) {
		const keys = jsonKeys(line);
		if (keys.has('id.orig_h')) {
			return 'zeek';
		}

		return keys.has('event_type') ? 'eve' : undefined;
	}

	const fields = line.split(/[ \t]+/);
	if ((fields.includes('srcaddr') && fields.includes('dstaddr') && fields.includes('start')) || (fields.length === 14 && fields[0] === '2')) {
		return 'vpc';
	}

	return 'native';
}

/** The top-level keys of a JSON line; of a line that does not parse (cut short, say), the keys that appear as `"key":`. */
function jsonKeys(line: string): Set<string> {
	try {
		const value: unknown = JSON.parse(line);
		return new Set(value !== null && typeof value === 'object' ? Object.keys(value) : []);
	} catch {
		return new Set([...line.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map(match => match[1]!));
	}
}
