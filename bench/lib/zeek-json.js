// Zeek conn.log in TSV into the same log as Zeek's JSON writer writes it (LogAscii::use_json): one object a line, the #fields as keys, numbers as numbers, unset fields left out.
import {createReadStream, createWriteStream} from 'node:fs';
import {once} from 'node:events';
import {createInterface} from 'node:readline';

const numeric = new Set(['time', 'interval', 'count', 'port', 'int', 'double']);

/** Convert the TSV file `from` into the JSON file `to`, up to `limit` bytes of JSON; resolves with the bytes and records written. */
export async function zeekTsvToJson(from, to, limit = Number.POSITIVE_INFINITY) {
	const out = createWriteStream(to);
	let fields = [];
	let types = [];
	let batch = [];
	let bytes = 0;
	let records = 0;
	let pending = 0;
	const flush = async () => {
		const text = batch.join('');
		batch = [];
		pending = 0;
		bytes += Buffer.byteLength(text);
		if (!out.write(text)) {
			await once(out, 'drain');
		}
	};

	for await (const line of createInterface({input: createReadStream(from), crlfDelay: Infinity})) {
		if (line.startsWith('#fields\t')) {
			fields = line.split('\t').slice(1);
		} else if (line.startsWith('#types\t')) {
			types = line.split('\t').slice(1);
		} else if (line !== '' && !line.startsWith('#')) {
			const values = line.split('\t');
			const record = {};
			for (const [index, name] of fields.entries()) {
				const value = values[index];
				if (value === '-' || value === undefined) {
					continue;
				}

				const type = types[index];
				record[name] = numeric.has(type) ? Number(value) : (type === 'bool' ? value === 'T' : (type.startsWith('set[') ? (value === '(empty)' ? [] : value.split(',')) : value));
			}

			const json = `${JSON.stringify(record)}\n`;
			if (bytes + pending + json.length > limit) {
				break;
			}

			batch.push(json);
			pending += json.length;
			records++;
			if (batch.length >= 10_000) {
				// eslint-disable-next-line no-await-in-loop
				await flush();
			}
		}
	}

	await flush();
	out.end();
	await once(out, 'finish');
	return {bytes, records};
}
