/*
Reading the few members wanted from a JSON object on one line, without parsing the rest: the members of one level are walked key by key, and the value of a key that is not wanted is stepped over (a nested object or array by counting brackets outside strings), never built. A caller stops as soon as it has what it needs, so the end of a long line is often never looked at.

A key that matches is one whose raw bytes equal the name (a key written with escapes does not match; no writer of these logs escapes a key).
*/

const quote = 0x22;
const backslash = 0x5C;
const colon = 0x3A;
const comma = 0x2C;
const openBrace = 0x7B;
const closeBrace = 0x7D;
const openBracket = 0x5B;
const closeBracket = 0x5D;
const space = 0x20;
const tab = 0x09;

/** What `nextMember` found. */
export const member = {
	/** A key: `keyStart`/`keyEnd`, and `position` is at its value. */
	found: 1,
	/** The object ended. */
	end: 0,
	/** Not JSON. */
	broken: -1,
} as const;

/**
A position in one line of JSON and what was read last: a key's bytes, a string value's bytes (without quotes, escapes left as written, `escaped` telling whether there were any), or a number's.
*/
export class JsonScanner {
	buffer: Uint8Array = new Uint8Array(0);
	position = 0;
	end = 0;
	keyStart = 0;
	keyEnd = 0;
	valueStart = 0;
	valueEnd = 0;
	/** The last string read holds a backslash escape. */
	escaped = false;
	/** Set after the opening brace of an object: its first member has no comma before it. */
	private first = true;

	/**
	Start at the line `buffer[start, end)`, which must hold an object.

	@returns false when the line does not start with `{` (after spaces).
	*/
	begin(buffer: Uint8Array, start: number, end: number): boolean {
		this.buffer = buffer;
		this.end = end;
		this.position = start;
		return this.enterObject();
	}

	/** The value at `position` is an object: step into it, so that `nextMember` reads its members. */
	enterObject(): boolean {
		const p = this.skipSpace(this.position);
		if (p >= this.end || this.buffer[p] !== openBrace) {
			return false;
		}

		this.position = p + 1;
		this.first = true;
		return true;
	}

	/**
	Move to the next key of the current object, past the comma after the previous value.
	*/
	nextMember(): typeof member[keyof typeof member] {
		const buffer = this.buffer;
		let p = this.skipSpace(this.position);
		if (p >= this.end) {
			return member.broken;
		}

		let c = buffer[p];
		if (c === closeBrace) {
			this.position = p + 1;
			// Back in the object around this one, whose next member has a comma before it.
			this.first = false;
			return member.end;
		}

		if (this.first) {
			this.first = false;
		} else {
			if (c !== comma) {
				return member.broken;
			}

			p = this.skipSpace(p + 1);
			c = buffer[p];
		}

		if (c !== quote) {
			return member.broken;
		}

		const keyEnd = this.stringEnd(p + 1);
		if (keyEnd < 0) {
			return member.broken;
		}

		this.keyStart = p + 1;
		this.keyEnd = keyEnd;
		p = this.skipSpace(keyEnd + 1);
		if (p >= this.end || buffer[p] !== colon) {
			return member.broken;
		}

		this.position = this.skipSpace(p + 1);
		return member.found;
	}

	/** Whether the key just read is `name` (its bytes). */
	keyIs(name: Uint8Array): boolean {
		const start = this.keyStart;
		const length = name.length;
		if (this.keyEnd - start !== length) {
			return false;
		}

		const buffer = this.buffer;
		for (let i = 0; i < length; i++) {
			if (buffer[start + i] !== name[i]) {
				return false;
			}
		}

		return true;
	}

	/**
	Read the string value at `position` onto `valueStart`/`valueEnd` and `escaped`.

	@returns false when the value is not a string.
	*/
	readString(): boolean {
		const p = this.position;
		if (p >= this.end || this.buffer[p] !== quote) {
			return false;
		}

		const end = this.stringEnd(p + 1);
		if (end < 0) {
			return false;
		}

		this.valueStart = p + 1;
		this.valueEnd = end;
		this.position = end + 1;
		return true;
	}

	/**
	Read the number (or other bare value: `true`, `null`) at `position` onto `valueStart`/`valueEnd`, up to the byte that ends it.

	@returns false when there is none.
	*/
	readBare(): boolean {
		const buffer = this.buffer;
		const end = this.end;
		const start = this.position;
		let p = start;
		let c = 0;
		while (p < end && (c = buffer[p]!) !== comma && c !== closeBrace && c !== closeBracket && c !== space && c !== tab) {
			if (c === quote || c === openBrace || c === openBracket) {
				return false;
			}

			p++;
		}

		this.valueStart = start;
		this.valueEnd = p;
		this.position = p;
		return p > start;
	}

	/**
	Step over the value at `position`, whatever it is.

	@returns false when the line ends inside it.
	*/
	skipValue(): boolean {
		const buffer = this.buffer;
		const c = buffer[this.position];
		if (c === quote) {
			return this.readString();
		}

		if (c !== openBrace && c !== openBracket) {
			return this.readBare();
		}

		// Count brackets, stepping over strings, whose brackets do not count.
		const end = this.end;
		let depth = 0;
		for (let p = this.position; p < end; p++) {
			const byte = buffer[p];
			if (byte === quote) {
				p = this.stringEnd(p + 1);
				if (p < 0) {
					return false;
				}
			} else if (byte === openBrace || byte === openBracket) {
				depth++;
			} else if ((byte === closeBrace || byte === closeBracket) && --depth === 0) {
				this.position = p + 1;
				return true;
			}
		}

		return false;
	}

	/** Step over the rest of the current object, after its members were read up to some value. */
	leaveObject(): boolean {
		for (;;) {
			const found = this.nextMember();
			if (found === member.end) {
				return true;
			}

			if (found === member.broken || !this.skipValue()) {
				return false;
			}
		}
	}

	/** The closing quote of the string whose first byte is at `p`, or -1; sets `escaped`. */
	private stringEnd(p: number): number {
		const buffer = this.buffer;
		const end = this.end;
		let escaped = false;
		while (p < end) {
			const c = buffer[p];
			if (c === quote) {
				this.escaped = escaped;
				return p;
			}

			if (c === backslash) {
				escaped = true;
				p += 2;
			} else {
				p++;
			}
		}

		return -1;
	}

	private skipSpace(p: number): number {
		const buffer = this.buffer;
		const end = this.end;
		let c = 0;
		while (p < end && ((c = buffer[p]!) === space || c === tab || c === 0x0D || c === 0x0A)) {
			p++;
		}

		return p;
	}
}

const hexValues = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) {
	hexValues[0x30 + i] = i;
}

for (let i = 0; i < 6; i++) {
	hexValues[0x41 + i] = 10 + i;
	hexValues[0x61 + i] = 10 + i;
}

const simpleEscapes: Readonly<Record<number, number>> = {
	[quote]: quote,
	[backslash]: backslash,
	0x2F: 0x2F,
	0x62: 0x08,
	0x66: 0x0C,
	0x6E: 0x0A,
	0x72: 0x0D,
	0x74: 0x09,
};

/**
Decode the JSON string bytes `source[start, end)` (without quotes) into `target` from `at`, as UTF-8: escapes become the bytes they stand for (`\u00e9` two bytes, a surrogate pair four; a lone surrogate becomes U+FFFD, as a decoder would show it).

@returns Where the decoded bytes end in `target`, or -1 when an escape is not JSON. `target` must have room for `end - start` bytes from `at` (decoding never grows a string).
*/
export function decodeJsonString(source: Uint8Array, start: number, end: number, target: Uint8Array, at: number): number {
	let out = at;
	for (let p = start; p < end; p++) {
		const c = source[p]!;
		if (c !== backslash) {
			target[out++] = c;
			continue;
		}

		if (++p >= end) {
			return -1;
		}

		const escape = source[p]!;
		if (escape !== 0x75) {
			const byte = simpleEscapes[escape];
			if (byte === undefined) {
				return -1;
			}

			target[out++] = byte;
			continue;
		}

		let code = hex4(source, p + 1, end);
		if (code < 0) {
			return -1;
		}

		p += 4;
		if (code >= 0xD8_00 && code <= 0xDB_FF && source[p + 1] === backslash && source[p + 2] === 0x75) {
			const low = hex4(source, p + 3, end);
			if (low >= 0xDC_00 && low <= 0xDF_FF) {
				code = 0x1_00_00 + ((code - 0xD8_00) << 10) + (low - 0xDC_00);
				p += 6;
			}
		}

		if (code >= 0xD8_00 && code <= 0xDF_FF) {
			code = 0xFF_FD;
		}

		out = encodeUtf8(code, target, out);
	}

	return out;
}

function hex4(source: Uint8Array, p: number, end: number): number {
	if (p + 4 > end) {
		return -1;
	}

	let value = 0;
	for (let i = p; i < p + 4; i++) {
		const digit = hexValues[source[i]!]!;
		if (digit < 0) {
			return -1;
		}

		value = (value << 4) | digit;
	}

	return value;
}

function encodeUtf8(code: number, target: Uint8Array, out: number): number {
	if (code < 0x80) {
		target[out++] = code;
	} else if (code < 0x8_00) {
		target[out++] = 0xC0 | (code >> 6);
		target[out++] = 0x80 | (code & 0x3F);
	} else if (code < 0x1_00_00) {
		target[out++] = 0xE0 | (code >> 12);
		target[out++] = 0x80 | ((code >> 6) & 0x3F);
		target[out++] = 0x80 | (code & 0x3F);
	} else {
		target[out++] = 0xF0 | (code >> 18);
		target[out++] = 0x80 | ((code >> 12) & 0x3F);
		target[out++] = 0x80 | ((code >> 6) & 0x3F);
		target[out++] = 0x80 | (code & 0x3F);
	}

	return out;
}
