import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {detectFormat} from '../source/core/formats/detect-format.js';
import {connections, readRecords} from './helpers/read-records.js';

/* The sample logs of the other formats are what sample-logs/readme.md says they are. */

for (const [name, format, count, skipped] of [['conn.log', 'zeek', 2000, 9], ['vpc-flow.log', 'vpc', 3000, 31], ['eve.json', 'eve', 1000, 103]] as const) {
	test(`sample-logs/${name}: detected as ${format}, ${count} connections and ${skipped} records without one, none malformed`, async t => {
		const bytes = await readFile(fileURLToPath(new URL(`../sample-logs/${name}`, import.meta.url)));
		t.is(detectFormat(bytes, bytes.length, true), format);
		const reads = readRecords(format, bytes, {finish: true});
		t.is(connections(reads).length, count);
		t.is(reads.filter(read => read === 'skipped').length, skipped);
		t.false(reads.includes('malformed'));
	});
}
