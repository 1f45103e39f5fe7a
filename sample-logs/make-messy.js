#!/usr/bin/env node
/*
Turn a clean generated log (on stdin) into a messy one (on stdout), the same way every time: no randomness, only the line number decides.

	node sample-logs/make-messy.js < clean.txt > messy.log

It keeps every input line (some with CRLF, tabs, extra spaces, millisecond instead of second timestamps, or odd but valid host names), adds blank lines and malformed lines of every kind SPEC section 1 names, and leaves the last line without its newline. On stderr it says how many lines of each it wrote.
*/
import {readFileSync} from 'node:fs';

const malformedKinds = [
	timestamp => `${timestamp} Hannibal`, // Two fields.
	timestamp => `${timestamp} Hannibal Hanny Steeve`, // Four fields.
	timestamp => `+${timestamp} Hannibal Hanny`, // A sign.
	timestamp => `-${timestamp} Samatchi Mustafa`,
	timestamp => `${timestamp}x Steeve Hanny`, // A non-digit.
	() => '12:00:01 Steeve Hanny',
	() => '9007199254740992 Hannibal Samatchi', // 2^53: too large.
	() => 'GET /index.html HTTP/1.1',
	() => 'Mustafa',
	timestamp => `${timestamp}.5 Hanny Hannibal`,
];

/** Valid lines with host names a display must show safely: UTF-8, an escape sequence, bytes that are not UTF-8. */
const oddHosts = [
	Buffer.from('Zoë', 'utf8'),
	Buffer.from('evil\u001B[31mred', 'utf8'),
	Buffer.from([0x62, 0x61, 0x64, 0xFF, 0xFE, 0x68, 0x6F, 0x73, 0x74]),
];

const input = readFileSync(0, 'latin1').split('\n').filter(line => line !== '');
const output = [];
const counts = {lines: 0, malformed: 0, blank: 0, crlf: 0, milliseconds: 0, oddHosts: 0};

for (const [index, line] of input.entries()) {
	const number = index + 1;
	let [timestamp, source, destination] = line.split(' ');
	let bytes;
	if (number % 7 === 0) {
		// Seconds and milliseconds side by side: the 1e11 rule tells them apart.
		timestamp = String((Number(timestamp) * 1000) + (number % 1000));
		counts.milliseconds++;
	}

	if (number % 97 === 0) {
		const host = oddHosts[(number / 97) % oddHosts.length];
		bytes = Buffer.concat([Buffer.from(`${timestamp} ${source} `, 'latin1'), host]);
		counts.oddHosts++;
	} else if (number % 11 === 0) {
		bytes = Buffer.from(`${timestamp}\t${source}  \t ${destination}`, 'latin1');
	} else if (number % 13 === 0) {
		bytes = Buffer.from(`  \t${timestamp} ${source} ${destination} \t`, 'latin1');
	} else {
		bytes = Buffer.from(`${timestamp} ${source} ${destination}`, 'latin1');
	}

	const crlf = number % 5 === 0;
	counts.crlf += crlf ? 1 : 0;
	output.push(bytes, Buffer.from(crlf ? '\r\n' : '\n'));
	counts.lines++;

	if (number % 50 === 0) {
		output.push(Buffer.from(number % 100 === 0 ? ' \t \n' : '\n'));
		counts.blank++;
	}

	if (number % 40 === 0) {
		const kind = malformedKinds[(number / 40) % malformedKinds.length];
		output.push(Buffer.from(`${kind(timestamp)}\n`, 'latin1'));
		counts.malformed++;
	}
}

// A finished file may end without a newline (a \r left alone at the very end is ignored too): its last line still counts.
const text = Buffer.concat(output);
process.stdout.write(text.at(-1) === 0x0A ? text.subarray(0, -1) : text);
process.stderr.write(`${counts.lines} well-formed lines (${counts.crlf} with CRLF, ${counts.milliseconds} in milliseconds, ${counts.oddHosts} with odd host names), ${counts.malformed} malformed, ${counts.blank} blank\n`);
