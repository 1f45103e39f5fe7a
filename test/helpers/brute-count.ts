/*
The three answers counted the slow, obvious way from the log's text, with plain strings and none of the engine's code: what the live reader's answers are checked against.
*/

export type Count = {readonly host: string; readonly count: number};

export type BruteReport = {
	readonly connectedTo: Count[];
	readonly receivedFrom: Count[];
	readonly leaders: Count[];
	readonly ranking: Count[];
	readonly lines: number;
};

export type ParsedLine = {readonly timestamp: number; readonly source: string; readonly destination: string};

/**
A timestamp field in ms (SPEC section 1), or undefined when it is malformed, worked out with regular expressions and BigInt: digits (seconds below 1e11, else ms), or decimal seconds with one to nine digits after the dot, floored to the ms; at most 2^53 - 1 ms.
*/
export function bruteTimestamp(field: string): number | undefined {
	let milliseconds: bigint;
	const decimal = /^(\d+)\.(\d{1,9})$/.exec(field);
	if (decimal) {
		milliseconds = (BigInt(decimal[1]!) * 1000n) + BigInt(decimal[2]!.padEnd(3, '0').slice(0, 3));
	} else if (/^\d+$/.test(field)) {
		const value = BigInt(field);
		milliseconds = value < 100_000_000_000n ? value * 1000n : value;
	} else {
		return undefined;
	}

	return milliseconds > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(milliseconds);
}

/**
The well-formed lines of a text (SPEC section 1). Only lines ended by a newline count: a followed file's last line is still being written.
*/
export function parseLines(text: string): ParsedLine[] {
	const end = text.lastIndexOf('\n');
	const complete = end < 0 ? '' : text.slice(0, end);
	const lines: ParsedLine[] = [];
	for (let line of complete.split('\n')) {
		if (line.endsWith('\r')) {
			line = line.slice(0, -1);
		}

		const fields = line.split(/[ \t]+/).filter(field => field !== '');
		const timestamp = fields.length === 3 ? bruteTimestamp(fields[0]!) : undefined;
		if (timestamp !== undefined) {
			lines.push({timestamp, source: fields[1]!, destination: fields[2]!});
		}
	}

	return lines;
}

/**
The answers for `host` over [from, to] (both included).
*/
export function bruteReport(lines: readonly ParsedLine[], host: string, from: number, to: number, topBy: 'source' | 'involved' = 'source', topLimit = 10): BruteReport {
	const connectedTo = new Map<string, number>();
	const receivedFrom = new Map<string, number>();
	const top = new Map<string, number>();
	const add = (map: Map<string, number>, name: string) => map.set(name, (map.get(name) ?? 0) + 1);
	let count = 0;
	for (const {timestamp, source, destination} of lines) {
		if (timestamp < from || timestamp > to) {
			continue;
		}

		count++;
		if (destination === host) {
			add(connectedTo, source);
		}

		if (source === host) {
			add(receivedFrom, destination);
		}

		add(top, source);
		if (topBy === 'involved' && destination !== source) {
			add(top, destination);
		}
	}

	const ranking = sorted(top);
	const best = ranking[0]?.count ?? 0;
	return {
		connectedTo: sorted(connectedTo),
		receivedFrom: sorted(receivedFrom),
		leaders: ranking.filter(row => row.count === best && best > 0),
		ranking: ranking.slice(0, topLimit),
		lines: count,
	};
}

/** By count, highest first, then by name in byte order. */
export function sorted(map: ReadonlyMap<string, number>): Count[] {
	return [...map]
		.map(([host, count]) => ({host, count}))
		.sort((a, b) => (b.count - a.count) || Buffer.compare(Buffer.from(a.host), Buffer.from(b.host)));
}

/** The fields of a report that the brute force gives, for `t.deepEqual`. */
export function answers(report: {
	readonly connectedTo: readonly Count[];
	readonly receivedFrom: readonly Count[];
	readonly top: {readonly leaders: readonly Count[]; readonly ranking: readonly Count[]};
	readonly stats: {readonly lines: number};
}): BruteReport {
	const rows = (list: readonly Count[]) => list.map(({host, count}) => ({host, count}));
	return {
		connectedTo: rows(report.connectedTo),
		receivedFrom: rows(report.receivedFrom),
		leaders: rows(report.top.leaders),
		ranking: rows(report.top.ranking),
		lines: report.stats.lines,
	};
}
