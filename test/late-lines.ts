import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {toJson} from '../source/core/report.js';
import {openLiveReader} from '../source/io/live-reader.js';

/*
Late lines (SPEC section 4, the status line; section 5, `stats.late`): lines read since the last report that belong at or before that report's window end, within the tolerance, so its numbers have moved since.
*/

/** Timestamps below 1e11 are seconds: small test times are offsets from this. */
const base = 1_600_000_000_000;
const tolerance = 60_000;

async function withLog(use: (file: string) => Promise<void>): Promise<void> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'late-lines-'));
	try {
		await use(path.join(dir, 'app.log'));
	} finally {
		await fs.rm(dir, {recursive: true, force: true});
	}
}

const lines = (...stamps: number[]) => stamps.map(stamp => `${base + stamp} a b\n`).join('');

test('lines read after a report that belong before its end, within the tolerance, are counted late', async t => {
	await withLog(async file => {
		await fs.writeFile(file, lines(1000, 2000, 3000));
		const reader = openLiveReader({files: [file], window: 600_000, tolerance, now: base + 10_000});
		const report = (to: number) => reader.report({host: 'a', from: base - 600_000, to: base + to, topBy: 'source'});
		await reader.update();
		t.is(reader.status.late, 0, 'nothing was reported before the first read');
		t.is(report(10_000).stats.late, 0);
		// The report ended at +10 s. Late: +9 s, +10 s (the end itself is in its window) and -49 s (the tolerance before the end).
		// Not late: +11 s (after the end) and -51 s (beyond the tolerance: no reader can place it).
		await fs.appendFile(file, lines(9000, 11_000, 10_000, -50_000, -51_000));
		await reader.update();
		t.is(reader.status.late, 3);
		const next = report(20_000);
		t.is(next.stats.late, 3, 'the report says so too');
		t.is(report(20_000).stats.late, 3, 'every report of the same refresh');
		t.regex(toJson(next), /"stats":\{"lines":\d+,"malformed":0,"late":3\}/);
		// The next report ended at +20 s.
		await fs.appendFile(file, lines(15_000));
		await reader.update();
		t.is(reader.status.late, 1, 'counted afresh after a report');
		await reader.update();
		t.is(reader.status.late, 1, 'no report since: still the lines since the last one');
		await fs.appendFile(file, lines(19_000, 25_000));
		await reader.update();
		t.is(reader.status.late, 2, 'and adding up until the next');
		report(30_000);
		await reader.update();
		t.is(reader.status.late, 0);
		await reader.close();
	});
});

test('with the log clock, a line older than the newest line reported is late', async t => {
	await withLog(async file => {
		await fs.writeFile(file, lines(1000, 5000));
		const reader = openLiveReader({files: [file], window: 60_000, tolerance});
		await reader.update();
		const newest = reader.status.newestTimestamp!;
		reader.report({host: 'a', from: newest - 60_000, to: newest, topBy: 'source'});
		await fs.appendFile(file, lines(4000, 6000, 7000));
		await reader.update();
		t.is(reader.status.late, 1);
		await reader.close();
	});
});

test('query reports carry no late figure', t => {
	const report = {host: 'a', from: 0, to: 1, connectedTo: [], receivedFrom: [], top: {by: 'source' as const, leaders: [], ranking: []}, stats: {lines: 0, malformed: 0}, totals: {connectedTo: {hosts: 0, count: 0}, receivedFrom: {hosts: 0, count: 0}, top: {hosts: 0, count: 0}}};
	t.notRegex(toJson(report), /late/);
});
