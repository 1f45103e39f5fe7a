/**
Make a host name safe to print on a terminal: valid UTF-8 is kept, while control characters (C0, DEL, C1) and bytes that are not valid UTF-8 become `\xNN` escapes, so a log line can never move the cursor, clear the screen or change colours. Invisible format characters (zero-width spaces and joiners, bidirectional marks, overrides and isolates, the BOM, the soft hyphen: Unicode category Cf) and the line and paragraph separators become `\u200b` escapes, so a name can neither hide part of itself nor reorder a row, and every character keeps a visible width.
*/
export function displayName(bytes: Uint8Array): string {
	if (isPrintableAscii(bytes)) {
		return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
	}

	let out = '';
	let i = 0;
	while (i < bytes.length) {
		const byte = bytes[i]!;
		const length = sequenceLength(bytes, i);
		if (length === 0) {
			out += escape(byte);
			i++;
			continue;
		}

		const codePoint = decode(bytes, i, length);
		if (codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F)) {
			out += escape(codePoint);
		} else {
			const char = String.fromCodePoint(codePoint);
			out += invisible.test(char) ? escapeCodePoint(codePoint) : char;
		}

		i += length;
	}

	return out;
}

/** Whether the name is printable ASCII, which is shown as it is. */
export function isPrintableAscii(bytes: Uint8Array): boolean {
	for (const byte of bytes) {
		if (byte < 0x20 || byte >= 0x7F) {
			return false;
		}
	}

	return true;
}

/** Escape control characters in text that is already decoded (for names given as strings). */
export function displayText(text: string): string {
	return displayName(Buffer.from(text));
}

function escape(value: number): string {
	return `\\x${value.toString(16).padStart(2, '0')}`;
}

/** Format characters, and the line and paragraph separators, which a terminal may break a line at. */
const invisible = /^[\p{Cf}\p{Zl}\p{Zp}]$/u;

function escapeCodePoint(codePoint: number): string {
	const hex = codePoint.toString(16);
	return codePoint > 0xFF_FF ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/* Length of the valid UTF-8 sequence at i, or 0 when the byte there does not start one. */
function sequenceLength(bytes: Uint8Array, i: number): number {
	const first = bytes[i]!;
	if (first < 0x80) {
		return 1;
	}

	let length: number;
	let min: number;
	if (first >= 0xC2 && first <= 0xDF) {
		length = 2;
		min = 0x80;
	} else if (first >= 0xE0 && first <= 0xEF) {
		length = 3;
		min = 0x8_00;
	} else if (first >= 0xF0 && first <= 0xF4) {
		length = 4;
		min = 0x1_00_00;
	} else {
		return 0;
	}

	if (i + length > bytes.length) {
		return 0;
	}

	for (let k = 1; k < length; k++) {
		if ((bytes[i + k]! & 0xC0) !== 0x80) {
			return 0;
		}
	}

	const codePoint = decode(bytes, i, length);
	if (codePoint < min || codePoint > 0x10_FF_FF || (codePoint >= 0xD8_00 && codePoint <= 0xDF_FF)) {
		return 0;
	}

	return length;
}

function decode(bytes: Uint8Array, i: number, length: number): number {
	const first = bytes[i]!;
	if (length === 1) {
		return first;
	}

	let codePoint = first & (0xFF >> (length + 1));
	for (let k = 1; k < length; k++) {
		codePoint = (codePoint << 6) | (bytes[i + k]! & 0x3F);
	}

	return codePoint;
}
