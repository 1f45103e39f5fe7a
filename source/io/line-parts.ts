import type {FileHandle} from 'node:fs/promises';
import {maxLineBytes} from '../core/formats/connection-cursor.js';
import type {ScanRange} from './scan-file.js';

/**
Cut a range into `count` parts, each starting at a line start (fewer when lines too long to find the end of leave no room for a cut): the first is larger by `headStart`, what its reader can read while the others' threads start; the others are equal.
*/
export async function splitAtLines(file: FileHandle, range: ScanRange, count: number, headStart: number): Promise<ScanRange[]> {
	const length = range.end - range.start;
	const first = Math.min(length, Math.floor((length + ((count - 1) * headStart)) / count));
	const rest = (length - first) / (count - 1);
	const cuts = [range.start];
	for (let k = 1; k < count; k++) {
		const at = range.start + first + Math.floor(rest * (k - 1));
		// eslint-disable-next-line no-await-in-loop
		const cut = await nextLineStart(file, Math.max(at, cuts.at(-1)!), range.end);
		// No cut inside a line too long to find the end of: the part before reads it to its end.
		if (cut !== undefined && cut > cuts.at(-1)! && cut < range.end) {
			cuts.push(cut);
		}
	}

	return cuts.map((start, index) => {
		const end = cuts[index + 1] ?? range.end;
		return {start, end, atFileEnd: end === range.end && range.atFileEnd};
	});
}

/** The first line start at or after `at`, or `end` when there is none before it; undefined when `at` is inside a line longer than `maxLineBytes`. */
async function nextLineStart(file: FileHandle, at: number, end: number): Promise<number | undefined> {
	const buffer = new Uint8Array(64 * 1024);
	let position = at - 1;
	while (position < end) {
		if (position - at >= maxLineBytes) {
			return undefined;
		}


		// eslint-disable-next-line no-await-in-loop
		const {bytesRead} = await file.read(buffer, 0, Math.min(buffer.length, end - position), position);
		if (bytesRead === 0) {
			break;
		}

		const index = buffer.subarray(0, bytesRead).indexOf(0x0A);
		if (index >= 0) {
			return position + index + 1;
		}

		position += bytesRead;
	}

	return end;
}
