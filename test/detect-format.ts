import test from 'ava';
import {detectFormat, detectionBytes} from '../source/core/formats/detect-format.js';

/* `--format auto`: each rule of SPEC section 6 on the first lines of a file. */

const detect = (text: string, complete = false) => {
	const bytes = Buffer.from(text);
	return detectFormat(bytes, bytes.length, complete);
};

test('a Zeek header: #separator or #fields', t => {
	t.is(detect('#separator \\x09\n#set_separator\t,\n'), 'zeek');
	t.is(detect('#fields\tts\tuid\tid.orig_h\n'), 'zeek');
});

test('a JSON object with the key id.orig_h is Zeek, one with event_type is eve', t => {
	t.is(detect('{"ts":1331901000.486539,"uid":"Cx","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2"}\n'), 'zeek');
	t.is(detect('{"timestamp":"2017-04-07T22:24:37.251547+0100","event_type":"dns","src_ip":"10.0.0.1"}\n'), 'eve');
});

test('a VPC header line, or a first record of 14 fields starting with 2', t => {
	t.is(detect('version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n'), 'vpc');
	t.is(detect('2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n'), 'vpc');
	t.is(detect('2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n'), 'vpc');
});

test('anything else is native, the decimal-second lines of nginx\'s $msec too', t => {
	t.is(detect('1565647204351 Hannibal Samatchi\n'), 'native');
	t.is(detect('1331901000.486 10.0.0.5 10.0.0.1\n'), 'native');
	t.is(detect('3 123456789010 eni-1 1 2 3 4 5 6 7 8 9 10 11\n'), 'native', '14 fields, but not version 2');
	t.is(detect('GET / HTTP/1.1\n'), 'native');
});

test('blank lines, JSON objects with neither key and # lines that are not Zeek\'s are passed over for the lines after them', t => {
	t.is(detect('\n \r\n{"hello":"world"}\n#comment\n{"event_type":"flow"}\n'), 'eve');
	t.is(detect(`${'{"a":1}\n'.repeat(20)}{"event_type":"flow"}\n`), 'native', 'not forever: after a few lines without a sign, native');
});

test('a JSON line that does not parse still tells by its keys', t => {
	t.is(detect('{"timestamp":"2017-04-07T22:24:37+0100","event_type":"flow","src_ip":"a" "broken\n'), 'eve');
});

test('a followed file with no complete line yet is not decided; once finished, it is', t => {
	t.is(detect(''), undefined);
	t.is(detect('\n\n'), undefined);
	t.is(detect('#separator \\x0'), undefined);
	t.is(detect('#separator \\x09', true), 'zeek');
	t.is(detect('', true), 'native');
});

test('a first line longer than the detection head is decided on what there is', t => {
	t.is(detect('x'.repeat(detectionBytes)), 'native');
	t.is(detect(`{"event_type":"flow","x":"${'y'.repeat(detectionBytes)}`), 'eve');
});
