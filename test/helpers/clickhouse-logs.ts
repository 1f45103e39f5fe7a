import {spawn, type ChildProcess} from 'node:child_process';
import {cli, collect, type Run} from './run-program.js';

/*
Logs written by the tests for the ClickHouse tests, and the built program run against the servers.
*/

/** Hosts that exercise the escaping: a backslash, a carriage return and a NUL inside, quotes, UTF-8, bytes that are not UTF-8, a name that looks like SQL. */
export const awkwardHosts: readonly Buffer[] = [
	'Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa', 'Zoë', 'back\\slash', "it's", 'a"b', 'x\ry', 'nul\u0000byte', "');DROP_TABLE_conn;--", 'web-01', 'db-02',
].map(name => Buffer.from(name)).concat([Buffer.from([0x6C, 0x61, 0x74, 0x69, 0x6E, 0xE9])]);

/**
`count` lines from `start` (ms), a line every `step` ms, each up to `disorder` ms early, with a malformed line now and then: the bytes to write, and the well-formed lines as (ts, source bytes, destination bytes).
*/
export function makeLog(count: number, seed: number, start: number, options: {step?: number; disorder?: number; hosts?: readonly Buffer[]} = {}): {bytes: Buffer; lines: Array<[number, Buffer, Buffer]>} {
	const step = options.step ?? 7;
	const disorder = options.disorder ?? 3000;
	const hosts = options.hosts ?? awkwardHosts;
	let state = seed >>> 0;
	const random = () => {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		return state / 2 ** 32;
	};

	const parts: Buffer[] = [];
	const lines: Array<[number, Buffer, Buffer]> = [];
	for (let i = 0; i < count; i++) {
		const ts = start + (i * step) - Math.floor(random() * disorder);
		const source = hosts[Math.floor(random() * random() * hosts.length)]!;
		const destination = hosts[Math.floor(random() * hosts.length)]!;
		parts.push(Buffer.from(`${ts} `), source, Buffer.from(random() < 0.1 ? '\t' : ' '), destination, Buffer.from(random() < 0.05 ? '\r\n' : '\n'));
		lines.push([ts, source, destination]);
		if (random() < 0.003) {
			parts.push(Buffer.from(random() < 0.5 ? 'a malformed line here\n' : `${ts} only-two\n`));
		}
	}

	return {bytes: Buffer.concat(parts), lines};
}

/** The answers for a host over [from, to] counted with plain maps over the lines' bytes, as `toJson` would print them. */
export function bruteAnswers(lines: ReadonlyArray<readonly [number, Buffer, Buffer]>, host: string, from: number, to: number, topBy: 'source' | 'involved' = 'source', limit?: number) {
	const connectedTo = new Map<string, number>();
	const receivedFrom = new Map<string, number>();
	const top = new Map<string, number>();
	const add = (map: Map<string, number>, key: Buffer) => {
		const name = key.toString('hex');
		map.set(name, (map.get(name) ?? 0) + 1);
	};

	const wanted = Buffer.from(host);
	let count = 0;
	for (const [ts, source, destination] of lines) {
		if (ts < from || ts > to) {
			continue;
		}

		count++;
		if (destination.equals(wanted)) {
			add(connectedTo, source);
		}

		if (source.equals(wanted)) {
			add(receivedFrom, destination);
		}

		add(top, source);
		if (topBy === 'involved' && !destination.equals(source)) {
			add(top, destination);
		}
	}

	const sorted = (map: Map<string, number>) => [...map]
		.sort((a, b) => (b[1] - a[1]) || Buffer.compare(Buffer.from(a[0], 'hex'), Buffer.from(b[0], 'hex')))
		.map(([name, value]) => ({host: Buffer.from(name, 'hex').toString('utf8'), count: value}));
	const ranking = sorted(top);
	const best = ranking[0]?.count ?? 0;
	const cut = <T>(list: T[], n = limit) => (n === undefined ? list : list.slice(0, n));
	return {
		connectedTo: cut(sorted(connectedTo)),
		receivedFrom: cut(sorted(receivedFrom)),
		leaders: ranking.filter(row => row.count === best && best > 0),
		ranking: cut(ranking, limit ?? 10),
		lines: count,
	};
}

/** The fields of a JSON report that `bruteAnswers` gives. */
export function reportAnswers(report: {connectedTo: unknown[]; receivedFrom: unknown[]; top: {leaders: unknown[]; ranking: unknown[]}; stats: {lines: number}}) {
	const rows = (list: unknown[]) => (list as Array<{host: string; count: number}>).map(({host, count}) => ({host, count}));
	return {connectedTo: rows(report.connectedTo), receivedFrom: rows(report.receivedFrom), leaders: rows(report.top.leaders), ranking: rows(report.top.ranking), lines: report.stats.lines};
}

/** Run the built program to its end. */
export async function dashboard(args: readonly string[], timeout = 120_000): Promise<Run> {
	const child = spawn(process.execPath, [cli, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, CI: 'false'}});
	const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
	try {
		return await collect(child);
	} finally {
		clearTimeout(timer);
	}
}

/** Start the built program and leave it running; its stderr is gathered in `stderr()`. */
export function startDashboard(args: readonly string[]): {child: ChildProcess; stderr: () => string; exited: Promise<Run>} {
	const child = spawn(process.execPath, [cli, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	const exited = collect(child);
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return {child, stderr: () => stderr, exited};
}

/** Poll `check` until it is true, at most `timeout` ms (generous: the machine may be loaded). */
export async function eventually(check: () => Promise<boolean>, what: string, timeout = 120_000): Promise<void> {
	const deadline = Date.now() + timeout;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		if (await check().catch(() => false)) {
			return;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
	}
}
