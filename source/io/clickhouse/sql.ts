/*
The SQL the dashboard sends to ClickHouse, as text, and the parsing of what comes back. Pure: no I/O, so every statement can be tested as a string.

Values never reach SQL as typed text: a host is `unhex('…')` of its bytes (exact for any byte string, nothing to escape), numbers are checked integers, table names are checked identifiers. The server (Debian's 18.16 too) takes no query parameters over HTTP, so literals are the only way, and these cannot be broken out of.

Tables, for a base name `conn`:
- `conn`: one row per line (ts in ms, source, destination), `ORDER BY ts`, a partition a day. The shipper's read positions are rows of the same table, inserted in the same INSERT as the lines they follow: their `ts` is 2^64 - 1, beyond every window (timestamps stop at 2^53 - 1), so no count ever sees them.
- `conn_hosts_1s`, `conn_hosts_1m`: per second (minute) and host, lines with the host as source and lines involving it (once for a host talking to itself): top hosts, both ways, and the line count.
- `conn_peers_1s`, `conn_peers_1m`: per host, second (minute) and peer, lines from the peer to the host and from the host to the peer, ordered by host first so one host's lists read only its rows.
- `conn_positions`: the newest read position per shipper and file, kept by a materialized view from the position rows, so a restart reads a few rows instead of every batch's.

A window [from, to] is counted from the minute table for its whole minutes, the second table for the whole seconds at its two ends, and the raw rows for the milliseconds at its very edges: exact to the millisecond, and an hour reads about as many rows as a few minutes.
*/

/** The `ts` of position rows: above every timestamp a line can have. */
export const positionTs = '18446744073709551615';

/** Suffixes of the tables of one base name, raw rows first. A Distributed set over a local one uses the same suffixes. */
export const tableSuffixes = ['', '_hosts_1s', '_hosts_1m', '_peers_1s', '_peers_1m', '_positions'] as const;

const identifier = /^[A-Za-z_]\w*$/;

/** Whether a name can be a table's base name (letters, digits, underscores). */
export function isTableName(name: string): boolean {
	return identifier.test(name) && name.length <= 100;
}

function checkName(name: string): string {
	if (!isTableName(name)) {
		throw new Error(`not a table name: ${name}`);
	}

	return name;
}

/** A string as an SQL expression of its exact bytes. */
export function bytesLiteral(value: string | Uint8Array): string {
	const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	return `unhex('${bytes.toString('hex')}')`;
}

/** A whole number as SQL, refusing anything else. */
export function integerLiteral(value: number | bigint): string {
	if (typeof value === 'bigint' ? value < 0n : !Number.isSafeInteger(value) || value < 0) {
		throw new Error(`not a non-negative whole number: ${String(value)}`);
	}

	return String(value);
}

/** The statements that create the tables and views of a base name when they are missing. */
export function schemaStatements(table: string): string[] {
	const t = checkName(table);
	const ifMissing = 'CREATE TABLE IF NOT EXISTS';
	return [
		`${ifMissing} ${t} (ts UInt64, src String, dst String, shipper String DEFAULT '', file String DEFAULT '', offset UInt64 DEFAULT 0, seq UInt64 DEFAULT 0, fingerprint String DEFAULT '', malformed UInt64 DEFAULT 0) ENGINE = MergeTree PARTITION BY intDiv(ts, 86400000) ORDER BY ts`,
		`${ifMissing} ${t}_hosts_1s (second UInt64, host String, source UInt64, involved UInt64) ENGINE = SummingMergeTree PARTITION BY intDiv(second, 86400) ORDER BY (second, host)`,
		`${ifMissing} ${t}_hosts_1m (minute UInt64, host String, source UInt64, involved UInt64) ENGINE = SummingMergeTree PARTITION BY intDiv(minute, 1440) ORDER BY (minute, host)`,
		`${ifMissing} ${t}_peers_1s (host String, second UInt64, peer String, to_host UInt64, from_host UInt64) ENGINE = SummingMergeTree PARTITION BY intDiv(second, 86400) ORDER BY (host, second, peer)`,
		`${ifMissing} ${t}_peers_1m (host String, minute UInt64, peer String, to_host UInt64, from_host UInt64) ENGINE = SummingMergeTree PARTITION BY intDiv(minute, 1440) ORDER BY (host, minute, peer)`,
		`${ifMissing} ${t}_positions (shipper String, file String, seq UInt64, offset UInt64, fingerprint String, malformed UInt64) ENGINE = ReplacingMergeTree(seq) ORDER BY (shipper, file)`,
		...(['1s', '1m'] as const).flatMap(unit => {
			const [column, divisor] = unit === '1s' ? ['second', 1000] : ['minute', 60_000];
			return [
				// A line counts once as source; its destination once more unless it is the same host.
				`CREATE MATERIALIZED VIEW IF NOT EXISTS ${t}_hosts_${unit}_mv TO ${t}_hosts_${unit} AS SELECT intDiv(ts, ${divisor}) AS ${column}, h.1 AS host, h.2 AS source, toUInt64(1) AS involved FROM ${t} ARRAY JOIN if(src = dst, [(src, toUInt64(1))], [(src, toUInt64(1)), (dst, toUInt64(0))]) AS h WHERE ts != ${positionTs}`,
				`CREATE MATERIALIZED VIEW IF NOT EXISTS ${t}_peers_${unit}_mv TO ${t}_peers_${unit} AS SELECT p.1 AS host, intDiv(ts, ${divisor}) AS ${column}, p.2 AS peer, p.3 AS to_host, p.4 AS from_host FROM ${t} ARRAY JOIN [(dst, src, toUInt64(1), toUInt64(0)), (src, dst, toUInt64(0), toUInt64(1))] AS p WHERE ts != ${positionTs}`,
			];
		}),
		`CREATE MATERIALIZED VIEW IF NOT EXISTS ${t}_positions_mv TO ${t}_positions AS SELECT shipper, file, seq, offset, fingerprint, malformed FROM ${t} WHERE ts = ${positionTs}`,
	];
}

/** The statements that create a Distributed table over each table of `local` on every shard of `cluster`, named with the base `table`. */
export function distributedStatements(table: string, local: string, cluster: string, database = 'default'): string[] {
	const [t, l, c, d] = [table, local, cluster, database].map(name => checkName(name));
	return tableSuffixes.map(suffix => `CREATE TABLE IF NOT EXISTS ${t}${suffix} AS ${l}${suffix} ENGINE = Distributed(${c}, ${d}, ${l}${suffix})`);
}

/** Half-open ranges [start, end) of one unit. */
type Ranges = ReadonlyArray<readonly [number, number]>;

/**
How a window [from, to] (ms, inclusive) splits: whole minutes, whole seconds at both ends of them, and the milliseconds left at the edges, each as half-open ranges in its own unit.
*/
export type WindowParts = {
	readonly milliseconds: Ranges;
	readonly seconds: Ranges;
	readonly minutes: Ranges;
};

export function windowParts(from: number, to: number): WindowParts {
	const end = to + 1;
	const firstSecond = Math.ceil(from / 1000);
	const endSecond = Math.floor(end / 1000);
	if (firstSecond >= endSecond) {
		return {milliseconds: from < end ? [[from, end]] : [], seconds: [], minutes: []};
	}

	const milliseconds = nonEmpty([[from, firstSecond * 1000], [endSecond * 1000, end]]);
	const firstMinute = Math.ceil(firstSecond / 60);
	const endMinute = Math.floor(endSecond / 60);
	if (firstMinute >= endMinute) {
		return {milliseconds, seconds: [[firstSecond, endSecond]], minutes: []};
	}

	return {
		milliseconds,
		seconds: nonEmpty([[firstSecond, firstMinute * 60], [endMinute * 60, endSecond]]),
		minutes: [[firstMinute, endMinute]],
	};
}

function nonEmpty(ranges: Array<readonly [number, number]>): Array<readonly [number, number]> {
	return ranges.filter(([start, end]) => start < end);
}

function inRanges(column: string, ranges: Ranges): string {
	return ranges.map(([start, end]) => `(${column} >= ${integerLiteral(start)} AND ${column} < ${integerLiteral(end)})`).join(' OR ');
}

/* Rows (host, source, involved) of the window, from the three levels; a level with nothing to read is left out. */
function hostRows(t: string, parts: WindowParts): string {
	const branches: string[] = [];
	if (parts.minutes.length > 0) {
		branches.push(`SELECT host, source, involved FROM ${t}_hosts_1m WHERE ${inRanges('minute', parts.minutes)}`);
	}

	if (parts.seconds.length > 0) {
		branches.push(`SELECT host, source, involved FROM ${t}_hosts_1s WHERE ${inRanges('second', parts.seconds)}`);
	}

	if (parts.milliseconds.length > 0) {
		branches.push(`SELECT h.1 AS host, h.2 AS source, toUInt64(1) AS involved FROM ${t} ARRAY JOIN if(src = dst, [(src, toUInt64(1))], [(src, toUInt64(1)), (dst, toUInt64(0))]) AS h WHERE ${inRanges('ts', parts.milliseconds)}`);
	}

	return branches.length === 0 ? 'SELECT \'\' AS host, toUInt64(0) AS source, toUInt64(0) AS involved WHERE 0' : branches.join(' UNION ALL ');
}

/* Rows (peer, to_host, from_host) of one host over the window. */
function peerRows(t: string, parts: WindowParts, host: string): string {
	const h = bytesLiteral(host);
	const branches: string[] = [];
	if (parts.minutes.length > 0) {
		branches.push(`SELECT peer, to_host, from_host FROM ${t}_peers_1m WHERE host = ${h} AND (${inRanges('minute', parts.minutes)})`);
	}

	if (parts.seconds.length > 0) {
		branches.push(`SELECT peer, to_host, from_host FROM ${t}_peers_1s WHERE host = ${h} AND (${inRanges('second', parts.seconds)})`);
	}

	if (parts.milliseconds.length > 0) {
		const window = inRanges('ts', parts.milliseconds);
		branches.push(
			`SELECT src AS peer, toUInt64(1) AS to_host, toUInt64(0) AS from_host FROM ${t} WHERE dst = ${h} AND (${window})`,
			`SELECT dst AS peer, toUInt64(0) AS to_host, toUInt64(1) AS from_host FROM ${t} WHERE src = ${h} AND (${window})`,
		);
	}

	return branches.length === 0 ? 'SELECT \'\' AS peer, toUInt64(0) AS to_host, toUInt64(0) AS from_host WHERE 0' : branches.join(' UNION ALL ');
}

/* Sorted by count, highest first, then by the host's bytes (its hex sorts the same way), cut to `limit` rows. */
function ranked(array: string, limit: number | undefined): string {
	const sorted = `arraySort(x -> (-toInt64(x.1), x.2), ${array})`;
	return limit === undefined ? sorted : `arraySlice(${sorted}, 1, ${integerLiteral(limit)})`;
}

export type TopLimits = {
	/** Rows of the ranking by source. */
	readonly source: number;
	/** Rows of the ranking by lines involving the host: also the host list for stepping and completion. */
	readonly involved: number;
};

/**
One row, tab-separated: lines in the window, hosts seen as source, hosts involved, the involved total, then the two rankings and their leaders (all hosts tied at the top) as arrays of (count, hex of the host).
*/
export function topQuery(table: string, from: number, to: number, limits: TopLimits): string {
	const t = checkName(table);
	const grouped = `SELECT hex(host) AS h, sum(source) AS s, sum(involved) AS i FROM (${hostRows(t, windowParts(from, to))}) GROUP BY host`;
	const sorted = (array: string) => `arraySort(x -> (-toInt64(x.1), x.2), ${array})`;
	// Leaders are the first rows of the sorted list, as many as have the top count (a lambda cannot see other columns on older servers).
	return `SELECT lines, sources, hosts, involvedTotal, arraySlice(sortedSource, 1, ${integerLiteral(limits.source)}), arraySlice(sortedSource, 1, sourceLeaders), arraySlice(sortedInvolved, 1, ${integerLiteral(limits.involved)}), arraySlice(sortedInvolved, 1, involvedLeaders)`
		+ ` FROM (SELECT lines, sources, hosts, involvedTotal, ${sorted('bySource')} AS sortedSource, countEqual(arrayMap(x -> x.1, bySource), maxSource) AS sourceLeaders, ${sorted('byInvolved')} AS sortedInvolved, countEqual(arrayMap(x -> x.1, byInvolved), maxInvolved) AS involvedLeaders`
		+ ` FROM (SELECT sum(s) AS lines, countIf(s > 0) AS sources, count() AS hosts, sum(i) AS involvedTotal, max(s) AS maxSource, max(i) AS maxInvolved, groupArrayIf((s, h), s > 0) AS bySource, groupArray((i, h)) AS byInvolved FROM (${grouped})))`
		+ ' FORMAT TabSeparated';
}

/**
One row, tab-separated: for the host, the sources that connected to it (count of lines, hosts) and the destinations it sent to, then both lists as arrays of (count, hex of the host), cut to `limit` rows when given.
*/
export function peersQuery(table: string, from: number, to: number, host: string, limit?: number): string {
	const t = checkName(table);
	const grouped = `SELECT hex(peer) AS p, sum(to_host) AS toCount, sum(from_host) AS fromCount FROM (${peerRows(t, windowParts(from, to), host)}) GROUP BY peer`;
	return `SELECT sum(toCount), countIf(toCount > 0), sum(fromCount), countIf(fromCount > 0), ${ranked('groupArrayIf((toCount, p), toCount > 0)', limit)}, ${ranked('groupArrayIf((fromCount, p), fromCount > 0)', limit)} FROM (${grouped}) FORMAT TabSeparated`;
}

/** The newest timestamp of the lines (0 when there are none), looking only at or after `atLeast`. */
export function newestQuery(table: string, atLeast = 0): string {
	return `SELECT max(ts) FROM ${checkName(table)} WHERE ts >= ${integerLiteral(atLeast)} AND ts != ${positionTs} FORMAT TabSeparated`;
}

/** Per file of a shipper: its newest position, the fingerprint before it, and the batch that wrote it; the row of file '' is the last batch, with the shipper's running count of malformed lines. */
export function positionsQuery(table: string, shipper: string): string {
	return `SELECT hex(file), argMax(offset, seq), argMax(fingerprint, seq), max(seq), argMax(malformed, seq) FROM ${checkName(table)}_positions WHERE shipper = ${bytesLiteral(shipper)} GROUP BY file FORMAT TabSeparated`;
}

/** The newest batch of a shipper that the table holds (0 when none). */
export function lastBatchQuery(table: string, shipper: string): string {
	return `SELECT max(seq) FROM ${checkName(table)}_positions WHERE shipper = ${bytesLiteral(shipper)} AND file = '' FORMAT TabSeparated`;
}

/** Malformed lines that the shippers have met, all time: each batch's marker carries its shipper's running total. */
export function malformedQuery(table: string): string {
	return `SELECT sum(m) FROM (SELECT argMax(malformed, seq) AS m FROM ${checkName(table)}_positions WHERE file = '' GROUP BY shipper) FORMAT TabSeparated`;
}

/** The INSERT a batch is sent with; its body is `encodeLine` rows then `encodePosition` rows. */
export function insertStatement(table: string): string {
	return `INSERT INTO ${checkName(table)} (ts, src, dst, shipper, file, offset, seq, fingerprint, malformed) FORMAT TabSeparated`;
}

/** Stop every query whose id starts with `prefix`, waiting until they have stopped. */
export function killQueriesStatement(prefix: string): string {
	return `KILL QUERY WHERE substring(query_id, 1, ${integerLiteral(Buffer.byteLength(prefix))}) = ${bytesLiteral(prefix)} SYNC`;
}

export function killQueryStatement(queryId: string): string {
	return `KILL QUERY WHERE query_id = ${bytesLiteral(queryId)} SYNC`;
}

const escapes: Readonly<Record<number, string>> = {0x5C: '\\\\', 0x0D: '\\r', 0x00: '\\0', 0x09: '\\t', 0x0A: '\\n'};

/**
A field for a TabSeparated body: the bytes as they are, but for the few the format gives a meaning to (backslash, and the tab, newline, carriage return and NUL that a host can hold only partly: tabs and newlines end fields, so only a carriage return or a NUL can be inside one).
*/
export function escapeField(buffer: Uint8Array, start: number, end: number): Buffer {
	let plain = true;
	for (let i = start; i < end; i++) {
		if (escapes[buffer[i]!] !== undefined) {
			plain = false;
			break;
		}
	}

	if (plain) {
		return Buffer.from(buffer.buffer, buffer.byteOffset + start, end - start);
	}

	const parts: Buffer[] = [];
	let from = start;
	for (let i = start; i < end; i++) {
		const escape = escapes[buffer[i]!];
		if (escape !== undefined) {
			parts.push(Buffer.from(buffer.buffer, buffer.byteOffset + from, i - from), Buffer.from(escape));
			from = i + 1;
		}
	}

	parts.push(Buffer.from(buffer.buffer, buffer.byteOffset + from, end - from));
	return Buffer.concat(parts);
}

/** A position row of a batch, as a TabSeparated line: the file's key, how far it was read, and the hex of the bytes just before. The file '' row marks the batch itself and carries the shipper's running count of malformed lines. */
export function encodePosition(position: {readonly shipper: string; readonly file: string; readonly offset: number; readonly seq: number; readonly fingerprint: string; readonly malformed: number}): Buffer {
	const shipper = escapeField(Buffer.from(position.shipper), 0, Buffer.byteLength(position.shipper));
	const file = escapeField(Buffer.from(position.file), 0, Buffer.byteLength(position.file));
	return Buffer.concat([
		Buffer.from(`${positionTs}\t\t\t`),
		shipper,
		Buffer.from('\t'),
		file,
		Buffer.from(`\t${integerLiteral(position.offset)}\t${integerLiteral(position.seq)}\t${position.fingerprint}\t${integerLiteral(position.malformed)}\n`),
	]);
}

/** A host and its count, the host as bytes. */
export type CountedBytes = {
	readonly bytes: Buffer;
	readonly count: number;
};

/** Parse `[(3,'41'),(1,'4243')]`, an array of (count, hex) as TabSeparated writes it. */
export function parseCountArray(text: string): CountedBytes[] {
	const rows: CountedBytes[] = [];
	const pattern = /\((\d+),'([\dA-F]*)'\)/g;
	for (const match of text.matchAll(pattern)) {
		rows.push({count: Number(match[1]), bytes: Buffer.from(match[2]!, 'hex')});
	}

	return rows;
}

/* The tab-separated fields of a one-row answer, which must have `count` of them. */
function answerFields(text: string, count: number): string[] {
	const fields = text.replace(/\n$/, '').split('\t');
	if (fields.length !== count) {
		throw new Error(`unexpected answer from the server: ${text.slice(0, 200)}`);
	}

	return fields;
}

export type TopResult = {
	readonly lines: number;
	readonly sources: number;
	readonly hosts: number;
	readonly involvedTotal: number;
	readonly bySource: readonly CountedBytes[];
	readonly sourceLeaders: readonly CountedBytes[];
	readonly byInvolved: readonly CountedBytes[];
	readonly involvedLeaders: readonly CountedBytes[];
};

export function parseTop(text: string): TopResult {
	const fields = answerFields(text, 8);

	return {
		lines: Number(fields[0]),
		sources: Number(fields[1]),
		hosts: Number(fields[2]),
		involvedTotal: Number(fields[3]),
		bySource: parseCountArray(fields[4]!),
		sourceLeaders: parseCountArray(fields[5]!),
		byInvolved: parseCountArray(fields[6]!),
		involvedLeaders: parseCountArray(fields[7]!),
	};
}

export type PeersResult = {
	readonly toCount: number;
	readonly toHosts: number;
	readonly fromCount: number;
	readonly fromHosts: number;
	/** Sources that connected to the host. */
	readonly connectedTo: readonly CountedBytes[];
	/** Destinations the host sent to. */
	readonly receivedFrom: readonly CountedBytes[];
};

export function parsePeers(text: string): PeersResult {
	const fields = answerFields(text, 6);

	return {
		toCount: Number(fields[0]),
		toHosts: Number(fields[1]),
		fromCount: Number(fields[2]),
		fromHosts: Number(fields[3]),
		connectedTo: parseCountArray(fields[4]!),
		receivedFrom: parseCountArray(fields[5]!),
	};
}

export type StoredPosition = {
	readonly offset: number;
	readonly fingerprint: string;
	readonly seq: number;
	readonly malformed: number;
};

/** The rows of `positionsQuery`, by file key; the batch marker under ''. */
export function parsePositions(text: string): Map<string, StoredPosition> {
	const positions = new Map<string, StoredPosition>();
	for (const line of text.split('\n')) {
		if (line === '') {
			continue;
		}

		const [file = '', offset = '0', fingerprint = '', seq = '0', malformed = '0'] = line.split('\t');
		positions.set(Buffer.from(file, 'hex').toString(), {offset: Number(offset), fingerprint, seq: Number(seq), malformed: Number(malformed)});
	}

	return positions;
}
