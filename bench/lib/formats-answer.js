// The three answers over a window, from a file of any format, read as `query` reads a file (2 MB chunks, the unfinished line carried over) on one core and without seeking: what `jq` is timed against, the whole process around it, start-up included.
//
//	node formats-answer.js DIST FORMAT FILE HOST FROM TO   ->   {"lines":N,"connectedTo":{...},"receivedFrom":{...},"top":{...}}
import {closeSync, openSync, readSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';

const [dist, format, file, host, fromText, toText] = process.argv.slice(2);
const load = async module => import(pathToFileURL(join(dist, 'source/core', module)).href);
const {createCursor} = await load('formats/log-format.js');
const {lineResult} = await load('line-cursor.js');
const {HostTable} = await load('host-table.js');
const from = Number(fromText);
const to = Number(toText);
const hosts = new HostTable();
const hostBytes = Buffer.from(host);
const hostId = hosts.intern(hostBytes, 0, hostBytes.length);
let capacity = 1 << 16;
let connectedTo = new Float64Array(capacity);
let receivedFrom = new Float64Array(capacity);
let top = new Float64Array(capacity);
const grow = array => {
	const grown = new Float64Array(capacity);
	grown.set(array);
	return grown;
};

let lines = 0;
const cursor = createCursor(format);
function consume(atEnd) {
	for (let result = atEnd ? cursor.finish() : cursor.next(); result !== lineResult.end; result = atEnd ? cursor.finish() : cursor.next()) {
		if (result !== lineResult.line || cursor.timestamp < from || cursor.timestamp > to) {
			continue;
		}

		lines++;
		const bytes = cursor.hostBuffer ?? cursor.buffer;
		const source = hosts.intern(bytes, cursor.sourceStart, cursor.sourceEnd, cursor.sourceHash);
		const destination = hosts.intern(bytes, cursor.destinationStart, cursor.destinationEnd);
		if (hosts.size > capacity) {
			capacity *= 2;
			connectedTo = grow(connectedTo);
			receivedFrom = grow(receivedFrom);
			top = grow(top);
		}

		top[source]++;
		if (destination === hostId) {
			connectedTo[source]++;
		}

		if (source === hostId) {
			receivedFrom[destination]++;
		}
	}
}

const fd = openSync(file, 'r');
let buffer = new Uint8Array(2 * 1024 * 1024);
let carried = 0;
for (;;) {
	if (carried === buffer.length) {
		const grown = new Uint8Array(buffer.length * 2);
		grown.set(buffer);
		buffer = grown;
	}

	const read = readSync(fd, buffer, carried, buffer.length - carried, null);
	cursor.reset(buffer, 0, carried + read);
	consume(read === 0);
	if (read === 0) {
		break;
	}

	carried = carried + read - cursor.position;
	buffer.copyWithin(0, cursor.position, cursor.position + carried);
}

closeSync(fd);
const object = counts => {
	const result = {};
	for (let id = 0; id < hosts.size; id++) {
		if (counts[id] > 0) {
			result[hosts.name(id)] = counts[id];
		}
	}

	return result;
};

process.stdout.write(`${JSON.stringify({lines, connectedTo: object(connectedTo), receivedFrom: object(receivedFrom), top: object(top)})}\n`);
