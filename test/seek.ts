import {mkdtemp, open, rm, writeFile, type FileHandle} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {probeSize, seekWindowEnd, seekWindowStart} from '../source/io/seek.js';

const tolerance = 5000;
let directory: string;

test.before(async () => {
	directory = await mkdtemp(join(tmpdir(), 'dashboard-seek-'));
});

test.after.always(async () => {
	await rm(directory, {recursive: true, force: true});
});

type Log = {
	readonly text: string;
	/** Start offset and timestamp of each well-formed line. */
	readonly lines: ReadonlyArray<{readonly offset: number; readonly timestamp: number}>;
};

/** A sorted log, `count` lines 100 ms apart from t = 1e12, with garbage lines where `garbage(i)` says. */
function makeLog(count: number, options: {garbage?: (i: number) => string | undefined; jitter?: boolean} = {}): Log {
	const parts: string[] = [];
	const lines = [];
	let offset = 0;
	for (let i = 0; i < count; i++) {
		const junk = options.garbage?.(i);
		if (junk !== undefined) {
			parts.push(junk);
			offset += junk.length;
		}

		// Disorder within the tolerance: each line up to 4.9 s older than its place.
		const timestamp = 1e12 + (i * 100) - (options.jitter ? (Math.imul(i, 2_654_435_761) >>> 0) % 4900 : 0);
		lines.push({offset, timestamp});
		const line = `${timestamp} host-${i % 50} host-${(i * 7) % 50}\n`;
		parts.push(line);
		offset += line.length;
	}

	// Offsets count characters: the logs here are written in latin1, one byte each.
	return {text: parts.join(''), lines};
}

async function withFile<T>(name: string, text: string | Uint8Array, use: (file: FileHandle, size: number) => Promise<T>): Promise<T> {
	const path = join(directory, name);
	await writeFile(path, typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
	const file = await open(path);
	try {
		return await use(file, (await file.stat()).size);
	} finally {
		await file.close();
	}
}

/** A file handle that counts the bytes read through it. */
function counting(file: FileHandle): {file: FileHandle; read: () => number} {
	let total = 0;
	const proxy = {
		async read(buffer: Uint8Array, offset: number, length: number, position: number) {
			const result = await file.read(buffer, offset, length, position);
			total += result.bytesRead;
			return result;
		},
	};
	return {file: proxy as unknown as FileHandle, read: () => total};
}

function checkStart(t: import('ava').ExecutionContext, log: Log, from: number, start: number): void {
	t.true(start === 0 || log.text[start - 1] === '\n', 'a line start');
	for (const line of log.lines) {
		if (line.offset < start) {
			t.true(line.timestamp < from, `the line at ${line.offset} is before the window`);
		}
	}
}

function checkEnd(t: import('ava').ExecutionContext, log: Log, to: number, end: number): void {
	t.true(end === log.text.length || log.text[end - 1] === '\n', 'a line start');
	for (const line of log.lines) {
		if (line.offset >= end) {
			t.true(line.timestamp > to, `the line at ${line.offset} is after the window`);
		}
	}
}

test('finds a narrow window in a sorted file close to its lines', async t => {
	const log = makeLog(100_000);
	await withFile('sorted.log', log.text, async (file, size) => {
		const from = 1e12 + (50_000 * 100);
		const to = from + 1000;
		const start = await seekWindowStart(file, size, from, tolerance);
		const end = await seekWindowEnd(file, size, to, tolerance);
		checkStart(t, log, from, start);
		checkEnd(t, log, to, end);
		const firstInWindow = log.lines.find(line => line.timestamp >= from)!.offset;
		// The scan may read the tolerance's worth of lines on each side, plus one probe block.
		const margin = (tolerance / 100 * 40) + probeSize;
		t.true(firstInWindow - start < margin, `starts ${firstInWindow - start} bytes early`);
		t.true(end - firstInWindow < margin + 500, `ends ${end - firstInWindow} bytes after`);
	});
});

test('a narrow window in a large file costs a few probe reads', async t => {
	const log = makeLog(500_000);
	await withFile('large.log', log.text, async (handle, size) => {
		const {file, read} = counting(handle);
		const from = 1e12 + (250_000 * 100);
		await seekWindowStart(file, size, from, tolerance);
		await seekWindowEnd(file, size, from + 60_000, tolerance);
		t.true(size > 10_000_000);
		t.true(read() < 3 * 1024 * 1024, `read ${read()} bytes`);
	});
});

test('disorder within the tolerance never hides a line of the window', async t => {
	const log = makeLog(60_000, {jitter: true});
	await withFile('jitter.log', log.text, async (file, size) => {
		for (let k = 0; k < 100; k++) {
			const from = 1e12 + (k * 59_000) + 12_345;
			const to = from + (k * 700);
			// eslint-disable-next-line no-await-in-loop
			checkStart(t, log, from, await seekWindowStart(file, size, from, tolerance));
			// eslint-disable-next-line no-await-in-loop
			checkEnd(t, log, to, await seekWindowEnd(file, size, to, tolerance));
		}
	});
});

test('malformed and blank lines at probe points are skipped', async t => {
	const garbage = (i: number) => (i % 500 < 200 ? (i % 2 ? 'garbage line\n' : '\n  \n') : undefined);
	const log = makeLog(60_000, {garbage});
	await withFile('garbage.log', log.text, async (file, size) => {
		const from = 1e12 + (30_000 * 100);
		const start = await seekWindowStart(file, size, from, tolerance);
		const end = await seekWindowEnd(file, size, from, tolerance);
		checkStart(t, log, from, start);
		checkEnd(t, log, from, end);
		t.true(start > size / 3, 'it still seeks');
		t.true(end < size * 2 / 3, 'it still seeks');
	});
});

test('a region of binary garbage bigger than a probe is safe', async t => {
	const log = makeLog(40_000, {garbage: i => (i === 20_000 ? `${'\u0000\u00FF\u0007'.repeat(400_000)}\n` : undefined)});
	await withFile('binary.log', log.text, async (file, size) => {
		for (const from of [1e12 + (19_000 * 100), 1e12 + (20_000 * 100), 1e12 + (21_000 * 100)]) {
			// eslint-disable-next-line no-await-in-loop
			checkStart(t, log, from, await seekWindowStart(file, size, from, tolerance));
			// eslint-disable-next-line no-await-in-loop
			checkEnd(t, log, from, await seekWindowEnd(file, size, from, tolerance));
		}
	});
});

test('lines longer than a probe block are read whole', async t => {
	const long = 'x'.repeat(3 * probeSize);
	const log = makeLog(20_000, {garbage: i => (i % 1000 === 0 ? `${1e12 + (i * 100)} ${long} y\n` : undefined)});
	await withFile('long.log', log.text, async (file, size) => {
		const from = 1e12 + (10_500 * 100);
		checkStart(t, log, from, await seekWindowStart(file, size, from, tolerance));
		checkEnd(t, log, from, await seekWindowEnd(file, size, from, tolerance));
	});
});

test('a window before every line starts at 0 and ends early; one after every line starts late and ends at the end', async t => {
	const log = makeLog(30_000);
	await withFile('edges.log', log.text, async (file, size) => {
		t.is(await seekWindowStart(file, size, 0, tolerance), 0);
		t.true(await seekWindowEnd(file, size, 1000, tolerance) < probeSize * 2);
		const last = log.lines.at(-1)!.timestamp;
		t.true(await seekWindowStart(file, size, last + 60_000, tolerance) > size - (probeSize * 2));
		t.is(await seekWindowEnd(file, size, last + 60_000, tolerance), size);
	});
});

test('a file without a final newline, and an empty file', async t => {
	const log = makeLog(30_000);
	const text = log.text.slice(0, -1);
	await withFile('no-newline.log', text, async (file, size) => {
		const last = log.lines.at(-1)!;
		const end = await seekWindowEnd(file, size, last.timestamp, 0);
		t.is(end, size, 'the last line is a line');
		const start = await seekWindowStart(file, size, last.timestamp, 0);
		t.true(start <= last.offset);
	});
	await withFile('empty.log', '', async (file, size) => {
		t.is(await seekWindowStart(file, size, 1e12, tolerance), 0);
		t.is(await seekWindowEnd(file, size, 1e12, tolerance), 0);
	});
});
