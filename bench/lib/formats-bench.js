// Section 8: the readers of the other formats (issue 12). Each format's cursor against the native one on files of the same traffic and size, and the three answers from the JSON formats against jq computing them on the same files, interleaved round by round.
import {spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {bytesPerLine, generate} from './data.js';
import {runTimed} from './proc.js';
import {fmt, formatBytes, median} from './util.js';
import {zeekTsvToJson} from './zeek-json.js';

const here = new URL('.', import.meta.url).pathname;

/* The three answers as jq computes them, given the record's time in ms, source and destination; the window and the host come in as --argjson and --arg. */
const jqReduce = `reduce (inputs | RECORD | select(.[0] >= $from and .[0] <= $to)) as [$t, $s, $d]
	({lines: 0, connectedTo: {}, receivedFrom: {}, top: {}};
	 .lines += 1 | .top[$s] += 1
	 | if $d == $host then .connectedTo[$s] += 1 else . end
	 | if $s == $host then .receivedFrom[$d] += 1 else . end)`;
const jqPrograms = {
	// Suricata: flow events only; flow.start is local time with its offset, "2020-12-13T18:00:00.000175+0100".
	eve: `def ms: (.[0:19] + "Z" | fromdateiso8601) * 1000 + (.[20:23] | tonumber) - ((if .[-5:-4] == "-" then -1 else 1 end) * ((.[-4:-2] | tonumber) * 60 + (.[-2:] | tonumber)) * 60000);
${jqReduce.replace('RECORD', 'select(.event_type == "flow") | [(.flow.start | ms), .src_ip, .dest_ip]')}`,
	zeek: jqReduce.replace('RECORD', '[(.ts * 1000 | floor), .["id.orig_h"], .["id.resp_h"]]'),
};

/** jq on the path, installed from Debian's packages if need be; undefined with the reason when it cannot be had. */
function findJq(say) {
	const version = () => spawnSync('jq', ['--version'], {encoding: 'utf8'});
	let found = version();
	if (found.status !== 0) {
		say('  jq is missing: installing it with apt-get ...');
		spawnSync('apt-get', ['install', '-y', '-qq', 'jq'], {stdio: 'ignore'});
		found = version();
	}

	return found.status === 0 ? {version: found.stdout.trim()} : {missing: 'jq is not installed and apt-get could not install it'};
}

/** What a cursor of `format` reads of a file: its timestamps, and the busiest source of its first MB. */
async function survey(dist, format, path) {
	const {createCursor} = await import(pathToFileURL(join(dist, 'source/core/formats/log-format.js')).href);
	const data = readFileSync(path);
	const cursor = createCursor(format).reset(data);
	const times = new Set();
	const sources = new Map();
	let first = Number.POSITIVE_INFINITY;
	let last = Number.NEGATIVE_INFINITY;
	for (let result = cursor.finish(); result !== 0; result = cursor.finish()) {
		if (result === 1) {
			times.add(cursor.timestamp);
			first = Math.min(first, cursor.timestamp);
			last = Math.max(last, cursor.timestamp);
			if (cursor.lineStart < 1e6) {
				const source = Buffer.from((cursor.hostBuffer ?? cursor.buffer).subarray(cursor.sourceStart, cursor.sourceEnd)).toString();
				sources.set(source, (sources.get(source) ?? 0) + 1);
			}
		}
	}

	const host = [...sources].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
	return {times, first, last, host};
}

/** A window bound with no record within 2 ms of it: jq's floating-point ts * 1000 may be a ms short, which must not move a record across the bound. */
function clearOf(times, bound) {
	let value = Math.floor(bound);
	while (times.has(value) || times.has(value - 1) || times.has(value - 2) || times.has(value + 1) || times.has(value + 2)) {
		value++;
	}

	return value;
}

const sameAnswers = (a, b) => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
/** A query report's lists as formats-answer.js gives them. */
const asAnswers = report => ({lines: report.stats.lines, connectedTo: Object.fromEntries(report.connectedTo.map(row => [row.host, row.count])), receivedFrom: Object.fromEntries(report.receivedFrom.map(row => [row.host, row.count]))});
function normalise(answers) {
	const sortedObject = object => Object.fromEntries(Object.entries(object ?? {}).sort((x, y) => (x[0] < y[0] ? -1 : 1)));
	return {lines: answers.lines, connectedTo: sortedObject(answers.connectedTo), receivedFrom: sortedObject(answers.receivedFrom), top: sortedObject(answers.top)};
}

/**
@returns {rows (the tables), targets: [{text, met, detail}], note}
*/
export async function benchFormats({cli, dist, tmp, size, runs, say}) {
	const settings = {rate: 300, hostCount: 2000};
	const files = [];
	for (const [format, name] of [['native', 'native'], ['zeek', 'Zeek TSV'], ['vpc', 'VPC Flow Logs'], ['eve', 'Suricata eve.json']]) {
		const perLine = bytesPerLine(cli, tmp, {...settings, format});
		const log = generate(cli, join(tmp, `formats-${format}.log`), {...settings, format, lines: Math.round(size / perLine)});
		files.push({name, format, path: log.path, bytes: log.bytes, connections: log.lines, json: format === 'eve' ? 'eve' : undefined});
		say(`  ${name}: ${formatBytes(log.bytes)}, ${fmt(log.lines / 1e6, 2)} M connections`);
	}

	const zeekJson = join(tmp, 'formats-zeek-json.log');
	// As long as the others: its lines are three times the TSV's.
	const converted = await zeekTsvToJson(files[1].path, zeekJson, size);
	files.splice(2, 0, {name: 'Zeek JSON', format: 'zeek', path: zeekJson, bytes: converted.bytes, connections: converted.records, json: 'zeek'});
	say(`  Zeek JSON (the first records of the TSV, as Zeek's JSON writer writes them): ${formatBytes(converted.bytes)}, ${fmt(converted.records / 1e6, 2)} M connections`);

	// The parsers alone, a process each, rounds interleaved.
	const scans = new Map(files.map(file => [file.name, []]));
	for (let round = 0; round < runs; round++) {
		for (const file of files) {
			const result = spawnSync('node', [join(here, 'formats-scan.js'), dist, file.format, file.path, '3'], {encoding: 'utf8', maxBuffer: 1 << 20});
			if (result.status !== 0) {
				throw new Error(`formats-scan ${file.name} failed: ${result.stderr}`);
			}

			const scan = JSON.parse(result.stdout);
			if (scan.lines !== file.connections || scan.malformed !== 0) {
				throw new Error(`${file.name}: the cursor read ${scan.lines} connections and ${scan.malformed} malformed lines, the generator wrote ${file.connections}`);
			}

			scans.get(file.name).push(file.bytes / Math.min(...scan.seconds) / 1e6);
		}
	}

	const nativeRate = median(scans.get('native'));
	const scanRows = [['file', 'size', 'cursor MB/s (median of rounds, best of 3 each)', 'min–max', 'vs native']];
	for (const file of files) {
		const rates = scans.get(file.name);
		scanRows.push([file.name, formatBytes(file.bytes), fmt(median(rates), 0), `${fmt(Math.min(...rates), 0)}–${fmt(Math.max(...rates), 0)}`, `${fmt(median(rates) / nativeRate, 2)}x`]);
	}

	// The three answers, whole processes: ours on one core without seeking, and jq on the JSON formats.
	const jq = findJq(say);
	// The busiest source of each file: the same host of the traffic model in every format (a name in the native file, an address in the others).
	const windowOf = async file => {
		const {times, first, last, host} = await survey(dist, file.format, file.path);
		return {host, from: clearOf(times, first + ((last - first) / 4)), to: clearOf(times, first + (3 * (last - first) / 4))};
	};

	const answerTimes = new Map(files.map(file => [file.name, []]));
	const queryTimes = new Map(files.map(file => [file.name, []]));
	const jqTimes = new Map();
	const agree = [];
	const queryAgrees = [];
	const query = (file, from, to, host) => ['node', cli, 'query', file.path, '--host', host, '--from', String(from), '--to', String(to), '--json'];
	const windows = new Map();
	for (const file of files) {
		// eslint-disable-next-line no-await-in-loop
		windows.set(file.name, await windowOf(file));
	}

	for (let round = 0; round < runs; round++) {
		for (const file of files) {
			const {host, from, to} = windows.get(file.name);
			const ours = runTimed(`answers ${file.name}`, ['node', join(here, 'formats-answer.js'), dist, file.format, file.path, host, String(from), String(to)], {stdout: true});
			answerTimes.get(file.name).push(ours.seconds);
			// The command itself over the whole file, format decided from the head, on both cores.
			const whole = runTimed(`query ${file.name}`, query(file, 0, 9_999_999_999_999, host), {stdout: true});
			queryTimes.get(file.name).push(whole.seconds);
			if (round === 0) {
				const windowed = JSON.parse(runTimed(`query ${file.name}`, query(file, from, to, host), {stdout: true}).stdout);
				queryAgrees.push({name: file.name, same: JSON.parse(whole.stdout).stats.lines === file.connections && windowed.files[0].format === file.format && sameAnswers(JSON.parse(ours.stdout), {...asAnswers(windowed), top: JSON.parse(ours.stdout).top})});
			}

			if (file.json && jq.version) {
				const program = jqPrograms[file.json];
				const theirs = runTimed(`jq ${file.name}`, ['jq', '-n', '-c', '--arg', 'host', host, '--argjson', 'from', String(from), '--argjson', 'to', String(to), program, file.path], {stdout: true});
				if (!jqTimes.has(file.name)) {
					jqTimes.set(file.name, []);
				}

				jqTimes.get(file.name).push(theirs.seconds);
				if (round === 0) {
					agree.push({name: file.name, same: sameAnswers(JSON.parse(ours.stdout), JSON.parse(theirs.stdout))});
				}
			}
		}
	}

	const answerRows = [['file', 'dashboard\'s cursor + three answers, one core, s', 'MB/s', 'jq, s', 'jq MB/s', 'faster than jq']];
	for (const file of files) {
		const ours = median(answerTimes.get(file.name));
		const theirs = jqTimes.has(file.name) ? median(jqTimes.get(file.name)) : undefined;
		answerRows.push([file.name, fmt(ours, 2), fmt(file.bytes / ours / 1e6, 0), theirs === undefined ? '' : fmt(theirs, 2), theirs === undefined ? '' : fmt(file.bytes / theirs / 1e6, 0), theirs === undefined ? '' : `${fmt(theirs / ours, 1)}x`]);
	}

	const nativeQuery = file => file.bytes / median(queryTimes.get(file.name)) / 1e6;
	const queryRows = [['file', 'dashboard query, whole file, both cores, s', 'MB/s', 'vs native']];
	for (const file of files) {
		queryRows.push([file.name, fmt(median(queryTimes.get(file.name)), 2), fmt(nativeQuery(file), 0), `${fmt(nativeQuery(file) / nativeQuery(files[0]), 2)}x`]);
	}

	const rate = name => median(scans.get(name));
	const targets = [
		{text: 'Zeek TSV cursor at least half the native cursor\'s MB/s', met: rate('Zeek TSV') >= nativeRate / 2, detail: `${fmt(rate('Zeek TSV'), 0)} vs ${fmt(nativeRate, 0)} MB/s: ${fmt(rate('Zeek TSV') / nativeRate, 2)}x`},
		{text: 'VPC cursor at least half the native cursor\'s MB/s', met: rate('VPC Flow Logs') >= nativeRate / 2, detail: `${fmt(rate('VPC Flow Logs'), 0)} vs ${fmt(nativeRate, 0)} MB/s: ${fmt(rate('VPC Flow Logs') / nativeRate, 2)}x`},
	];
	for (const name of ['Zeek JSON', 'Suricata eve.json']) {
		if (jqTimes.has(name)) {
			const ratio = median(jqTimes.get(name)) / median(answerTimes.get(name));
			targets.push({text: `${name}: the three answers at least 3x faster than jq`, met: ratio >= 3, detail: `${fmt(ratio, 1)}x (${fmt(median(answerTimes.get(name)), 2)} s vs ${fmt(median(jqTimes.get(name)), 2)} s)`});
		} else {
			targets.push({text: `${name}: the three answers at least 3x faster than jq`, met: false, detail: `not measured: ${jq.missing}`});
		}
	}

	for (const file of files) {
		rmSync(file.path, {force: true});
	}

	const disagree = agree.filter(entry => !entry.same).map(entry => entry.name);
	const queryDisagree = queryAgrees.filter(entry => !entry.same).map(entry => entry.name);
	const note = [
		`Files from \`dashboard generate --fast --seed 7 --rate ${settings.rate} --host-count ${settings.hostCount} --format F\`, the same connections in every format, about ${formatBytes(size)} each; Zeek JSON is the first part of the Zeek TSV file rewritten as Zeek's JSON writer writes it (bench/lib/zeek-json.js), to the same size.`,
		`Cursor MB/s: bench/lib/formats-scan.js, each format's cursor over its file in memory in 2 MB chunks of whole lines (as the file scanner hands them over), nothing counted: a process per format, ${runs} rounds interleaved.`,
		`Three answers: bench/lib/formats-answer.js (the cursor, interning and counting over a window of the middle half of the file, read in 2 MB chunks, one core, no seeking) and jq ${jq.version ?? '(missing)'} with the equivalent program, whole processes, wall time, medians of ${runs} interleaved rounds, host ${windows.get('Zeek TSV').host} (the busiest source; ${windows.get('native').host} in the native file).`,
		jq.version ? (disagree.length === 0 ? 'The answers of jq and of the cursor were checked equal (first round).' : `**Answers differ from jq's: ${disagree.join(', ')}**`) : `jq: ${jq.missing}; the comparison is skipped.`,
		`Query: \`dashboard query FILE --json\` over the whole file, a whole process (start-up included), the format told from the file's head, native through the scanner kernel and the others through their cursor, across both cores; medians of ${runs} interleaved rounds.`,
		queryDisagree.length === 0 ? 'Its connections counted were those the generator wrote, and its answers over the middle half those of formats-answer.js (first round).' : `**query's answers differ: ${queryDisagree.join(', ')}**`,
	].join(' ');
	return {scanRows, answerRows, queryRows, targets, note};
}

const startMarker = '<!-- formats: written by bench/lib/formats-bench.js -->';
const endMarker = '<!-- /formats -->';

/** The section as markdown, between markers so that `node bench/formats.js` can write it again into RESULTS.md alone. */
export function formatsSection(result, {markdownTable, heading, when}) {
	const targets = result.targets.map(entry => `- ${entry.met ? '**met**' : '**NOT MET**'}: ${entry.text}: ${entry.detail}`).join('\n');
	return `${startMarker}
${heading} 8. Other formats (issue 12)

Measured ${when}.

${targets}

${markdownTable(result.scanRows)}

${markdownTable(result.answerRows)}

${markdownTable(result.queryRows)}

${result.note}
${endMarker}`;
}

/** RESULTS.md with its formats section replaced by `section` (or the section added at the end). */
export function withFormatsSection(results, section) {
	const start = results.indexOf(startMarker);
	const end = results.indexOf(endMarker);
	if (start >= 0 && end > start) {
		return `${results.slice(0, start)}${section}${results.slice(end + endMarker.length)}`;
	}

	return `${results.trimEnd()}\n\n${section}\n`;
}
