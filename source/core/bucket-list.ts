/*
The kept lines of the live window, in buckets of one time slot each, sorted by slot.

A line is its two host ids and its millisecond within its slot of 256 ms: one uint32 while every host id fits in 12 bits (source << 20 | destination << 8 | ms), two beyond (source << 8 | ms, then destination). The store says which width its lines have.

Buckets are columns (slot, block, start, length, capacity), not objects: a day of lines is hundreds of thousands of buckets, and as objects the collector's work for them was a fifth of a start-up's.
*/

import {grown} from './grown.js';

/** The ms a bucket spans. */
export const slotSpan = 256;
/** Host ids a narrow line can name in its 12 bits. */
export const narrowHosts = 2 ** 12;

/** The source host of the line at word `at`. */
export function lineSource(words: Uint32Array, at: number, wide: boolean): number {
	return wide ? words[at]! >>> 8 : words[at]! >>> 20;
}

export function lineDestination(words: Uint32Array, at: number, wide: boolean): number {
	return wide ? words[at + 1]! : (words[at]! >>> 8) & (narrowHosts - 1);
}

/** The line's ms within its slot. */
export function lineMs(words: Uint32Array, at: number): number {
	return words[at]! & (slotSpan - 1);
}

/** Write a line at word `at`: one word, or two when `wide`. */
export function putLine(words: Uint32Array, at: number, wide: boolean, source: number, destination: number, ms: number): void {
	if (wide) {
		words[at] = (source << 8) | ms;
		words[at + 1] = destination;
	} else {
		words[at] = (source << 20) | (destination << 8) | ms;
	}
}

/** Words of a block that buckets are carved from. */
const blockWords = 256 * 1024;

/**
Where buckets' lines live: ranges of large blocks, handed out in time order as buckets are made. A bucket then costs no typed array of its own (making one costs microseconds: 80 000 seconds of a day took 0.4 s), the newest bucket grows in place while nothing was taken after it, and since buckets are dropped in time order too, a block is let go, whole, once the last bucket in it is.
*/
class BucketMemory {
	block = new Uint32Array(0);
	used = 0;

	/** Room for `words`: where it starts in `block`, as `block` is after the call. */
	take(words: number): number {
		if (this.used + words > this.block.length) {
			this.block = new Uint32Array(Math.max(blockWords, words));
			this.used = 0;
		}

		const start = this.used;
		this.used += words;
		return start;
	}

	/** Whether the room that ends at `end` of `block` is the last taken, so that it can grow or shrink where it is. */
	isLast(block: Uint32Array, end: number): boolean {
		return block === this.block && end === this.used;
	}
}

export class BucketList {
	/** Buckets in use are [head, end): dropping the oldest moves `head` rather than the columns. */
	head = 0;
	end = 0;
	slots = new Float64Array(64);
	starts = new Int32Array(64);
	/** Words used: lines times the words a line takes. */
	lengths = new Int32Array(64);
	capacities = new Int32Array(64);
	blocks: Array<Uint32Array | undefined> = [];
	/** The bucket last made or found by `at`, -1 for none: lines mostly arrive in order, so it is tried first. */
	last = -1;
	private readonly memory: BucketMemory;

	/** @param memory Where lines go: a list's own unless it is to share another's. */
	constructor(memory = new BucketMemory()) {
		this.memory = memory;
	}

	/** Index of the bucket of `slot`, made if new. */
	at(slot: number): number {
		const {last} = this;
		if (last >= 0 && this.slots[last] === slot) {
			return last;
		}

		let index = this.index(slot);
		if (index === this.end || this.slots[index] !== slot) {
			let capacity = 4;
			if (last >= 0) {
				this.seal(last);
				// The slot before's: a steady rate fills a bucket without growing it.
				capacity = Math.max(capacity, this.lengths[last]!);
			}

			index = this.insert(index, slot, capacity);
		}

		this.last = index;
		return index;
	}

	/** Index of the first bucket at or after `slot`. */
	index(slot: number): number {
		const {slots} = this;
		let low = this.head;
		let high = this.end;
		if (high > low && slots[high - 1]! < slot) {
			return high;
		}

		while (low < high) {
			const middle = (low + high) >>> 1;
			if (slots[middle]! < slot) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		return low;
	}

	/** Room in bucket `index` for `words` more. Half again at least: a busier slot than the one before wastes less than doubling would. */
	reserve(index: number, words: number): void {
		const length = this.lengths[index]!;
		const old = this.capacities[index]!;
		if (length + words <= old) {
			return;
		}

		const capacity = Math.max(length + ((length >> 2) << 1) + 4, length + words);
		const block = this.blocks[index]!;
		const start = this.starts[index]!;
		const {memory} = this;
		if (memory.isLast(block, start + old) && start + capacity <= block.length) {
			memory.used = start + capacity;
		} else {
			const moved = memory.take(capacity);
			memory.block.set(block.subarray(start, start + length), moved);
			this.blocks[index] = memory.block;
			this.starts[index] = moved;
		}

		this.capacities[index] = capacity;
	}

	/** Drop the oldest `count` buckets (their lines let go first). */
	dropFirst(count: number): void {
		for (let index = this.head; index < this.head + count; index++) {
			this.blocks[index] = undefined;
		}

		this.head += count;
		if (this.last < this.head) {
			this.last = -1;
		}

		if (this.head > 1024 && this.head * 2 > this.end) {
			this.shift(this.head);
		}
	}

	/** Take the buckets of `other` in, slot by slot: a slot in both gets the lines of both. */
	merge(other: BucketList): void {
		if (other.end === other.head) {
			return;
		}

		if (this.end === this.head || this.slots[this.end - 1]! < other.slots[other.head]!) {
			for (let index = other.head; index < other.end; index++) {
				this.copyIn(this.end, other, index);
			}

			return;
		}

		const merged = new BucketList(this.memory);
		let i = this.head;
		let j = other.head;
		while (i < this.end || j < other.end) {
			const mine = i < this.end ? this.slots[i]! : Number.POSITIVE_INFINITY;
			const theirs = j < other.end ? other.slots[j]! : Number.POSITIVE_INFINITY;
			if (mine < theirs) {
				merged.copyIn(merged.end, this, i++);
			} else if (theirs < mine) {
				merged.copyIn(merged.end, other, j++);
			} else {
				const index = merged.copyIn(merged.end, this, i++);
				merged.appendFrom(index, other, j++);
			}
		}

		this.head = merged.head;
		this.end = merged.end;
		this.slots = merged.slots;
		this.starts = merged.starts;
		this.lengths = merged.lengths;
		this.capacities = merged.capacities;
		this.blocks = merged.blocks;
		this.last = -1;
	}

	/** Bucket `index`'s lines written again in another width, or with hosts renumbered. */
	recode(index: number, fromWide: boolean, toWide: boolean, renumber: Int32Array | undefined): void {
		const fromStride = fromWide ? 2 : 1;
		const toStride = toWide ? 2 : 1;
		const lines = this.lengths[index]! / fromStride;
		const capacity = Math.max(4, lines * toStride);
		const start = this.memory.take(capacity);
		const words = this.memory.block;
		const old = this.blocks[index]!;
		const from = this.starts[index]!;
		for (let i = 0; i < lines; i++) {
			const at = from + (i * fromStride);
			let source = lineSource(old, at, fromWide);
			let destination = lineDestination(old, at, fromWide);
			if (renumber) {
				source = renumber[source]!;
				destination = renumber[destination]!;
			}

			putLine(words, start + (i * toStride), toWide, source, destination, lineMs(old, at));
		}

		this.blocks[index] = words;
		this.starts[index] = start;
		this.lengths[index] = lines * toStride;
		this.capacities[index] = capacity;
	}

	/** Bytes of the lines' room and the columns, roughly. */
	get byteSize(): number {
		let bytes = 0;
		for (let index = this.head; index < this.end; index++) {
			bytes += this.capacities[index]! * 4;
		}

		return bytes + (this.slots.length * 28);
	}

	/* Give back the room bucket `index` does not use, when nothing was taken after it: a bucket that grew in place keeps no slack once the next one starts. */
	private seal(index: number): void {
		const start = this.starts[index]!;
		if (this.memory.isLast(this.blocks[index]!, start + this.capacities[index]!)) {
			this.memory.used = start + this.lengths[index]!;
			this.capacities[index] = this.lengths[index]!;
		}
	}

	/* A new empty bucket at `index`, the later ones moved up. */
	private insert(index: number, slot: number, capacity: number): number {
		if (this.end === this.slots.length) {
			const head = this.head;
			if (head * 4 >= this.slots.length) {
				this.shift(head);
			} else {
				this.growColumns(this.slots.length * 2);
			}

			index -= head - this.head;
		}

		const {end} = this;
		if (index < end) {
			this.slots.copyWithin(index + 1, index, end);
			this.starts.copyWithin(index + 1, index, end);
			this.lengths.copyWithin(index + 1, index, end);
			this.capacities.copyWithin(index + 1, index, end);
			this.blocks.splice(index, 0, undefined);
			if (this.last >= index) {
				this.last++;
			}
		}

		this.end++;
		this.slots[index] = slot;
		this.starts[index] = this.memory.take(capacity);
		this.blocks[index] = this.memory.block;
		this.lengths[index] = 0;
		this.capacities[index] = capacity;
		return index;
	}

	/* Bucket `index` of `from` as a new bucket at `at` (the end) of this list, its lines where they are. */
	private copyIn(at: number, from: BucketList, index: number): number {
		if (this.end === this.slots.length) {
			this.growColumns(this.slots.length * 2);
		}

		this.slots[at] = from.slots[index]!;
		this.starts[at] = from.starts[index]!;
		this.lengths[at] = from.lengths[index]!;
		this.capacities[at] = from.capacities[index]!;
		this.blocks[at] = from.blocks[index];
		this.end = at + 1;
		return at;
	}

	/* The lines of bucket `index` of `from` after those of bucket `at`. */
	private appendFrom(at: number, from: BucketList, index: number): void {
		const length = from.lengths[index]!;
		const start = from.starts[index]!;
		this.reserve(at, length);
		this.blocks[at]!.set(from.blocks[index]!.subarray(start, start + length), this.starts[at]! + this.lengths[at]!);
		this.lengths[at]! += length;
	}

	/* Move the buckets down by `by` places. */
	private shift(by: number): void {
		const {end} = this;
		this.slots.copyWithin(0, by, end);
		this.starts.copyWithin(0, by, end);
		this.lengths.copyWithin(0, by, end);
		this.capacities.copyWithin(0, by, end);
		this.blocks.splice(0, by);
		this.head -= by;
		this.end -= by;
		this.last = this.last >= 0 ? this.last - by : -1;
	}

	private growColumns(capacity: number): void {
		this.slots = grown(this.slots, capacity);
		this.starts = grown(this.starts, capacity);
		this.lengths = grown(this.lengths, capacity);
		this.capacities = grown(this.capacities, capacity);
	}
}
