/*
The scanner kernel: reads native log lines (SPEC section 1) out of a chunk in linear memory with 16-byte vector operations, and either counts the three answers of a window (query mode) or emits one record per line (records mode) for the live store. Compiled with SIMD128 into dist/scanner.wasm by `npm run build`; source/core/scan-kernel.ts is its JavaScript side.

It reads only the lines of the usual shape: a timestamp of at most 15 digits (or decimal seconds with the dot within the first 16 bytes), then two hosts, separated by runs of spaces and tabs, maybe a carriage return before the newline. It stops at any other line and hands it back: the JavaScript side reads that one with LineCursor, which stays the one definition of a line, and counts it through `queryLine` or `recordsLine`. Every function here relies on the caller's promise that a line starting at or before `lastNewline` ends within the chunk, and that 64 bytes of slack follow the chunk's data for over-reads.
*/

const space: u32 = 0x20;
const tab: u32 = 0x09;
const newline: u32 = 0x0A;
const carriageReturn: u32 = 0x0D;
const zero: u32 = 0x30;

/** 2^53 - 1: larger timestamps (in ms) are malformed. */
const maxTimestamp: u64 = 9_007_199_254_740_991;
const secondsLimit: u64 = 100_000_000_000;

/** Why a scan returned: the JavaScript side reads `stopReason()`. */
const stopUncommon: i32 = 0;
const stopEnd: i32 = 1;
const stopDone: i32 = 2;
const stopFull: i32 = 3;

// Tables made once: lengthMasks[n] keeps the first n bytes of a vector; alignments[n] moves the first n bytes to the end (a swizzle, out-of-range lanes become zero).
const lengthMasks: usize = heap.alloc(17 * 16);
const alignments: usize = heap.alloc(17 * 16);
for (let n = 0; n <= 16; n++) {
	for (let j = 0; j < 16; j++) {
		store<u8>(lengthMasks + (n << 4) + j, j < n ? 0xFF : 0);
		store<u8>(alignments + (n << 4) + j, j >= 16 - n ? j - (16 - n) : 0xFF);
	}
}

// The host table: open addressing over 32-byte slots (the first 16 bytes of the name, zero-padded; its length; id + 1, 0 when empty; hash), names in an arena, per id the name's place and three counts.
const slotSize: usize = 32;
let slots: usize = 0;
let slotMask: u32 = 0;
let hostTotal: u32 = 0;
let idCapacity: u32 = 0;
let nameStarts: usize = 0;
let nameLengths: usize = 0;
/** Per id, three f64: connected to the host, received from the host, top hosts. */
let counts: usize = 0;
let arena: usize = 0;
let arenaUsed: usize = 0;
let arenaCapacity: usize = 0;

/** Space for the caller's chunk. */
let input: usize = 0;
let inputCapacity: usize = 0;
const slack: usize = 64;

let stop: i32 = stopEnd;

// Query mode.
let hostPtr: usize = 0;
let hostLength: u32 = 0;
let hostKey: v128 = i64x2.splat(0);
let hostId: u32 = 0;
let from: f64 = 0;
let to: f64 = 0;
let stopAfter: f64 = 0;
let tolerance: f64 = 0;
let involved: bool = false;
let lines: f64 = 0;
let newest: f64 = -Infinity;
let oldest: f64 = Infinity;
let oldestAt: usize = 0;
let disorderFound: bool = false;
let disorderAt: usize = 0;
let disorderBehind: f64 = 0;

// Records mode.
let records: usize = 0;
let recordCapacity: u32 = 0;
let recordTotal: u32 = 0;
let recordsNewest: f64 = -Infinity;

resetHosts(1024);

/* Memory for the JavaScript side. */

/** The chunk area, at least `capacity` bytes plus slack; its old content is kept. */
export function inputArea(capacity: usize): usize {
	if (capacity > inputCapacity) {
		const bigger = heap.alloc(capacity + slack);
		if (input !== 0) {
			memory.copy(bigger, input, inputCapacity);
			heap.free(input);
		}

		input = bigger;
		inputCapacity = capacity;
	}

	return input;
}

export function stopReason(): i32 {
	return stop;
}

/* The host table. */

/** Forget every host; ids start again from 0. */
export function resetHosts(expected: u32): void {
	let capacity: u32 = 16;
	while (capacity < expected * 2) {
		capacity <<= 1;
	}

	if (slots !== 0) {
		heap.free(slots);
		heap.free(nameStarts);
		heap.free(nameLengths);
		heap.free(counts);
		heap.free(arena);
	}

	slots = heap.alloc(usize(capacity) * slotSize);
	memory.fill(slots, 0, usize(capacity) * slotSize);
	slotMask = capacity - 1;
	idCapacity = capacity >> 1;
	nameStarts = heap.alloc(usize(idCapacity) << 2);
	nameLengths = heap.alloc(usize(idCapacity) << 2);
	counts = heap.alloc(usize(idCapacity) * 24);
	memory.fill(counts, 0, usize(idCapacity) * 24);
	arenaCapacity = usize(capacity) * 16;
	arena = heap.alloc(arenaCapacity + slack);
	arenaUsed = 0;
	hostTotal = 0;
}

export function hostCount(): u32 {
	return hostTotal;
}

/** Where host `id`'s bytes are (valid until the next call that may add a host). */
export function hostName(id: u32): usize {
	return arena + load<u32>(nameStarts + (usize(id) << 2));
}

export function hostNameLength(id: u32): u32 {
	return load<u32>(nameLengths + (usize(id) << 2));
}

/** The id of the host in [pointer, pointer + length), added if new. */
export function internHost(pointer: usize, length: u32): u32 {
	return intern(pointer, length);
}

export function countsArea(): usize {
	return counts;
}

@inline
function keyOf(pointer: usize, length: u32): v128 {
	const bytes = v128.load(pointer);
	return length >= 16 ? bytes : v128.and(bytes, v128.load(lengthMasks + (usize(length) << 4)));
}

function hashOf(key: v128, pointer: usize, length: u32): u32 {
	let hash: u64 = (i64x2.extract_lane(key, 0) * 0x9E37_79B9_7F4A_7C15) ^ (i64x2.extract_lane(key, 1) * 0xC2B2_AE3D_27D4_EB4F) ^ u64(length);
	if (length > 16) {
		let p = pointer + 16;
		const end = pointer + length;
		while (p < end) {
			const block = keyOf(p, u32(end - p));
			hash = ((hash ^ i64x2.extract_lane(block, 0)) * 0x9E37_79B9_7F4A_7C15) ^ (i64x2.extract_lane(block, 1) * 0x1656_67B1_9E37_79F9);
			p += 16;
		}
	}

	hash ^= hash >> 29;
	hash *= 0xBF58_476D_1CE4_E5B9;
	hash ^= hash >> 32;
	return u32(hash);
}

/* Bytes past the first sixteen, sixteen at a time; the last block masked to what is left. */
function sameTail(a: usize, b: usize, length: u32): bool {
	let offset: u32 = 16;
	while (offset < length) {
		const left = length - offset;
		if (v128.any_true(v128.xor(keyOf(a + offset, left), keyOf(b + offset, left)))) {
			return false;
		}

		offset += 16;
	}

	return true;
}

@inline
function intern(pointer: usize, length: u32): u32 {
	const key = keyOf(pointer, length);
	const hash = hashOf(key, pointer, length);
	let slot = hash & slotMask;
	for (;;) {
		const at = slots + (usize(slot) << 5);
		const entry = load<u32>(at, 20);
		if (entry === 0) {
			return add(at, key, hash, pointer, length);
		}

		if (load<u32>(at, 16) === length && !v128.any_true(v128.xor(v128.load(at), key)) && (length <= 16 || sameTail(arena + load<u32>(nameStarts + (usize(entry - 1) << 2)), pointer, length))) {
			return entry - 1;
		}

		slot = (slot + 1) & slotMask;
	}

	return unreachable();
}

function add(at: usize, key: v128, hash: u32, pointer: usize, length: u32): u32 {
	const id = hostTotal;
	if (id === idCapacity) {
		growIds();
	}

	if (arenaUsed + length > arenaCapacity) {
		let capacity = arenaCapacity << 1;
		while (capacity < arenaUsed + length) {
			capacity <<= 1;
		}

		const bigger = heap.alloc(capacity + slack);
		memory.copy(bigger, arena, arenaUsed);
		heap.free(arena);
		arena = bigger;
		arenaCapacity = capacity;
	}

	memory.copy(arena + arenaUsed, pointer, length);
	store<u32>(nameStarts + (usize(id) << 2), u32(arenaUsed));
	store<u32>(nameLengths + (usize(id) << 2), length);
	arenaUsed += length;
	hostTotal = id + 1;
	v128.store(at, key);
	store<u32>(at, length, 16);
	store<u32>(at, id + 1, 20);
	store<u32>(at, hash, 24);
	// Up to three quarters full: probes stay short, and a million hosts take 32 MB of slots rather than 64.
	if (hostTotal * 4 > (slotMask + 1) * 3) {
		rehash((slotMask + 1) << 1);
	}

	return id;
}

function growIds(): void {
	const capacity = idCapacity << 1;
	nameStarts = grown(nameStarts, usize(idCapacity) << 2, usize(capacity) << 2);
	nameLengths = grown(nameLengths, usize(idCapacity) << 2, usize(capacity) << 2);
	counts = grown(counts, usize(idCapacity) * 24, usize(capacity) * 24);
	idCapacity = capacity;
}

function grown(old: usize, used: usize, size: usize): usize {
	const bigger = heap.alloc(size);
	memory.copy(bigger, old, used);
	memory.fill(bigger + used, 0, size - used);
	heap.free(old);
	return bigger;
}

function rehash(capacity: u32): void {
	const old = slots;
	const oldCount = slotMask + 1;
	slots = heap.alloc(usize(capacity) * slotSize);
	memory.fill(slots, 0, usize(capacity) * slotSize);
	slotMask = capacity - 1;
	for (let i: u32 = 0; i < oldCount; i++) {
		const from = old + (usize(i) << 5);
		if (load<u32>(from, 20) !== 0) {
			let slot = load<u32>(from, 24) & slotMask;
			while (load<u32>(slots + (usize(slot) << 5), 20) !== 0) {
				slot = (slot + 1) & slotMask;
			}

			memory.copy(slots + (usize(slot) << 5), from, slotSize);
		}
	}

	heap.free(old);
}

/* Reading a line. */

/** Bytes that end a field: space, tab, newline. */
@inline
function separators(bytes: v128): i32 {
	return i8x16.bitmask(v128.or(v128.or(i8x16.eq(bytes, i8x16.splat(0x20)), i8x16.eq(bytes, i8x16.splat(0x09))), i8x16.eq(bytes, i8x16.splat(0x0A))));
}

@inline
function digitMask(bytes: v128): i32 {
	return i8x16.bitmask(i8x16.lt_u(i8x16.sub(bytes, i8x16.splat(0x30)), i8x16.splat(10)));
}

@inline
function isBlank(c: u32): bool {
	return c === space || c === tab;
}

/** The first byte at or after `p` that is not a space or a tab. */
function skipBlanks(p: usize): usize {
	for (;;) {
		const bytes = v128.load(p);
		const other = ~i8x16.bitmask(v128.or(i8x16.eq(bytes, i8x16.splat(0x20)), i8x16.eq(bytes, i8x16.splat(0x09)))) & 0xFFFF;
		if (other !== 0) {
			return p + ctz(other);
		}

		p += 16;
	}

	return unreachable();
}

/** The first separator at or after `p`. */
@inline
function fieldEnd(p: usize): usize {
	let found = separators(v128.load(p));
	while (found === 0) {
		p += 16;
		found = separators(v128.load(p));
	}

	return p + ctz(found);
}

/** The number written by the first `n` (at most 16) bytes of `bytes`, all digits. */
@inline
function digitsValue(bytes: v128, n: u32): u64 {
	const digits = i8x16.swizzle(i8x16.sub(bytes, i8x16.splat(0x30)), v128.load(alignments + (usize(n) << 4)));
	// Pairs of digits, then groups of four, most significant first.
	const pairs = i16x8.add(i16x8.mul(v128.and(digits, i16x8.splat(0xFF)), i16x8.splat(10)), i16x8.shr_u(digits, 8));
	const fours = i32x4.dot_i16x8_s(pairs, i16x8(100, 1, 100, 1, 100, 1, 100, 1));
	const high = u64(i32x4.extract_lane(fours, 0) * 10000 + i32x4.extract_lane(fours, 1));
	const low = u64(i32x4.extract_lane(fours, 2) * 10000 + i32x4.extract_lane(fours, 3));
	return (high * 100_000_000) + low;
}

// What `readLine` found, when it returns true.
let lineTimestamp: f64 = 0;
let sourceStart: usize = 0;
let sourceLength: u32 = 0;
let destinationStart: usize = 0;
let destinationLength: u32 = 0;
let nextLine: usize = 0;

/** The bits of a 16-byte mask placed at `lane` of a 64-bit one. */
@inline
function wide(mask: i32, lane: u64): u64 {
	return u64(u32(mask)) << (lane << 4);
}

/**
Read the line at `p` if it has the usual shape; false leaves it to the general path, which knows every rule.

A line that ends within 64 bytes (nearly all) is read from two masks of those bytes, its newlines and its blanks, made by four loads: every field boundary is a bit operation on them, and the next line's start depends only on the newline mask, so the processor can start on the next line before this one is done. Longer lines go sixteen bytes at a time (`readLongLine`).
*/
@inline
function readLine(p: usize): bool {
	const v0 = v128.load(p);
	const v1 = v128.load(p, 16);
	const v2 = v128.load(p, 32);
	const v3 = v128.load(p, 48);
	const lf = i8x16.splat(0x0A);
	const newlines = wide(i8x16.bitmask(i8x16.eq(v0, lf)), 0) | wide(i8x16.bitmask(i8x16.eq(v1, lf)), 1) | wide(i8x16.bitmask(i8x16.eq(v2, lf)), 2) | wide(i8x16.bitmask(i8x16.eq(v3, lf)), 3);
	if (newlines === 0) {
		return readLongLine(p);
	}

	const sp = i8x16.splat(0x20);
	const ht = i8x16.splat(0x09);
	const blanks = wide(i8x16.bitmask(v128.or(i8x16.eq(v0, sp), i8x16.eq(v0, ht))), 0) | wide(i8x16.bitmask(v128.or(i8x16.eq(v1, sp), i8x16.eq(v1, ht))), 1) | wide(i8x16.bitmask(v128.or(i8x16.eq(v2, sp), i8x16.eq(v2, ht))), 2) | wide(i8x16.bitmask(v128.or(i8x16.eq(v3, sp), i8x16.eq(v3, ht))), 3);
	const e = ctz(newlines);
	// Within the line: bytes of fields, and what ends a field (a blank, the newline or beyond).
	const inLine: u64 = (u64(1) << e) - 1;
	const field = ~blanks & inLine;
	const ends = blanks | ~inLine;
	// A count of 64 means no such bit: each is checked against `e` before it is shifted by.
	const f0s = ctz(field);
	if (f0s >= e) {
		return false;
	}

	const f0e = ctz(ends & (~u64(0) << f0s));
	const f1s = ctz(field & (~u64(0) << f0e));
	if (f1s >= e) {
		return false;
	}

	const f1e = ctz(ends & (~u64(0) << f1s));
	const f2s = ctz(field & (~u64(0) << f1e));
	if (f2s >= e) {
		return false;
	}

	let f2e = ctz(ends & (~u64(0) << f2s));
	if (f2e < e && ctz(field & (~u64(0) << f2e)) < e) {
		return false;
	}

	if (f2e === e && u32(load<u8>(p + usize(e) - 1)) === carriageReturn) {
		f2e--;
		if (f2e === f2s) {
			return false;
		}
	}

	const t0 = p + usize(f0s);
	const n = u32(f0e - f0s);
	const milliseconds = timestampOf(f0s === 0 ? v0 : v128.load(t0), t0, n);
	if (milliseconds < 0) {
		return false;
	}

	lineTimestamp = milliseconds;
	sourceStart = p + usize(f1s);
	sourceLength = u32(f1e - f1s);
	destinationStart = p + usize(f2s);
	destinationLength = u32(f2e - f2s);
	nextLine = p + usize(e) + 1;
	return true;
}

/**
The timestamp field of `n` bytes at `t0` (its first sixteen bytes in `bytes`) in ms, or -1 when it is not of the usual shape: up to fifteen digits, or decimal seconds with the dot within the first sixteen bytes.
*/
@inline
function timestampOf(bytes: v128, t0: usize, n: u32): f64 {
	const digits = digitMask(bytes);
	if (n < 16) {
		const inField: i32 = (1 << n) - 1;
		if ((digits & inField) === inField) {
			const value = digitsValue(bytes, n);
			return f64(value < secondsLimit ? value * 1000 : value);
		}
	}

	// Decimal seconds: digits, one dot, one to nine digits; floored to the millisecond.
	const dots = i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(0x2E)));
	if (dots === 0) {
		return -1;
	}

	const k = u32(ctz(dots));
	const whole: i32 = (1 << k) - 1;
	if (k === 0 || k >= n || (digits & whole) !== whole) {
		return -1;
	}

	const q = t0 + usize(k) + 1;
	const f = n - k - 1;
	if (f === 0 || f > 9) {
		return -1;
	}

	const fractionField: i32 = (1 << f) - 1;
	if ((digitMask(v128.load(q)) & fractionField) !== fractionField) {
		return -1;
	}

	const d0 = u64(load<u8>(q)) - zero;
	const d1 = f > 1 ? u64(load<u8>(q, 1)) - zero : 0;
	const d2 = f > 2 ? u64(load<u8>(q, 2)) - zero : 0;
	const milliseconds = (digitsValue(bytes, k) * 1000) + (d0 * 100) + (d1 * 10) + d2;
	return milliseconds > maxTimestamp ? -1 : f64(milliseconds);
}

/* A line longer than 64 bytes, sixteen bytes at a time. */
function readLongLine(p: usize): bool {
	let t0 = p;
	if (isBlank(u32(load<u8>(t0)))) {
		t0 = skipBlanks(t0);
	}

	const t1 = fieldEnd(t0);
	if (t1 === t0 || u32(load<u8>(t1)) === newline) {
		return false;
	}

	const milliseconds = timestampOf(v128.load(t0), t0, u32(t1 - t0));
	if (milliseconds < 0) {
		return false;
	}

	let s0 = t1 + 1;
	if (isBlank(u32(load<u8>(s0)))) {
		s0 = skipBlanks(s0);
	}

	const s1 = fieldEnd(s0);
	if (s1 === s0 || u32(load<u8>(s1)) === newline) {
		return false;
	}

	let d0 = s1 + 1;
	if (isBlank(u32(load<u8>(d0)))) {
		d0 = skipBlanks(d0);
	}

	let d1 = fieldEnd(d0);
	if (d1 === d0) {
		return false;
	}

	let end = d1;
	if (u32(load<u8>(d1)) !== newline) {
		end = skipBlanks(d1);
		if (u32(load<u8>(end)) !== newline) {
			return false;
		}
	} else if (u32(load<u8>(d1 - 1)) === carriageReturn) {
		d1--;
		if (d1 === d0) {
			return false;
		}
	}

	lineTimestamp = milliseconds;
	sourceStart = s0;
	sourceLength = u32(s1 - s0);
	destinationStart = d0;
	destinationLength = u32(d1 - d0);
	nextLine = end + 1;
	return true;
}

/* Query mode: the three answers over one window (source/core/window-tally.ts counts the same way). */

/** Ask about the host in [pointer, pointer + length) over [windowFrom, windowTo] (ms); counts start from zero. */
export function queryStart(pointer: usize, length: u32, windowFrom: f64, windowTo: f64, windowTolerance: f64, countInvolved: bool): void {
	resetHosts(1024);
	if (hostPtr !== 0) {
		heap.free(hostPtr);
	}

	hostPtr = heap.alloc(usize(length) + slack);
	memory.copy(hostPtr, pointer, length);
	hostLength = length;
	hostKey = keyOf(hostPtr, length);
	hostId = intern(hostPtr, length);
	from = windowFrom;
	to = windowTo;
	tolerance = windowTolerance;
	stopAfter = windowTo + windowTolerance;
	involved = countInvolved;
	lines = 0;
	newest = -Infinity;
	oldest = Infinity;
	oldestAt = 0;
	disorderFound = false;
	disorderAt = 0;
	disorderBehind = 0;
}

/**
Count the lines from `p` on while they have the usual shape; returns where it stopped (see `stopReason`).
*/
export function queryScan(p: usize, lastNewline: usize): usize {
	while (p <= lastNewline) {
		if (!readLine(p)) {
			stop = stopUncommon;
			return p;
		}

		if (countLine(p)) {
			stop = stopDone;
			return nextLine;
		}

		p = nextLine;
	}

	stop = stopEnd;
	return p;
}

/** Count a line read by the general path; true when it shows the window is over. */
export function queryLine(timestamp: f64, source: usize, sourceBytes: u32, destination: usize, destinationBytes: u32, lineStart: usize): bool {
	lineTimestamp = timestamp;
	sourceStart = source;
	sourceLength = sourceBytes;
	destinationStart = destination;
	destinationLength = destinationBytes;
	return countLine(lineStart);
}

@inline
function countLine(lineStart: usize): bool {
	const timestamp = lineTimestamp;
	if (timestamp > newest) {
		newest = timestamp;
		if (timestamp > stopAfter) {
			return true;
		}
	} else if (timestamp < newest - tolerance && !disorderFound) {
		disorderFound = true;
		disorderAt = lineStart;
		disorderBehind = newest - timestamp;
	}

	if (timestamp < oldest) {
		oldest = timestamp;
		oldestAt = lineStart;
	}

	if (timestamp >= from && timestamp <= to) {
		lines += 1;
		const source = intern(sourceStart, sourceLength);
		const length = destinationLength;
		if (length === hostLength && !v128.any_true(v128.xor(keyOf(destinationStart, length), hostKey)) && (length <= 16 || sameTail(destinationStart, hostPtr, length))) {
			const at = counts + (usize(source) * 24);
			store<f64>(at, load<f64>(at) + 1);
		}

		if (involved || source === hostId) {
			const destination = intern(destinationStart, length);
			const at = counts + (usize(destination) * 24);
			if (source === hostId) {
				store<f64>(at, load<f64>(at, 8) + 1, 8);
			}

			if (involved && destination !== source) {
				store<f64>(at, load<f64>(at, 16) + 1, 16);
			}
		}

		const at = counts + (usize(source) * 24);
		store<f64>(at, load<f64>(at, 16) + 1, 16);
	}

	return false;
}

export function queryLines(): f64 {
	return lines;
}

export function queryNewest(): f64 {
	return newest;
}

export function queryOldest(): f64 {
	return oldest;
}

export function queryOldestAt(): usize {
	return oldestAt;
}

/** Where the first line older than the tolerance allows starts, or 0 when none was met. */
export function queryDisorderAt(): usize {
	return disorderFound ? disorderAt : 0;
}

export function queryDisorderBehind(): f64 {
	return disorderBehind;
}

/* Records mode: per line its timestamp (ms) and the ids of its hosts, for a store that keeps lines. */

/** Where records go: `capacity` f64 timestamps, then as many u32 source ids, then destination ids. */
export function recordsArea(capacity: u32): usize {
	if (capacity > recordCapacity) {
		if (records !== 0) {
			heap.free(records);
		}

		records = heap.alloc(usize(capacity) << 4);
		recordCapacity = capacity;
	}

	recordTotal = 0;
	return records;
}

export function recordCount(): u32 {
	return recordTotal;
}

export function recordsNewestTimestamp(): f64 {
	return recordsNewest;
}

/** Forget the newest timestamp seen, for a new batch of records. */
export function recordsRestart(): void {
	recordTotal = 0;
	recordsNewest = -Infinity;
}

/**
Emit a record per line from `p` on while they have the usual shape and there is room; returns where it stopped (see `stopReason`).
*/
export function recordsScan(p: usize, lastNewline: usize): usize {
	const capacity = recordCapacity;
	while (p <= lastNewline) {
		if (recordTotal === capacity) {
			stop = stopFull;
			return p;
		}

		if (!readLine(p)) {
			stop = stopUncommon;
			return p;
		}

		emit(lineTimestamp, intern(sourceStart, sourceLength), intern(destinationStart, destinationLength));
		p = nextLine;
	}

	stop = stopEnd;
	return p;
}

/** Emit the record of a line read by the general path; false when there is no room. */
export function recordsLine(timestamp: f64, source: usize, sourceBytes: u32, destination: usize, destinationBytes: u32): bool {
	if (recordTotal === recordCapacity) {
		return false;
	}

	emit(timestamp, intern(source, sourceBytes), intern(destination, destinationBytes));
	return true;
}

@inline
function emit(timestamp: f64, source: u32, destination: u32): void {
	const index = usize(recordTotal);
	store<f64>(records + (index << 3), timestamp);
	store<u32>(records + (usize(recordCapacity) << 3) + (index << 2), source);
	store<u32>(records + (usize(recordCapacity) * 12) + (index << 2), destination);

	if (timestamp > recordsNewest) {
		recordsNewest = timestamp;
	}

	recordTotal++;
}
