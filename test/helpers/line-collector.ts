import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {LineSink} from '../../source/io/file-follower.js';

export async function temporaryDirectory(prefix = 'follower-'): Promise<string> {
	return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Keeps the lines handed on, as text, and reports their newest timestamp as the reader's sink does. */
export function collector(): {lines: string[]; sink: LineSink} {
	const lines: string[] = [];
	return {
		lines,
		sink: {
			lines(buffer, start, end) {
				const text = Buffer.from(buffer.subarray(start, end)).toString('utf8').split('\n').slice(0, -1);
				lines.push(...text);
				const timestamps = text.map(line => Number(line.trim().split(/[ \t]+/)[0])).filter(Number.isFinite);
				return timestamps.length > 0 ? Math.max(...timestamps) : Number.NEGATIVE_INFINITY;
			},
			overlong() {
				lines.push('<overlong>');
			},
		},
	};
}
