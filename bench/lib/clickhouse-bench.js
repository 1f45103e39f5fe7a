/*
The ClickHouse part of `npm run bench` (alone: `npm run bench -- --only clickhouse`): a real server started here (own config, data in a temp dir, 127.0.0.1 only), an hour of lines at 10 000 a second shipped by `dashboard ship` (ingest rows/s), then a live generator at 10 000 lines/s with its shipper running while the dashboard's server reader refreshes 10 s, 1 min and 1 h windows, interleaved (refresh = update() + report() + hosts(), as the app does). For the choice of design, the same 1 h answers counted from the raw rows alone.
*/
import {spawn, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, openSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {pathToFileURL} from 'node:url';

const serverBinary = ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'].find(path => existsSync(path));

export function clickhouseInstalled() {
	return serverBinary !== undefined;
}

async function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address();
			server.close(() => resolve(port));
		});
	});
}

async function startServer(dir) {
	const [httpPort, tcpPort] = [await freePort(), await freePort()];
	for (const sub of ['data', 'tmp', 'log']) {
		mkdirSync(join(dir, sub), {recursive: true});
	}

	writeFileSync(join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
	<logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog></logger>
	<http_port>${httpPort}</http_port><tcp_port>${tcpPort}</tcp_port><listen_host>127.0.0.1</listen_host>
	<path>${dir}/data/</path><tmp_path>${dir}/tmp/</tmp_path><user_files_path>${dir}/user_files/</user_files_path>
	<users_config>${dir}/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
	<mark_cache_size>268435456</mark_cache_size><timezone>UTC</timezone>
</yandex>
`);
	writeFileSync(join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex><profiles><default><max_memory_usage>8000000000</max_memory_usage></default></profiles>
<users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
<quotas><default></default></quotas></yandex>
`);
	const out = openSync(join(dir, 'log', 'stdout.log'), 'a');
	const child = spawn(serverBinary, [`--config-file=${join(dir, 'config.xml')}`], {stdio: ['ignore', out, out]});
	const url = `http://127.0.0.1:${httpPort}`;
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		try {
			// eslint-disable-next-line no-await-in-loop
			if ((await fetch(`${url}/ping`)).ok) {
				return {url, child};
			}
		} catch {}

		// eslint-disable-next-line no-await-in-loop
		await sleep(100);
	}

	child.kill('SIGKILL');
	throw new Error('clickhouse-server did not start');
}

async function sql(url, query) {
	const response = await fetch(`${url}/`, {method: 'POST', body: query});
	const text = await response.text();
	if (!response.ok) {
		throw new Error(text);
	}

	return text;
}

const sleep = async ms => new Promise(resolve => {
	setTimeout(resolve, ms);
});

async function stop(child) {
	if (child.exitCode !== null) {
		return;
	}

	const exited = new Promise(resolve => {
		child.once('exit', resolve);
	});
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	await exited;
	clearTimeout(timer);
}

const count = async (url, table) => Number((await sql(url, `SELECT count() FROM ${table} WHERE ts != 18446744073709551615`)).trim());

/**
Run the part; returns rows for the results and the targets' figures.
*/
export async function benchClickHouse({cli, dist, tmp, rate = 10_000, hostCount = 2000, rounds = 15, log = console.log}) {
	const dir = join(tmp, 'clickhouse');
	mkdirSync(dir, {recursive: true});
	const server = await startServer(join(dir, 'server'));
	const children = [server.child];
	try {
		const now = Date.now();
		const hour = 3_600_000;
		// The hour before now, written fast, then shipped: ingest rows/s.
		const backlog = join(dir, 'backlog');
		const lines = Math.round(rate * 3600);
		log(`clickhouse: writing an hour of lines (${lines}) ...`);
		execFileSync(process.execPath, [cli, 'generate', '--dir', backlog, '--fast', '--start', String(now - hour), '--rate', String(rate), '--host-count', String(hostCount), '--seed', '11', '--lines', String(lines), '--lines-per-file', String(lines)], {stdio: 'ignore'});
		log('clickhouse: shipping it ...');
		const ingestStart = performance.now();
		const shipBacklog = spawn(process.execPath, [cli, 'ship', '--clickhouse', server.url, '--dir', backlog, '--shipper', 'backlog'], {stdio: 'ignore'});
		children.push(shipBacklog);
		let shipped = 0;
		while (shipped < lines) {
			// eslint-disable-next-line no-await-in-loop
			await sleep(250);
			// eslint-disable-next-line no-await-in-loop
			shipped = await count(server.url, 'conn').catch(() => 0);
		}

		const ingestSeconds = (performance.now() - ingestStart) / 1000;
		await stop(shipBacklog);

		// Live: 10 000 lines a second, shipped as they come, while the reader refreshes.
		const liveDir = join(dir, 'live');
		const generator = spawn(process.execPath, [cli, 'generate', '--dir', liveDir, '--rate', String(rate), '--host-count', String(hostCount), '--seed', '12'], {stdio: 'ignore'});
		children.push(generator);
		await sleep(1000);
		const shipLive = spawn(process.execPath, [cli, 'ship', '--clickhouse', server.url, '--dir', liveDir, '--shipper', 'live'], {stdio: 'ignore'});
		children.push(shipLive);
		// A minute and more of live lines first, so that the 10 s and 1 min windows are full (the backlog ends when its shipping began).
		log('clickhouse: live generator and shipper warming up for 65 s ...');
		await sleep(65_000);
		const liveBefore = await count(server.url, 'conn');
		const liveAt = performance.now();

		const {openServerReader} = await import(pathToFileURL(join(dist, 'source', 'io', 'clickhouse', 'server-reader.js')).href);
		const windows = [['10 s', 10_000], ['1 min', 60_000], ['1 h', hour]];
		const readers = windows.map(([, window]) => openServerReader({url: server.url, table: 'conn', window, now: Date.now()}));
		const times = windows.map(() => []);
		const host = 'Hannibal';
		let linesInWindow = windows.map(() => 0);
		for (let round = 0; round < rounds + 1; round++) {
			for (const [index, reader] of readers.entries()) {
				const begin = performance.now();
				// eslint-disable-next-line no-await-in-loop
				await reader.update();
				const to = Date.now();
				const report = reader.report({host, from: to - windows[index][1], to, topBy: 'source', limit: 1000, topLimit: 1000});
				reader.hosts();
				const took = performance.now() - begin;
				if (reader.status.state.kind === 'error') {
					throw new Error(reader.status.state.message);
				}

				// The first refresh of each reader also starts its threads: not counted.
				if (round > 0) {
					times[index].push(took);
				}

				linesInWindow[index] = report.stats.lines;
			}

			// eslint-disable-next-line no-await-in-loop
			await sleep(1000);
		}

		const liveRate = ((await count(server.url, 'conn')) - liveBefore) / ((performance.now() - liveAt) / 1000);
		await Promise.all(readers.map(async reader => reader.close()));

		// The same 1 h answers from the raw rows only, as the choice's baseline.
		const to = Date.now();
		const from = to - hour;
		const raw = [];
		for (let round = 0; round < 3; round++) {
			const begin = performance.now();
			// eslint-disable-next-line no-await-in-loop
			await Promise.all([
				sql(server.url, `SELECT src, count() AS c FROM conn WHERE ts >= ${from} AND ts <= ${to} GROUP BY src ORDER BY c DESC, src LIMIT 1000 FORMAT Null`),
				sql(server.url, `SELECT h, count() AS c FROM conn ARRAY JOIN if(src = dst, [src], [src, dst]) AS h WHERE ts >= ${from} AND ts <= ${to} GROUP BY h ORDER BY c DESC, h LIMIT 5000 FORMAT Null`),
				sql(server.url, `SELECT src, count() AS c FROM conn WHERE ts >= ${from} AND ts <= ${to} AND dst = '${host}' GROUP BY src ORDER BY c DESC, src LIMIT 1000 FORMAT Null`),
				sql(server.url, `SELECT dst, count() AS c FROM conn WHERE ts >= ${from} AND ts <= ${to} AND src = '${host}' GROUP BY dst ORDER BY c DESC, dst LIMIT 1000 FORMAT Null`),
			]);
			raw.push(performance.now() - begin);
		}

		const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
		const version = (await sql(server.url, 'SELECT version()')).trim();
		return {
			version,
			ingest: {lines, seconds: ingestSeconds, rowsPerSecond: lines / ingestSeconds},
			liveRate,
			refresh: windows.map(([name], index) => ({name, lines: linesInWindow[index], median: median(times[index]), min: Math.min(...times[index]), max: Math.max(...times[index]), rounds: times[index].length})),
			raw1h: {median: median(raw), min: Math.min(...raw), max: Math.max(...raw)},
		};
	} finally {
		for (const child of children.reverse()) {
			// eslint-disable-next-line no-await-in-loop
			await stop(child);
		}
	}
}

/** The part's results as markdown, with its targets. */
export function clickhouseMarkdown(result, {rate, hostCount}) {
	const f = (value, digits = 0) => value.toFixed(digits);
	const ms = value => f(value, value < 10 ? 1 : 0);
	const hourRefresh = result.refresh.find(row => row.name === '1 h');
	const met = hourRefresh.median < 200;
	return `### ClickHouse: ship and refresh under ingest

Written by the ClickHouse part of \`npm run bench\` (bench/lib/clickhouse-bench.js; alone: \`npm run bench -- --only clickhouse\`) on ${new Date().toISOString().slice(0, 16)}Z, against Debian's clickhouse-server (${result.version}) started by the bench on this machine. Data: \`dashboard generate\` with ${hostCount} hosts at ${rate} lines a second.

- **${met ? 'met' : 'NOT MET'}**: a 1 h window refresh under 200 ms at ${rate} lines/s of ingest: median ${ms(hourRefresh.median)} ms (${ms(hourRefresh.min)}–${ms(hourRefresh.max)} ms)
- ingest by \`dashboard ship\` of an hour of lines (${f(result.ingest.lines / 1e6, 1)} M) from a file: ${f(result.ingest.seconds, 1)} s, **${f(result.ingest.rowsPerSecond / 1000, 0)} k rows/s** (the raw table and its four materialized views)
- live ingest during the refreshes (a real generator at ${rate} lines/s and its shipper): ${f(result.liveRate, 0)} rows/s reached the table

| window | lines in window | refresh median ms | min–max ms | refreshes |
| --- | ---: | ---: | ---: | ---: |
${result.refresh.map(row => `| ${row.name} | ${row.lines} | ${ms(row.median)} | ${ms(row.min)}–${ms(row.max)} | ${row.rounds} |`).join('\n')}

The hour of backlog ends when its shipping began, and the live lines start after it was shipped: the 1 h window holds the backlog's last part and the live minutes, with a gap between (the lines in window say how many).

A refresh is what the app does each time: \`update()\` (the server counts the window: top hosts both ways, the 5000-host list, the watched host's two lists, as concurrent queries), then \`report()\` and \`hosts()\`. The windows are refreshed interleaved, one after the other, a second apart, while the generator and the shipper run on the same 2 cores.

Design check, the same 1 h answers from the raw rows only (no per-second or per-minute tables; four GROUP BYs in parallel): median ${ms(result.raw1h.median)} ms (${ms(result.raw1h.min)}–${ms(result.raw1h.max)} ms), ${f(result.raw1h.median / hourRefresh.median, 1)}x the refresh with them.
`;
}
