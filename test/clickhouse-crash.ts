import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {openConnection} from '../source/io/clickhouse/connection.js';
import {runShipper} from '../source/io/clickhouse/shipper.js';
import {holdsEverywhere, startCluster, whenInstalled, type Cluster} from './helpers/clickhouse-cluster.js';
import {bruteAnswers, dashboard, eventually, makeLog, reportAnswers, startDashboard} from './helpers/clickhouse-logs.js';

/*
The shipper killed with SIGKILL at random moments while a writer appends (lines split across writes) and, in the directory case, rotates to new files: after every restart it must go on exactly where the last batch that landed ended. At the end the table must hold every line of the files exactly once: compared row by row (timestamp and bytes of both hosts) with a brute force over the files, and through the dashboard's query.
*/

let cluster: Cluster;

whenInstalled(test, () => {
	test.before(async t => {
		t.timeout(600_000);
		cluster = await startCluster(1);
	});

	test.after.always(async t => {
		t.timeout(120_000);
		await cluster?.stop();
	});

	/** Every line of the table as `ts hex(src) hex(dst)`, sorted. */
	async function tableLines(table: string): Promise<string[]> {
		const text = await cluster.sql(cluster.servers[0]!, `SELECT ts, hex(src), hex(dst) FROM ${table} WHERE ts != 18446744073709551615 FORMAT TabSeparated`);
		return text.split('\n').filter(Boolean).sort();
	}

	function expectedLines(lines: ReadonlyArray<readonly [number, Buffer, Buffer]>): string[] {
		return lines.map(([ts, source, destination]) => `${ts}\t${source.toString('hex').toUpperCase()}\t${destination.toString('hex').toUpperCase()}`).sort();
	}

	let seed = 1000;
	function random(): number {
		seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
		return seed / 2 ** 32;
	}

	/*
	Kill the shipper `kills` times at random moments (0.2 to 2.5 s after its start: before, during and after inserts) while `write` goes on, then let a last one finish the files.
	*/
	async function killRepeatedly(args: string[], table: string, kills: number, write: (round: number) => Promise<void>, expected: () => Array<[number, Buffer, Buffer]>): Promise<{shipped: string[]; stderr: string}> {
		let stderr = '';
		for (let round = 0; round < kills; round++) {
			const shipper = startDashboard(args);
			// eslint-disable-next-line no-await-in-loop
			await write(round);
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 200 + Math.floor(random() * 2300));
			});
			shipper.child.kill('SIGKILL');
			// eslint-disable-next-line no-await-in-loop
			await shipper.exited;
			stderr += shipper.stderr();
		}

		const last = startDashboard(args);
		await eventually(async () => (await tableLines(table)).length >= expected().length, 'the last shipper to catch up', 240_000);
		// A little longer: a double would show up now.
		await new Promise(resolve => {
			setTimeout(resolve, 2500);
		});
		last.child.kill('SIGTERM');
		const run = await last.exited;
		return {shipped: await tableLines(table), stderr: stderr + run.stderr};
	}

	test.serial('kill -9 at random moments while a file grows: every line in the table exactly once', async t => {
		t.timeout(600_000);
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-crash-'));
		const file = path.join(dir, 'app.log');
		const lines: Array<[number, Buffer, Buffer]> = [];
		const start = Date.UTC(2026, 1, 1);
		await fs.writeFile(file, '');
		let carried = Buffer.alloc(0);
		const write = async (round: number) => {
			// Large appends, so that many kills land inside an INSERT; cut at a random byte, the rest written next round.
			const log = makeLog(40_000 + Math.floor(random() * 40_000), round + 7, start + (round * 600_000), {step: 3});
			lines.push(...log.lines);
			const bytes = Buffer.concat([carried, log.bytes]);
			const cut = Math.floor(random() * bytes.length);
			await fs.appendFile(file, bytes.subarray(0, cut));
			carried = bytes.subarray(cut);
		};

		const {shipped, stderr} = await killRepeatedly(['ship', '--clickhouse', cluster.servers[0]!.url, '--table', 'crash_file', '--file', file, '--shipper', 'crash-file'], 'crash_file', 12, async round => {
			await write(round);
			if (round === 11) {
				await fs.appendFile(file, carried);
				carried = Buffer.alloc(0);
			}
		}, () => lines);
		t.true(stderr.includes('resuming after batch'), 'later runs resumed from the table');
		t.is(shipped.length, lines.length);
		t.deepEqual(shipped, expectedLines(lines));
		await eventually(async () => holdsEverywhere(cluster, cluster.servers[0]!, 'crash_file', lines.length), 'the per-second and per-minute tables to hold every line');
		// The per-second and per-minute tables agree with the raw rows: the dashboard's answers are the brute force's.
		const result = await dashboard(['query', '--clickhouse', cluster.servers[0]!.url, '--table', 'crash_file', '--host', 'Hannibal', '--from', String(start), '--to', String(start + (12 * 600_000)), '--top-by', 'involved', '--json']);
		t.deepEqual(reportAnswers(JSON.parse(result.stdout) as Parameters<typeof reportAnswers>[0]), bruteAnswers(lines, 'Hannibal', start, start + (12 * 600_000), 'involved'));
		await fs.rm(dir, {recursive: true, force: true});
	});

	test.serial('kill -9 at random moments while a directory rotates to new files: every line exactly once', async t => {
		t.timeout(600_000);
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-crash-dir-'));
		const lines: Array<[number, Buffer, Buffer]> = [];
		const start = Date.UTC(2026, 2, 1);
		let current = '';
		const write = async (round: number) => {
			const log = makeLog(20_000 + Math.floor(random() * 30_000), round + 70, start + (round * 300_000), {step: 5});
			lines.push(...log.lines);
			// Every other round the current file is finished and a new one begins, as the generator rotates.
			if (round % 2 === 0) {
				current = path.join(dir, `log_${(round / 2) + 1}.txt`);
			}

			const half = Math.floor(log.bytes.length / 2);
			await fs.appendFile(current, log.bytes.subarray(0, half));
			await fs.appendFile(current, log.bytes.subarray(half));
		};

		const {shipped} = await killRepeatedly(['ship', '--clickhouse', cluster.servers[0]!.url, '--table', 'crash_dir', '--dir', dir, '--shipper', 'crash-dir'], 'crash_dir', 10, write, () => lines);
		t.is(shipped.length, lines.length);
		t.deepEqual(shipped, expectedLines(lines));
		await fs.rm(dir, {recursive: true, force: true});
	});

	test.serial('a backlog larger than a batch goes out in bounded batches, across many files, each line once', async t => {
		t.timeout(300_000);
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-backlog-'));
		const lines: Array<[number, Buffer, Buffer]> = [];
		let bytes = 0;
		for (let index = 1; index <= 6; index++) {
			const log = makeLog(8000, 100 + index, Date.UTC(2026, 4, 1) + (index * 60_000), {step: 7});
			lines.push(...log.lines);
			bytes += log.bytes.length;
			// eslint-disable-next-line no-await-in-loop
			await fs.writeFile(path.join(dir, `log_${index}.txt`), log.bytes);
			// eslint-disable-next-line no-await-in-loop
			await fs.utimes(path.join(dir, `log_${index}.txt`), index, index);
		}

		const connection = openConnection(cluster.servers[0]!.url);
		const stop = new AbortController();
		const shipping = runShipper({connection, table: 'backlog', shipper: 'backlog', files: [], dir, maxBatchBytes: 64 * 1024, interval: 100}, stop.signal);
		let totals;
		try {
			await eventually(async () => (await tableLines('backlog')).length >= lines.length, 'the backlog to be shipped', 60_000);
			await new Promise(resolve => {
				setTimeout(resolve, 1000);
			});
		} finally {
			stop.abort();
			totals = await shipping;
			await connection.close();
		}

		t.deepEqual(await tableLines('backlog'), expectedLines(lines));
		// No batch read more than 64 KB.
		t.true(totals.batches >= bytes / (64 * 1024), `${totals.batches} batches for ${bytes} bytes`);
		t.is(totals.lines, lines.length);
		await fs.rm(dir, {recursive: true, force: true});
	});

	test.serial('a file replaced while the shipper was down is read from its start; the bytes before a stored position decide', async t => {
		t.timeout(300_000);
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-replace-'));
		const file = path.join(dir, 'app.log');
		const first = makeLog(2000, 5, Date.UTC(2026, 3, 1));
		await fs.writeFile(file, first.bytes);
		const args = ['ship', '--clickhouse', cluster.servers[0]!.url, '--table', 'replaced', '--file', file, '--shipper', 'replace'];
		const one = startDashboard(args);
		await eventually(async () => (await tableLines('replaced')).length === first.lines.length, 'the first file to be shipped');
		one.child.kill('SIGKILL');
		await one.exited;
		// Rotated away while nobody shipped: a new file at the path.
		await fs.rename(file, `${file}.1`);
		const second = makeLog(1500, 6, Date.UTC(2026, 3, 2));
		await fs.writeFile(file, second.bytes);
		const two = startDashboard(args);
		await eventually(async () => (await tableLines('replaced')).length >= first.lines.length + second.lines.length, 'the new file to be shipped');
		await new Promise(resolve => {
			setTimeout(resolve, 2000);
		});
		two.child.kill('SIGTERM');
		await two.exited;
		t.deepEqual(await tableLines('replaced'), expectedLines([...first.lines, ...second.lines]));
		await fs.rm(dir, {recursive: true, force: true});
	});
});
