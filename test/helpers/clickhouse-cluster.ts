import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import * as fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {TestFn} from 'ava';
import {distributedStatements} from '../../source/io/clickhouse/sql.js';

/*
Real ClickHouse servers for the integration tests, started by the tests themselves: each with its own config, data, logs and tmp in a temp dir, listening on 127.0.0.1 only on free ports, all shards of one `remote_servers` cluster named `fleet`; stopped by PID at the end (also when a test fails, and on the test process's exit).

There are no mocks of ClickHouse: when the server is not installed, the tests say so by name ("not run: ...") outside CI, and fail under CI=true.
*/

export const notInstalled = 'not run: clickhouse-server is not installed (apt-get install clickhouse-server)';

/** The server binary, when installed. */
export function serverBinary(): string | undefined {
	const candidates = [process.env['CLICKHOUSE_SERVER'], '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server', ...(process.env['PATH'] ?? '').split(':').map(dir => path.join(dir, 'clickhouse-server'))];
	return candidates.find(candidate => candidate !== undefined && candidate !== '' && existsSync(candidate));
}

/**
Register the file's tests only when a server can be run; otherwise one test that says why nothing ran (failing under CI=true, where the server must be there).
*/
export function whenInstalled(test: TestFn, register: () => void): void {
	if (serverBinary()) {
		register();
		return;
	}

	test(notInstalled, t => {
		if (process.env['CI'] === 'true') {
			t.fail('clickhouse-server is not installed, and CI must run these tests: .ci/run installs it from Debian');
			return;
		}

		t.log(notInstalled);
		t.pass();
	});
}

export type Server = {
	readonly url: string;
	readonly httpPort: number;
	readonly tcpPort: number;
	readonly pid: number;
	readonly dir: string;
};

export type Cluster = {
	readonly servers: readonly Server[];
	readonly cluster: string;
	/** Create Distributed tables named `table*` over `local*` on every server. */
	distribute(table: string, local: string): Promise<void>;
	/** Run SQL on a server, return its text answer. */
	sql(server: Server, query: string): Promise<string>;
	/** Stop one server (SIGTERM by PID, SIGKILL if it lingers) and start it again on the same ports and data. */
	restart(server: Server, downFor?: number): Promise<void>;
	/** Stop a server without starting it again. */
	stopServer(server: Server): Promise<void>;
	startServer(server: Server): Promise<void>;
	stop(): Promise<void>;
};

const running = new Set<ChildProcess>();
/** Where each watchdog wrote the PID of its server. */
const serverPids = new WeakMap<ChildProcess, string>();
process.once('exit', () => {
	// The test process is ending, perhaps after a failure: no server outlives it.
	for (const child of running) {
		// The watchdog stops its server on SIGTERM.
		child.kill('SIGTERM');
	}
});

/** Start `count` servers as the shards of one cluster. */
export async function startCluster(count = 2): Promise<Cluster> {
	const binary = serverBinary();
	if (!binary) {
		throw new Error(notInstalled);
	}

	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dashboard-clickhouse-'));
	const ports = await freePorts(count * 2);
	const specs = Array.from({length: count}, (_, index) => ({httpPort: ports[index * 2]!, tcpPort: ports[(index * 2) + 1]!, dir: path.join(root, `shard-${index + 1}`)}));
	const children = new Map<number, ChildProcess>();
	const servers: Server[] = [];
	const start = async (spec: {httpPort: number; tcpPort: number; dir: string}) => {
		const log = await fs.open(path.join(spec.dir, 'log', 'stdout.log'), 'a');
		// Through a watchdog: should this process die without stopping it (a test run killed on timeout), the server stops too.
		const child = spawn('bash', ['-c', watchdog(process.pid), 'clickhouse-server', binary, `--config-file=${path.join(spec.dir, 'config.xml')}`], {stdio: ['ignore', log.fd, log.fd], cwd: spec.dir});
		await log.close();
		running.add(child);
		child.once('exit', () => running.delete(child));
		children.set(spec.httpPort, child);
		serverPids.set(child, path.join(spec.dir, 'server.pid'));
		await waitForPing(spec.httpPort, child, spec.dir);
		return child.pid!;
	};

	try {
		for (const spec of specs) {
			// eslint-disable-next-line no-await-in-loop
			await writeConfig(spec, specs);
		}

		for (const spec of specs) {
			// eslint-disable-next-line no-await-in-loop
			const pid = await start(spec);
			servers.push({url: `http://127.0.0.1:${spec.httpPort}`, ...spec, pid});
		}
	} catch (error) {
		await Promise.all([...children.values()].map(async child => stopChild(child)));
		await fs.rm(root, {recursive: true, force: true});
		throw error;
	}

	const sql = async (server: Server, query: string) => {
		const response = await fetch(`${server.url}/`, {method: 'POST', body: query});
		const text = await response.text();
		if (!response.ok) {
			throw new Error(`${query.slice(0, 200)}: ${text}`);
		}

		return text;
	};

	const stopServer = async (server: Server) => {
		const child = children.get(server.httpPort);
		if (child) {
			await stopChild(child);
		}
	};

	const startServer = async (server: Server) => {
		const spec = specs.find(spec => spec.httpPort === server.httpPort)!;
		await start(spec);
	};

	return {
		servers,
		cluster: 'fleet',
		async distribute(table, local) {
			for (const server of servers) {
				for (const statement of distributedStatements(table, local, 'fleet')) {
					// eslint-disable-next-line no-await-in-loop
					await sql(server, statement);
				}
			}
		},
		sql,
		stopServer,
		startServer,
		async restart(server, downFor = 0) {
			await stopServer(server);
			await new Promise(resolve => {
				setTimeout(resolve, downFor);
			});
			await startServer(server);
		},
		async stop() {
			await Promise.all([...children.values()].map(async child => stopChild(child)));
			await fs.rm(root, {recursive: true, force: true});
		},
	};
}

/* Runs the server given as arguments until it exits, the watchdog is told to stop (SIGTERM: the server gets it too), or the process `owner` is gone. */
function watchdog(owner: number): string {
	return [
		'"$@" & server=$!',
		'echo $server > server.pid',
		'trap \'kill -TERM $server 2>/dev/null; wait $server; exit 0\' TERM INT',
		`while kill -0 ${owner} 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1 & wait $!; done`,
		'kill -TERM $server 2>/dev/null; wait $server',
	].join('\n');
}

async function writeConfig(spec: {httpPort: number; tcpPort: number; dir: string}, all: ReadonlyArray<{tcpPort: number}>): Promise<void> {
	const {dir} = spec;
	for (const sub of ['data', 'tmp', 'log', 'user_files', 'format_schemas']) {
		// eslint-disable-next-line no-await-in-loop
		await fs.mkdir(path.join(dir, sub), {recursive: true});
	}

	const shards = all.map(other => `<shard><replica><host>127.0.0.1</host><port>${other.tcpPort}</port></replica></shard>`).join('');
	await fs.writeFile(path.join(dir, 'config.xml'), `<?xml version="1.0"?>
<yandex>
	<logger><level>warning</level><log>${dir}/log/server.log</log><errorlog>${dir}/log/error.log</errorlog><size>10M</size><count>1</count></logger>
	<http_port>${spec.httpPort}</http_port>
	<tcp_port>${spec.tcpPort}</tcp_port>
	<listen_host>127.0.0.1</listen_host>
	<path>${dir}/data/</path>
	<tmp_path>${dir}/tmp/</tmp_path>
	<user_files_path>${dir}/user_files/</user_files_path>
	<format_schema_path>${dir}/format_schemas/</format_schema_path>
	<users_config>${dir}/users.xml</users_config>
	<default_profile>default</default_profile>
	<default_database>default</default_database>
	<mark_cache_size>268435456</mark_cache_size>
	<max_concurrent_queries>100</max_concurrent_queries>
	<timezone>UTC</timezone>
	<remote_servers><fleet>${shards}</fleet></remote_servers>
</yandex>
`);
	await fs.writeFile(path.join(dir, 'users.xml'), `<?xml version="1.0"?>
<yandex>
	<profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
	<users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
	<quotas><default></default></quotas>
</yandex>
`);
}

/* Ports the system says are free now (there is a small window before the server takes them). */
async function freePorts(count: number): Promise<number[]> {
	const servers = await Promise.all(Array.from({length: count}, async () => new Promise<net.Server>((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			resolve(server);
		});
	})));
	const ports = servers.map(server => (server.address() as net.AddressInfo).port);
	await Promise.all(servers.map(async server => new Promise(resolve => {
		server.close(resolve);
	})));
	return ports;
}

/* Generous: a loaded 2-core machine can take many seconds to start a server. */
async function waitForPing(port: number, child: ChildProcess, dir: string, timeout = 90_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			const log = await fs.readFile(path.join(dir, 'log', 'stdout.log'), 'utf8').catch(() => '');
			const errors = await fs.readFile(path.join(dir, 'log', 'error.log'), 'utf8').catch(() => '');
			throw new Error(`clickhouse-server on port ${port} exited at start: ${(log + errors).slice(-2000)}`);
		}

		try {
			// eslint-disable-next-line no-await-in-loop
			const response = await fetch(`http://127.0.0.1:${port}/ping`, {signal: AbortSignal.timeout(2000)});
			if (response.ok) {
				return;
			}
		} catch {}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	throw new Error(`clickhouse-server on port ${port} did not answer /ping within ${timeout / 1000} s`);
}

/* SIGTERM by PID, then SIGKILL if it has not exited within 30 s. */
async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}

	const exited = new Promise<void>(resolve => {
		child.once('exit', () => {
			resolve();
		});
	});
	process.kill(child.pid!, 'SIGTERM');
	const timer = setTimeout(async () => {
		// A server that does not stop in 30 s is killed by its own PID, then its watchdog.
		const pid = Number(await fs.readFile(serverPids.get(child) ?? '', 'utf8').catch(() => ''));
		if (pid > 0) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}

		child.kill('SIGKILL');
	}, 30_000);
	await exited;
	clearTimeout(timer);
}

/**
The lines a table set holds, counted in each of its tables: the raw rows, and the sums of the per-second and per-minute tables. The views are written after the raw rows within the same INSERT, so right after a batch lands the sums may trail the raw count for a moment: tests wait until all agree.
*/
export async function linesInEveryTable(cluster: Cluster, server: Server, table: string): Promise<number[]> {
	const text = await cluster.sql(server, [
		`SELECT count() FROM ${table} WHERE ts != 18446744073709551615`,
		...['1s', '1m'].flatMap(unit => [`SELECT sum(source) FROM ${table}_hosts_${unit}`, `SELECT sum(to_host) FROM ${table}_peers_${unit}`]),
	].map(query => `(${query})`).join(' UNION ALL ').replace(/^/, 'SELECT * FROM (').concat(') FORMAT TabSeparated'));
	return text.split('\n').filter(Boolean).map(Number);
}

/** Whether every table of the set holds exactly `lines` lines. */
export async function holdsEverywhere(cluster: Cluster, server: Server, table: string, lines: number): Promise<boolean> {
	const counts = await linesInEveryTable(cluster, server, table);
	return counts.length === 5 && counts.every(count => count === lines);
}
