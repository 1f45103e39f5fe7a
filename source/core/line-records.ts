import {LineCursor, lineResult} from './line-cursor.js';
import {KernelChunk, ScanKernel, stopReason} from './scan-kernel.js';

const newline = 0x0A;

/** Records a batch holds by default: 16 bytes each, so 1 MB. */
export const defaultRecordCapacity = 65_536;

/**
The records of one `read`, and what a reader on another thread needs to name their hosts: the hosts first seen since the batch before, whose ids are `firstHost`, `firstHost + 1`, ..., their names back to back in `names`, host `firstHost + i` ending at `nameEnds[i]`.
*/
export type RecordBatch = {
	readonly count: number;
	/** ms */
	readonly timestamps: Float64Array;
	readonly sources: Uint32Array;
	readonly destinations: Uint32Array;
	readonly firstHost: number;
	readonly names: Uint8Array;
	readonly nameEnds: Int32Array;
	/** Lines read for this batch, malformed ones included, and those malformed. */
	readonly lines: number;
	readonly malformed: number;
	/** The newest timestamp among the records, or -Infinity. */
	readonly newest: number;
	/** File offset after the batch's last line, once the reader of a file has set it: how far a taker has read when it stops there. */
	readonly end?: number;
};

/**
The scanner kernel's records mode, for a store that keeps lines (the live window): it turns a chunk of log into one record per well-formed line, its timestamp in ms and the ids of its source and destination, the hosts interned in the kernel's own table (ids dense from 0, in order of first sight, until `resetHosts`). Lines of the usual shape are read by the kernel, the others by LineCursor, as in query.

Records come in batches of at most `capacity`: `read` fills `timestamps`, `sources` and `destinations` (views valid until the next call) and says how many; when the batch filled up before the chunk's end, `full` is set and `position` is where to go on.
*/
export class LineRecords {
	/** Lines read, malformed ones included. */
	lines = 0;
	malformed = 0;
	/** Lines the kernel handed back to the general path (blank, malformed or of an unusual shape), and last lines without newline. */
	generalLines = 0;
	/** Where the last `read` stopped in the chunk: the unfinished rest, or the next line when `full`. */
	position = 0;
	/** The last `read` stopped because the batch was full. */
	full = false;
	timestamps = new Float64Array(0);
	sources = new Uint32Array(0);
	destinations = new Uint32Array(0);

	readonly capacity: number;
	private readonly kernel: ScanKernel;
	private readonly chunkArea: KernelChunk;
	private readonly cursor = new LineCursor();
	private recordsPointer = 0;
	private count = 0;
	private hostsBatched = 0;
	private linesBatched = 0;
	private malformedBatched = 0;

	constructor(module: WebAssembly.Module, capacity = defaultRecordCapacity) {
		this.kernel = new ScanKernel(module);
		this.chunkArea = new KernelChunk(this.kernel);
		this.capacity = capacity;
	}

	/** Hosts interned so far. */
	get hostCount(): number {
		return this.kernel.exports.hostCount();
	}

	/** Newest timestamp of the last batch, or -Infinity. */
	get newest(): number {
		return this.kernel.exports.recordsNewestTimestamp();
	}

	/** Where to read the next chunk: a view of `capacity` bytes whose first bytes are the rest carried from the last chunk (`carry`). */
	chunk(capacity: number): Uint8Array {
		return this.chunkArea.area(capacity);
	}

	/** Copy bytes into the chunk area, for a caller that read them elsewhere; returns their length, for `read`. */
	load(bytes: Uint8Array): number {
		this.chunkArea.area(bytes.length).set(bytes);
		return bytes.length;
	}

	/** Move the unfinished rest, from `position` to `length`, to the front of the chunk area; returns its length. */
	carry(length: number): number {
		this.chunkArea.area(length).copyWithin(0, this.position, length);
		return length - this.position;
	}

	/**
	Records for the lines of the chunk from `start` to `length`, until no complete line is left or the batch is full.

	@param atEnd Read a last line without newline as complete (a finished file).
	@returns How many records the batch holds.
	*/
	read(start: number, length: number, atEnd = false): number {
		const {kernel, cursor} = this;
		const exports = kernel.exports;
		this.recordsPointer = exports.recordsArea(this.capacity);
		exports.recordsRestart();
		const base = this.chunkArea.base;
		const end = base + length;
		// Searched within the chunk only: the memory below it is the kernel's own.
		const lastNewline = base + kernel.bytes.subarray(base, end).lastIndexOf(newline);
		let p = base + start;
		let reason: number = stopReason.end;
		while (p <= lastNewline) {
			const before = exports.recordCount();
			const stopped = exports.recordsScan(p, lastNewline);
			this.lines += exports.recordCount() - before;
			p = stopped;
			reason = exports.stopReason();
			if (reason !== stopReason.uncommon) {
				break;
			}

			// One line for the general path, then back to the kernel.
			this.generalLines++;
			cursor.reset(kernel.bytes, p, end);
			const result = cursor.next();
			if (result === lineResult.end) {
				p = cursor.position;
				break;
			}

			if (!this.take(result)) {
				reason = stopReason.full;
				break;
			}

			p = cursor.position;
		}

		if (reason !== stopReason.full && atEnd && p < end) {
			cursor.reset(kernel.bytes, p, end);
			for (let result = cursor.finish(); result !== lineResult.end; result = cursor.finish()) {
				this.generalLines++;
				if (!this.take(result)) {
					reason = stopReason.full;
					break;
				}

				p = cursor.position;
			}

			if (reason !== stopReason.full) {
				p = cursor.position;
			}
		}

		this.full = reason === stopReason.full;
		this.position = p - base;
		return this.views();
	}

	/**
	The records of the last `read` as a batch, with the hosts and lines since the batch before.

	@param copy Copy the records out of the kernel's memory, to keep the batch or send it to another thread; without it they are views, valid until the next call.
	*/
	batch(copy = false): RecordBatch {
		const hostCount = this.hostCount;
		const nameEnds = new Int32Array(hostCount - this.hostsBatched);
		let length = 0;
		for (let id = this.hostsBatched; id < hostCount; id++) {
			length += this.kernel.exports.hostNameLength(id);
			nameEnds[id - this.hostsBatched] = length;
		}

		const names = new Uint8Array(length);
		for (let id = this.hostsBatched; id < hostCount; id++) {
			names.set(this.hostBytes(id), id === this.hostsBatched ? 0 : nameEnds[id - this.hostsBatched - 1]!);
		}

		const {count} = this;
		const batch: RecordBatch = {
			count,
			timestamps: copy ? this.timestamps.slice(0, count) : this.timestamps,
			sources: copy ? this.sources.slice(0, count) : this.sources,
			destinations: copy ? this.destinations.slice(0, count) : this.destinations,
			firstHost: this.hostsBatched,
			names,
			nameEnds,
			lines: this.lines - this.linesBatched,
			malformed: this.malformed - this.malformedBatched,
			newest: count > 0 ? this.newest : Number.NEGATIVE_INFINITY,
		};
		this.hostsBatched = hostCount;
		this.linesBatched = this.lines;
		this.malformedBatched = this.malformed;
		return batch;
	}

	/** The name of host `id`, decoded as UTF-8. */
	hostName(id: number): string {
		return Buffer.from(this.hostBytes(id)).toString('utf8');
	}

	/** The bytes of host `id`, copied. */
	hostBytes(id: number): Uint8Array {
		return this.kernel.hostBytes(id);
	}

	/** Forget every host, for a store that dropped most of its own: ids start again from 0. */
	resetHosts(expected = 1024): void {
		this.kernel.exports.resetHosts(expected);
		this.hostsBatched = 0;
	}

	/* The cursor's line (or malformed line) into the batch; false, leaving it unread, when the batch is full. */
	private take(result: number): boolean {
		if (result === lineResult.malformed) {
			this.lines++;
			this.malformed++;
			return true;
		}

		const {cursor} = this;
		if (this.kernel.exports.recordsLine(cursor.timestamp, cursor.sourceStart, cursor.sourceEnd - cursor.sourceStart, cursor.destinationStart, cursor.destinationEnd - cursor.destinationStart) === 0) {
			return false;
		}

		this.lines++;
		return true;
	}

	private views(): number {
		const count = this.kernel.exports.recordCount();
		this.count = count;
		const {buffer} = this.kernel.exports.memory;
		const capacity = this.capacity;
		const pointer = this.recordsPointer;
		this.timestamps = new Float64Array(buffer, pointer, count);
		this.sources = new Uint32Array(buffer, pointer + (capacity * 8), count);
		this.destinations = new Uint32Array(buffer, pointer + (capacity * 12), count);
		return count;
	}
}
