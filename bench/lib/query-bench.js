// Sections 1 and 2: `dashboard query` over the whole file against cat, wc -l, mawk, DuckDB and a naive Node reader, and on a one-minute window; interleaved run by run.
import {writeFileSync} from 'node:fs';
import os from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {runTimed} from './proc.js';
import {fmt, median, spread} from './util.js';

/* The program a user would write for the three answers: counts of sources, of sources to H, of destinations from H, then the leaders (ties included). */
export const awkProgram = [
	'{s[$2]++} $3==H{t[$2]++} $2==H{f[$3]++}',
	'END{for(k in t) print "connectedTo", k, t[k]; for(k in f) print "receivedFrom", k, f[k];',
	'm=0; for(k in s) if(s[k]>m) m=s[k]; for(k in s) if(s[k]==m) print "leader", k, m}',
].join(' ');

/* What a first Node version of the query looks like: readline, split, Maps of strings. */
const naiveSource = `import {createReadStream} from 'node:fs';
import {createInterface} from 'node:readline';
const [file, host] = process.argv.slice(2);
const top = new Map(), connectedTo = new Map(), receivedFrom = new Map();
const add = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
for await (const line of createInterface({input: createReadStream(file), crlfDelay: Infinity})) {
	const [, source, destination] = line.trim().split(/[ \\t]+/);
	if (destination === undefined) continue;
	add(top, source);
	if (destination === host) add(connectedTo, source);
	if (source === host) add(receivedFrom, destination);
}
const best = Math.max(0, ...top.values());
console.log(JSON.stringify({connectedTo: [...connectedTo], receivedFrom: [...receivedFrom], leaders: [...top].filter(([, n]) => n === best)}));
`;

/**
@param log {path, bytes, lines, first, last}
@returns rows for the table, numbers for the targets.
*/
export function benchQuery({cli, probe, tmp, log, host, runs, say, duckdb}) {
	const naive = join(tmp, 'naive-query.mjs');
	writeFileSync(naive, naiveSource);
	const empty = join(tmp, 'empty.log');
	writeFileSync(empty, '');
	const query = (file, from, to) => ['node', '--import', probe, cli, 'query', file, '--host', host, '--from', String(from), '--to', String(to), '--json'];
	const middle = Math.floor((log.first + log.last) / 2);
	const contenders = [
		{name: 'cat > /dev/null', command: ['sh', '-c', `cat '${log.path}' > /dev/null`], whole: true},
		{name: 'wc -l', command: ['wc', '-l', log.path], whole: true},
		{name: 'mawk, the 3 answers', command: ['mawk', '-v', `H=${host}`, awkProgram, log.path], whole: true, answers: parseAwk},
		...(duckdb ? [{name: 'DuckDB, the 3 answers', command: ['node', join(dirname(fileURLToPath(import.meta.url)), 'duckdb-query.js'), duckdb, log.path, host, '0', '9999999999999'], whole: true, answers: parseAwk}] : []),
		{name: 'naive Node (readline + split)', command: ['node', naive, log.path, host], whole: true, answers: parseNaive},
		{name: 'dashboard query, whole file', command: query(log.path, 0, 9_999_999_999_999), whole: true, answers: parseQuery},
		{name: 'dashboard query, 1 min window', command: query(log.path, middle, middle + 60_000)},
		{name: 'dashboard query, empty file (start-up)', command: query(empty, 0, 1)},
		// The probe loads a module of its own: start-up against `node -e 0` is timed without it.
		{name: 'dashboard query, empty file, no probe', command: query(empty, 0, 1).filter((_, index) => index !== 1 && index !== 2)},
		{name: 'node -e 0 (Node\'s own start)', command: ['node', '-e', '0']},
	];

	say(`  warming the page cache (one untimed cat), then ${runs} interleaved rounds`);
	runTimed('cat', ['sh', '-c', `cat '${log.path}' > /dev/null`]);
	const results = new Map(contenders.map(contender => [contender.name, []]));
	const answers = new Map();
	const loads = [];
	for (let round = 0; round < runs; round++) {
		loads.push(os.loadavg()[0]);
		// Rotate the order each round as well, so that no contender always follows the same one.
		const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
		for (const contender of order) {
			const result = runTimed(contender.name, contender.command, {stdout: Boolean(contender.answers) && round === 0});
			results.get(contender.name).push(result);
			if (result.stdout !== undefined) {
				answers.set(contender.name, contender.answers(result.stdout));
			}
		}

		say(`  round ${round + 1}/${runs} (load ${fmt(loads.at(-1), 2)}): ${contenders.map(c => `${c.name.split(',')[0].split(' (')[0]} ${fmt(results.get(c.name).at(-1).seconds, 2)}s`).join(', ')}`);
	}

	const reference = answers.get('dashboard query, whole file');
	const agree = [...answers].map(([name, answer]) => ({name, same: answer === reference}));

	const seconds = name => results.get(name).map(result => result.seconds);
	const med = name => median(seconds(name));
	const mb = log.bytes / 1e6;
	const mawk = med('mawk, the 3 answers');
	const naiveTime = med('naive Node (readline + split)');
	const duckdbTime = duckdb ? med('DuckDB, the 3 answers') : undefined;
	const table = [['', 'median s', 'min–max s', 'MB/s', 'M lines/s', 'query faster by']];
	for (const {name, whole} of contenders) {
		const s = med(name);
		table.push([
			name,
			fmt(s, 3),
			spread(seconds(name), 3),
			whole ? fmt(mb / s, 0) : '',
			whole ? fmt(log.lines / 1e6 / s, 2) : '',
			whole && name !== 'dashboard query, whole file' ? `${fmt(s / med('dashboard query, whole file'), 2)}x` : '',
		]);
	}

	const full = med('dashboard query, whole file');
	const narrow = med('dashboard query, 1 min window');
	const startup = med('dashboard query, empty file (start-up)');
	const rchar = name => median(results.get(name).map(result => result.probe?.rchar ?? Number.NaN));
	const narrowRead = rchar('dashboard query, 1 min window') - rchar('dashboard query, empty file (start-up)');
	const fullHwm = median(results.get('dashboard query, whole file').map(result => result.probe?.hwmKiB ?? Number.NaN)) * 1024;
	return {
		loads,
		table,
		agree,
		full,
		mawk,
		naive: naiveTime,
		duckdb: duckdbTime,
		narrow,
		narrowTimes: seconds('dashboard query, 1 min window'),
		startup,
		bareStartup: med('dashboard query, empty file, no probe'),
		narrowRead,
		node: med('node -e 0 (Node\'s own start)'),
		fullHwm,
		cat: med('cat > /dev/null'),
		wc: med('wc -l'),
	};
}

function sorted(lines) {
	return lines.sort().join('\n');
}

function parseAwk(text) {
	return sorted(text.trim().split('\n').filter(Boolean).map(line => line.split(' ').join(' ')));
}

function parseNaive(text) {
	const {connectedTo, receivedFrom, leaders} = JSON.parse(text);
	return sorted([
		...connectedTo.map(([k, n]) => `connectedTo ${k} ${n}`),
		...receivedFrom.map(([k, n]) => `receivedFrom ${k} ${n}`),
		...leaders.map(([k, n]) => `leader ${k} ${n}`),
	]);
}

function parseQuery(text) {
	const report = JSON.parse(text);
	return sorted([
		...report.connectedTo.map(({host, count}) => `connectedTo ${host} ${count}`),
		...report.receivedFrom.map(({host, count}) => `receivedFrom ${host} ${count}`),
		...report.top.leaders.map(({host, count}) => `leader ${host} ${count}`),
	]);
}

/** Peak RSS of `query` over a whole file (a log with a million distinct hosts). */
export function queryPeak({cli, probe, log, host, runs = 2}) {
	const command = ['node', '--import', probe, cli, 'query', log.path, '--host', host, '--from', '0', '--to', '9999999999999', '--json'];
	const results = Array.from({length: runs}, () => runTimed('query (million hosts)', command));
	return {hwm: median(results.map(result => result.probe.hwmKiB)) * 1024, seconds: median(results.map(result => result.seconds))};
}
