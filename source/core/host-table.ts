/**
Interns host names given as byte ranges, so that counting a line costs a hash of its bytes and no string. Ids are dense, from 0, in order of first sight.

Names are compared byte for byte (SPEC section 1); `name()` decodes UTF-8 only when a report needs it.
*/
export class HostTable {
	/** How many hosts are interned; ids are 0 to size - 1. */
	size = 0;
	private arena: Uint8Array;
	private arenaView: DataView;
	/** The last buffer compared against, and a view of it. */
	private viewed: Uint8Array | undefined;
	private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
	private arenaUsed = 0;
	private starts: Int32Array;
	private lengths: Int32Array;
	private hashes: Int32Array;
	/** Open addressing: id + 1 per slot, 0 when empty. */
	private slots: Int32Array;
	private mask: number;

	constructor(expectedHosts = 1024) {
		let capacity = 16;
		while (capacity < expectedHosts * 2) {
			capacity *= 2;
		}

		this.slots = new Int32Array(capacity);
		this.mask = capacity - 1;
		this.starts = new Int32Array(capacity / 2);
		this.lengths = new Int32Array(capacity / 2);
		this.hashes = new Int32Array(capacity / 2);
		this.arena = new Uint8Array(capacity * 16);
		this.arenaView = new DataView(this.arena.buffer);
	}

	/**
	The id of the host in `buffer[start, end)`, adding it if new.

	@param hash `hashBytes` of the range, when the caller already has it (`LineCursor.sourceHash`).
	*/
	intern(buffer: Uint8Array, start: number, end: number, hash = hashBytes(buffer, start, end)): number {
		const found = this.lookup(buffer, start, end, hash);
		if (found >= 0) {
			return found;
		}

		return this.add(buffer, start, end, hash);
	}

	/**
	The id of the host in `buffer[start, end)`, or -1 when it was never interned.
	*/
	find(buffer: Uint8Array, start = 0, end = buffer.length): number {
		return this.lookup(buffer, start, end, hashBytes(buffer, start, end));
	}

	/** The id of a host given as text, or -1. */
	findName(name: string): number {
		const bytes = Buffer.from(name);
		return this.find(bytes, 0, bytes.length);
	}

	/** The host's bytes (a view: copy it to keep it past the table). */
	bytes(id: number): Uint8Array {
		const start = this.starts[id]!;
		return this.arena.subarray(start, start + this.lengths[id]!);
	}

	/** The host's name decoded as UTF-8 (invalid bytes become U+FFFD). */
	name(id: number): string {
		const start = this.starts[id]!;
		return Buffer.from(this.arena.buffer, this.arena.byteOffset + start, this.lengths[id]!).toString('utf8');
	}

	/** Byte order of two hosts' names: negative, zero or positive. Four bytes at a time, read big-endian, so that comparing the words compares the bytes in order: ranking a million tied hosts compares names a million times. */
	compare(a: number, b: number): number {
		const arena = this.arena;
		const view = this.arenaView;
		const aStart = this.starts[a]!;
		const bStart = this.starts[b]!;
		const aLength = this.lengths[a]!;
		const bLength = this.lengths[b]!;
		const length = Math.min(aLength, bLength);
		let i = 0;
		for (; i + 4 <= length; i += 4) {
			const x = view.getUint32(aStart + i);
			const y = view.getUint32(bStart + i);
			if (x !== y) {
				return x < y ? -1 : 1;
			}
		}

		for (; i < length; i++) {
			const difference = arena[aStart + i]! - arena[bStart + i]!;
			if (difference !== 0) {
				return difference;
			}
		}

		return aLength - bLength;
	}

	/** Bytes held by the table, for memory accounting. */
	get byteSize(): number {
		return this.arena.byteLength + this.slots.byteLength + (this.starts.byteLength * 3);
	}

	private lookup(buffer: Uint8Array, start: number, end: number, hash: number): number {
		const slots = this.slots;
		const mask = this.mask;
		const length = end - start;
		let slot = hash & mask;
		for (;;) {
			const entry = slots[slot]!;
			if (entry === 0) {
				return -1;
			}

			const id = entry - 1;
			if (this.hashes[id] === hash && this.lengths[id] === length && this.equals(id, buffer, start, length)) {
				return id;
			}

			slot = (slot + 1) & mask;
		}
	}

	/**
	Four bytes at a time, the last four overlapping the others when the length is not a multiple of four: a host name compares in a few steps rather than one per byte, which matters because every counted line compares one.
	*/
	private equals(id: number, buffer: Uint8Array, start: number, length: number): boolean {
		const offset = this.starts[id]!;
		if (length < 4) {
			for (let i = 0; i < length; i++) {
				if (this.arena[offset + i] !== buffer[start + i]) {
					return false;
				}
			}

			return true;
		}

		const arena = this.arenaView;
		const view = this.viewOf(buffer);
		const last = length - 4;
		for (let i = 0; i < last; i += 4) {
			if (arena.getInt32(offset + i, true) !== view.getInt32(start + i, true)) {
				return false;
			}
		}

		return arena.getInt32(offset + last, true) === view.getInt32(start + last, true);
	}

	/** A view of the buffer for word reads, kept while the caller passes the same buffer (a scan reuses one). */
	private viewOf(buffer: Uint8Array): DataView<ArrayBufferLike> {
		if (buffer !== this.viewed) {
			this.viewed = buffer;
			this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
		}

		return this.view;
	}

	private add(buffer: Uint8Array, start: number, end: number, hash: number): number {
		const id = this.size;
		if (id === this.starts.length) {
			this.growIds();
		}

		const length = end - start;
		if (this.arenaUsed + length > this.arena.length) {
			const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
			arena.set(this.arena.subarray(0, this.arenaUsed));
			this.arena = arena;
			this.arenaView = new DataView(arena.buffer);
		}

		this.arena.set(buffer.subarray(start, end), this.arenaUsed);
		this.starts[id] = this.arenaUsed;
		this.lengths[id] = length;
		this.hashes[id] = hash;
		this.arenaUsed += length;
		this.size = id + 1;

		if (this.size * 2 > this.slots.length) {
			this.rehash(this.slots.length * 2);
		} else {
			this.place(id);
		}

		return id;
	}

	private place(id: number): void {
		let slot = this.hashes[id]! & this.mask;
		while (this.slots[slot] !== 0) {
			slot = (slot + 1) & this.mask;
		}

		this.slots[slot] = id + 1;
	}

	private rehash(capacity: number): void {
		this.slots = new Int32Array(capacity);
		this.mask = capacity - 1;
		for (let id = 0; id < this.size; id++) {
			this.place(id);
		}
	}

	private growIds(): void {
		const capacity = this.starts.length * 2;
		this.starts = grow(this.starts, capacity);
		this.lengths = grow(this.lengths, capacity);
		this.hashes = grow(this.hashes, capacity);
	}
}

function grow(array: Int32Array, capacity: number): Int32Array {
	const grown = new Int32Array(capacity);
	grown.set(array);
	return grown;
}

/* FNV-1a, 32 bits. `LineCursor` hashes sources with the same steps as it scans them. */
export const fnvOffsetBasis = 0x81_1C_9D_C5;
export const fnvPrime = 0x01_00_01_93;

/**
FNV-1a over the bytes: cheap, and good enough spread for host names.
*/
export function hashBytes(buffer: Uint8Array, start: number, end: number): number {
	let hash = fnvOffsetBasis;
	for (let i = start; i < end; i++) {
		hash = Math.imul(hash ^ buffer[i]!, fnvPrime);
	}

	return hash | 0;
}
