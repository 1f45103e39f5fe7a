import type {Stats} from 'node:fs';
import type {FileHandle} from 'node:fs/promises';
import {detectionBytes} from '../core/formats/detect-format.js';
import {WindowTally, type WindowTallyOptions} from '../core/window-tally.js';
import {cursorFor, type FileReading, type FormatSettings, readingOf, readingOfHead} from './file-format.js';
import {loadKernel} from './load-kernel.js';
import {type ParallelOptions, scanParallel} from './parallel-scan.js';
import {type ByteSource, scanRange, tallyFor} from './scan-file.js';
import {probeSize, seekWindowEnd, seekWindowStart} from './seek.js';

/*
How `query` reads one file (SPEC sections 3 and 6): its format, forced or decided from its head; the window found by binary search with that format's tolerance and cursor; then the scan, native lines through the scanner kernel and the other formats through their cursor, a large range across worker threads. A pipe or device is read from its start as it comes, its format decided from its first bytes.
*/

/** The question asked of every file: the tolerance is each file's own, from its format. */
export type QueryWindow = Omit<WindowTallyOptions, 'tolerance'>;

export type FileAnswer = {
	readonly tally: WindowTally;
	readonly reading: FileReading;
	/** Bytes scanned, seek probes aside. */
	readonly bytesRead: number;
	/** The format was forced, and the whole file was read without a single connection of it but with malformed lines: the file is not in that format. */
	readonly misfit: boolean;
};

/**
Count the window's lines of one open file.

@param parallel How to split a large range across threads (tests force workers on small files).
*/
export async function queryFile(handle: FileHandle, stats: Stats, settings: FormatSettings, window: QueryWindow, parallel: ParallelOptions = {}): Promise<FileAnswer> {
	if (!stats.isFile()) {
		return queryStream(handle, settings, window);
	}

	const {size} = stats;
	const reading = (await readingOf(handle, size, settings, true)) ?? nativeOf(settings);
	const tolerance = reading.tolerance;
	let start = 0;
	let end = size;
	if (size > 2 * probeSize) {
		const newCursor = () => cursorFor(reading);
		start = await seekWindowStart(handle, size, window.from, tolerance, newCursor);
		end = await seekWindowEnd(handle, size, window.to, tolerance, newCursor);
		if (end < start) {
			// Only a file out of order can prove the window both ends before and starts after a point: read it all, and the scan will warn.
			start = 0;
			end = size;
		}
	}

	const {tally, bytesRead} = await scanParallel(handle, {start, end, atFileEnd: end === size}, {...window, tolerance}, {...parallel, reading});
	// A narrowed range means a probe found a connection: only a whole file read can show there is none.
	return {tally, reading, bytesRead, misfit: isMisfit(reading, tally) && start === 0 && end === size};
}

/* A pipe or device: no position, no seeking, no second look at its head. */
async function queryStream(handle: FileHandle, settings: FormatSettings, window: QueryWindow): Promise<FileAnswer> {
	const stream: ByteSource = {
		async read(buffer, offset, length) {
			return handle.read(buffer, offset, length, null);
		},
	};
	const {reading, head} = await streamHead(stream, settings);
	const counts = tallyFor(reading, loadKernel, {...window, tolerance: reading.tolerance});
	const {bytesRead} = await scanRange(headFirst(head, stream), {start: 0, end: Number.POSITIVE_INFINITY, atFileEnd: true}, counts);
	const tally = new WindowTally({...window, tolerance: reading.tolerance});
	tally.merge(counts.snapshot());
	return {tally, reading, bytesRead, misfit: isMisfit(reading, tally)};
}

/* With `auto`, the stream's first bytes, read until they tell its format (a complete line, `detectionBytes`, or the end). */
async function streamHead(stream: ByteSource, settings: FormatSettings): Promise<{reading: FileReading; head: Uint8Array}> {
	const head = new Uint8Array(settings.choice === 'auto' ? detectionBytes : 0);
	let filled = 0;
	for (;;) {
		const reading = readingOfHead(head, filled, settings);
		if (reading) {
			return {reading, head: head.subarray(0, filled)};
		}

		// eslint-disable-next-line no-await-in-loop
		const {bytesRead} = await stream.read(head, filled, head.length - filled, 0);
		if (bytesRead === 0) {
			return {reading: readingOfHead(head, filled, settings, true) ?? nativeOf(settings), head: head.subarray(0, filled)};
		}

		filled += bytesRead;
	}
}

/* The head again, then the rest of the stream. */
function headFirst(head: Uint8Array, stream: ByteSource): ByteSource {
	let served = 0;
	return {
		async read(buffer, offset, length, position) {
			if (served < head.length) {
				const count = Math.min(length, head.length - served);
				buffer.set(head.subarray(served, served + count), offset);
				served += count;
				return {bytesRead: count};
			}

			return stream.read(buffer, offset, length, position);
		},
	};
}

function isMisfit(reading: FileReading, tally: WindowTally): boolean {
	return reading.forced && tally.newest === Number.NEGATIVE_INFINITY && tally.malformed > 0;
}

/* What a file whose head says nothing (it shrank under us) is read as. */
function nativeOf(settings: FormatSettings): FileReading {
	return {format: 'native', tolerance: settings.tolerances.native, forced: false};
}
