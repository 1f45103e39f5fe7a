import test from 'ava';
import {hashBytes} from '../source/core/host-table.js';
import {LineCursor, lineResult} from '../source/core/line-cursor.js';

/* One test per rule of SPEC section 1. Lines are written out as bytes and read back as what a caller would see. */

type Read = 'malformed' | {readonly timestamp: number; readonly source: string; readonly destination: string};

function read(input: string | Uint8Array, options: {readonly finish?: boolean} = {}): Read[] {
	const buffer = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
	const cursor = new LineCursor().reset(buffer);
	const results: Read[] = [];
	for (;;) {
		const result = options.finish ? cursor.finish() : cursor.next();
		if (result === lineResult.end) {
			return results;
		}

		results.push(result === lineResult.malformed
			? 'malformed'
			: {
				timestamp: cursor.timestamp,
				source: Buffer.from(buffer.subarray(cursor.sourceStart, cursor.sourceEnd)).toString('latin1'),
				destination: Buffer.from(buffer.subarray(cursor.destinationStart, cursor.destinationEnd)).toString('latin1'),
			});
	}
}

const line = (timestamp: number, source: string, destination: string) => ({timestamp, source, destination});

test('a line is a timestamp, a source and a destination separated by a space', t => {
	t.deepEqual(read('1565647204351 Hannibal Samatchi\n'), [line(1_565_647_204_351, 'Hannibal', 'Samatchi')]);
});

test('fields are separated by runs of spaces and tabs', t => {
	t.deepEqual(read('1565647204351 \t  Hannibal\t\tSamatchi\n'), [line(1_565_647_204_351, 'Hannibal', 'Samatchi')]);
});

test('other white space, such as a no-break space or a form feed, is part of a host', t => {
	const buffer = Buffer.from('1565647204351 Han\u00A0nibal Sam\fatchi\n');
	const cursor = new LineCursor().reset(buffer);
	t.is(cursor.next(), lineResult.line);
	t.deepEqual(Buffer.from(buffer.subarray(cursor.sourceStart, cursor.sourceEnd)), Buffer.from('Han\u00A0nibal'));
	t.deepEqual(Buffer.from(buffer.subarray(cursor.destinationStart, cursor.destinationEnd)), Buffer.from('Sam\fatchi'));
});

test('leading and trailing spaces and tabs are ignored', t => {
	t.deepEqual(read(' \t1565647204351 Hannibal Samatchi \t \n'), [line(1_565_647_204_351, 'Hannibal', 'Samatchi')]);
});

test('a carriage return before the newline is ignored', t => {
	t.deepEqual(read('1565647204351 Hannibal Samatchi\r\n1565647204352 Hanny Steeve \r\n'), [
		line(1_565_647_204_351, 'Hannibal', 'Samatchi'),
		line(1_565_647_204_352, 'Hanny', 'Steeve'),
	]);
});

test('a carriage return at the very end of a finished file is ignored', t => {
	t.deepEqual(read('1565647204351 Hannibal Samatchi\r', {finish: true}), [line(1_565_647_204_351, 'Hannibal', 'Samatchi')]);
});

test('a carriage return in the middle of a line is part of a host', t => {
	t.deepEqual(read('1565647204351 Hanni\rbal Samatchi\n'), [line(1_565_647_204_351, 'Hanni\rbal', 'Samatchi')]);
});

test('blank lines, and lines of spaces, tabs or a lone carriage return, are skipped', t => {
	t.deepEqual(read('\n   \n\t\n\r\n1565647204351 Hannibal Samatchi\n\n'), [line(1_565_647_204_351, 'Hannibal', 'Samatchi')]);
});

test('a timestamp below 1e11 is in seconds, from 1e11 on in milliseconds', t => {
	t.deepEqual(read('99999999999 a b\n100000000000 a b\n1565647204 a b\n'), [
		line(99_999_999_999_000, 'a', 'b'),
		line(100_000_000_000, 'a', 'b'),
		line(1_565_647_204_000, 'a', 'b'),
	]);
});

test('leading zeros are allowed and do not change the unit rule', t => {
	t.deepEqual(read('0001565647204351 a b\n000 a b\n'), [line(1_565_647_204_351, 'a', 'b'), line(0, 'a', 'b')]);
});

test('a timestamp above 2^53 - 1 is malformed, 2^53 - 1 itself is not', t => {
	t.deepEqual(read('9007199254740991 a b\n9007199254740992 a b\n99999999999999999999 a b\n'), [
		line(9_007_199_254_740_991, 'a', 'b'),
		'malformed',
		'malformed',
	]);
});

test('a timestamp may be decimal seconds, cut down to the millisecond', t => {
	t.deepEqual(read('1331901000.486539 a b\n1331901000.4 a b\n1331901000.999999999 a b\n0001.0005 a b\n'), [
		line(1_331_901_000_486, 'a', 'b'),
		line(1_331_901_000_400, 'a', 'b'),
		line(1_331_901_000_999, 'a', 'b'),
		line(1000, 'a', 'b'),
	]);
});

test('decimal seconds are seconds whatever their size, and malformed above 2^53 - 1 ms', t => {
	t.deepEqual(read('100000000000.5 a b\n9007199254740.991 a b\n9007199254740.992 a b\n'), [
		line(100_000_000_000_500, 'a', 'b'),
		line(9_007_199_254_740_991, 'a', 'b'),
		'malformed',
	]);
});

test('a dot without a digit on either side, a second dot, or ten digits after it make a malformed line', t => {
	t.deepEqual(read('5. a b\n.5 a b\n. a b\n1.2.3 a b\n1..2 a b\n1.1234567890 a b\n1.123456789 a b\n'), [
		'malformed',
		'malformed',
		'malformed',
		'malformed',
		'malformed',
		'malformed',
		line(1123, 'a', 'b'),
	]);
});

test('two fields or four fields make a malformed line', t => {
	t.deepEqual(read('1565647204351 Hannibal\n1565647204351 Hannibal Samatchi Hanny\n1565647204351\n'), ['malformed', 'malformed', 'malformed']);
});

test('a sign or any non-digit in the timestamp makes a malformed line', t => {
	t.deepEqual(read('-1565647204351 a b\n+1565647204351 a b\n1565647204351x a b\n1,5 a b\n0x1F a b\n'), [
		'malformed',
		'malformed',
		'malformed',
		'malformed',
		'malformed',
	]);
});

test('malformed lines are skipped and reading goes on', t => {
	t.deepEqual(read('junk\n1565647204351 a b\n'), ['malformed', line(1_565_647_204_351, 'a', 'b')]);
});

test('a last line without newline is left by next() and read by finish()', t => {
	const buffer = Buffer.from('1565647204351 a b\n1565647204352 c d');
	const cursor = new LineCursor().reset(buffer);
	t.is(cursor.next(), lineResult.line);
	t.is(cursor.next(), lineResult.end);
	t.is(cursor.position, 18, 'position is where the unfinished line starts');
	t.is(cursor.finish(), lineResult.line);
	t.is(cursor.timestamp, 1_565_647_204_352);
	t.is(cursor.finish(), lineResult.end);
});

test('hosts are bytes: case is kept and invalid UTF-8 is a host like any other', t => {
	const buffer = Buffer.concat([Buffer.from('1565647204351 '), Buffer.from([0xFF, 0xC3, 0x28]), Buffer.from(' hannibal\n')]);
	const cursor = new LineCursor().reset(buffer);
	t.is(cursor.next(), lineResult.line);
	t.deepEqual([...buffer.subarray(cursor.sourceStart, cursor.sourceEnd)], [0xFF, 0xC3, 0x28]);
	t.is(Buffer.from(buffer.subarray(cursor.destinationStart, cursor.destinationEnd)).toString(), 'hannibal');
});

test('lineStart and lineEnd mark the line read, without its newline', t => {
	const buffer = Buffer.from('x\n1565647204351 a b\r\n');
	const cursor = new LineCursor().reset(buffer);
	t.is(cursor.next(), lineResult.malformed);
	t.is(cursor.next(), lineResult.line);
	t.is(cursor.lineStart, 2);
	t.is(cursor.lineEnd, buffer.length - 2);
});

test('the source hash is the one the host table makes, on the usual path and on the general one', t => {
	// The first line takes the fast path; the second (no newline, read by finish()) and the third (trailing tab then a carriage return) take the general one.
	const buffer = Buffer.from('1565647204351 Hannibal Samatchi\n \t1565647204352 Hanny Steeve\t\r\n1565647204353 Mustafa x');
	const cursor = new LineCursor().reset(buffer);
	const hashes: number[] = [];
	const expected: number[] = [];
	for (let result = cursor.finish(); result !== lineResult.end; result = cursor.finish()) {
		t.is(result, lineResult.line);
		hashes.push(cursor.sourceHash);
		expected.push(hashBytes(buffer, cursor.sourceStart, cursor.sourceEnd));
	}

	t.is(hashes.length, 3);
	t.deepEqual(hashes, expected);
});

test('a lone carriage return as a third field leaves two fields: malformed', t => {
	t.deepEqual(read('1565647204351 Hannibal \r\n1565647204351 Hannibal Samatchi \r\n'), ['malformed', line(1_565_647_204_351, 'Hannibal', 'Samatchi')]);
});

test('every line reads the same whether the buffer ends after it or within the next one', t => {
	// Lines before the buffer's last newline take the fast path, the rest the general one: both must agree.
	const text = '1565647204351 a b\r\n\n junk\n99999999999 \tc\td \n9007199254740992 a b\n1 x\r y\r\n';
	const whole = read(text);
	for (let cut = 0; cut <= text.length; cut++) {
		const buffer = Buffer.from(text, 'latin1');
		const cursor = new LineCursor().reset(buffer, 0, cut);
		let count = 0;
		while (cursor.next() !== lineResult.end) {
			count++;
		}

		cursor.reset(buffer, cursor.position, buffer.length);
		while (cursor.next() !== lineResult.end) {
			count++;
		}

		t.is(count, whole.length, `cut at ${cut}`);
	}

	t.deepEqual(whole, [line(1_565_647_204_351, 'a', 'b'), 'malformed', line(99_999_999_999_000, 'c', 'd'), 'malformed', line(1000, 'x\r', 'y')]);
});
