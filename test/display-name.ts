import test from 'ava';
import {displayName, displayText} from '../source/core/display-name.js';

/* SPEC section 4: control characters (ESC, C0, C1, DEL) and bytes that are not UTF-8 are shown as escapes, never sent to the terminal. */

const bytes = (...values: number[]) => Uint8Array.from(values);

test('printable ASCII is shown as it is', t => {
	t.is(displayName(Buffer.from('web-01.example')), 'web-01.example');
});

test('ESC and the other C0 controls are escaped', t => {
	t.is(displayText('a\u001B[2Jb'), String.raw`a\x1b[2Jb`);
	t.is(displayText('tab\there\nnew\u0000'), String.raw`tab\x09here\x0anew\x00`);
});

test('DEL is escaped', t => {
	t.is(displayText('a\u007Fb'), String.raw`a\x7fb`);
});

test('C1 controls are escaped by code point', t => {
	// U+009B is CSI, which some terminals obey like ESC [.
	t.is(displayText('a\u009B2Jb\u0085'), String.raw`a\x9b2Jb\x85`);
});

test('valid UTF-8 beyond ASCII is kept', t => {
	t.is(displayText('Zoë-東京-🙂'), 'Zoë-東京-🙂');
});

test('bytes that are not UTF-8 are escaped one by one', t => {
	t.is(displayName(bytes(0x62, 0xFF, 0xFE, 0x68)), String.raw`b\xff\xfeh`);
	// A truncated sequence, an overlong encoding and an encoded surrogate are not UTF-8 either.
	t.is(displayName(bytes(0xE2, 0x82)), String.raw`\xe2\x82`);
	t.is(displayName(bytes(0xC0, 0xAF)), String.raw`\xc0\xaf`);
	t.is(displayName(bytes(0xED, 0xA0, 0x80)), String.raw`\xed\xa0\x80`);
});

test('invisible format characters are escaped, and nothing of the name is dropped', t => {
	// Zero-width space, left-to-right mark, right-to-left override, word joiner, BOM, soft hyphen.
	for (const [char, escaped] of [['\u200B', '200b'], ['\u200E', '200e'], ['\u202E', '202e'], ['\u2060', '2060'], ['\uFEFF', 'feff'], ['\u00AD', '00ad']] as const) {
		t.is(displayText(`abc${char}dEND`), `abc\\u${escaped}dEND`, escaped);
	}

	// Isolates, the line separator, and a format character beyond the first plane (a language tag).
	t.is(displayText('x\u2066y\u2069z\u2028w\u{E0001}v'), String.raw`x\u2066y\u2069z\u2028w\u{e0001}v`);
	// Joiners inside emoji sequences are format characters too: shown, not hidden.
	t.is(displayText('a\u200Db'), String.raw`a\u200db`);
});
