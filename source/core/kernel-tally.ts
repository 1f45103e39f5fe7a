import {LineCursor, lineResult} from './line-cursor.js';
import {KernelChunk, ScanKernel, stopReason} from './scan-kernel.js';
import {type Disorder, packHosts, type TallySnapshot, type WindowTallyOptions} from './window-tally.js';

const newline = 0x0A;

/**
Counts the three answers of SPEC section 2 over one window with the scanner kernel: the same counts as `WindowTally.consume`, at several times its speed. Chunks are read straight into the kernel's memory (`chunk`), and the kernel counts every line of the usual shape; the others it hands back, and LineCursor reads them, so that a line means what SPEC section 1 says whichever path reads it.

The hosts and counts stay in the kernel's memory until `snapshot()`, which a `WindowTally` merges for the report.
*/
export class KernelTally {
	/** Malformed lines met, in the window or not. */
	malformed = 0;
	/** Set once a line newer than `to + tolerance` was met: no later line can be in the window. */
	done = false;
	/** The first line met that is older than the tolerance allows. */
	disorder: Disorder | undefined;
	/** Where the unfinished rest of the last chunk starts, after `consume`. */
	position = 0;
	oldest = Number.POSITIVE_INFINITY;
	oldestOffset = -1;
	/** Lines the kernel handed back to the general path (blank, malformed or of an unusual shape), and last lines without newline. */
	generalLines = 0;

	private readonly kernel: ScanKernel;
	private readonly chunkArea: KernelChunk;
	private readonly cursor = new LineCursor();

	/**
	@param module The compiled kernel: the tally makes an instance of its own.
	*/
	constructor(module: WebAssembly.Module, options: WindowTallyOptions) {
		const kernel = new ScanKernel(module);
		this.kernel = kernel;
		this.chunkArea = new KernelChunk(kernel);
		const host = typeof options.host === 'string' ? Buffer.from(options.host) : options.host;
		// The host is copied into the chunk area first: the kernel keeps its own copy.
		this.chunkArea.area(Math.max(host.length, 1)).set(host);
		kernel.exports.queryStart(this.chunkArea.base, host.length, options.from, options.to, options.tolerance ?? 0, options.topBy === 'involved' ? 1 : 0);
	}

	/** Lines counted in the window. */
	get lines(): number {
		return this.kernel.exports.queryLines();
	}

	/** Newest timestamp of the well-formed lines met (ms). */
	get newest(): number {
		return this.kernel.exports.queryNewest();
	}

	/**
	Where to read the next chunk: a view of `capacity` bytes whose first bytes are the rest carried from the last chunk (`carry`). Valid until the next call on the tally.
	*/
	chunk(capacity: number): Uint8Array {
		return this.chunkArea.area(capacity);
	}

	/**
	Move the unfinished rest of the last chunk, from `position` to `length`, to the front of the chunk area; returns its length.
	*/
	carry(length: number): number {
		const area = this.chunkArea.area(length);
		area.copyWithin(0, this.position, length);
		return length - this.position;
	}

	/**
	Count the lines of the chunk's first `length` bytes until no complete line is left (`position` is then where the rest starts) or a line shows that the window is over.

	@param offset Byte offset in the file of the chunk's first byte, for reporting where the order broke.
	@param atEnd Read a last line without newline as complete (a finished file).
	@returns false when no later line can be in the window (`done`), true when more lines are wanted.
	*/
	consume(length: number, offset = 0, atEnd = false): boolean {
		if (this.done) {
			return false;
		}

		const {kernel, cursor} = this;
		const exports = kernel.exports;
		const base = this.chunkArea.base;
		const end = base + length;
		// Searched within the chunk only: the memory below it is the kernel's own.
		const lastNewline = base + kernel.bytes.subarray(base, end).lastIndexOf(newline);
		let p = base;
		while (p <= lastNewline) {
			p = exports.queryScan(p, lastNewline);
			const reason = exports.stopReason();
			if (reason === stopReason.done) {
				this.done = true;
				break;
			}

			if (reason !== stopReason.uncommon) {
				break;
			}

			// One line for the general path, then back to the kernel.
			this.generalLines++;
			cursor.reset(kernel.bytes, p, end);
			const result = cursor.next();
			p = cursor.position;
			if (result === lineResult.malformed) {
				this.malformed++;
			} else if (result === lineResult.line && this.countLine()) {
				this.done = true;
				break;
			}
		}

		if (!this.done && atEnd && p < end) {
			cursor.reset(kernel.bytes, p, end);
			for (let result = cursor.finish(); result !== lineResult.end; result = cursor.finish()) {
				this.generalLines++;
				if (result === lineResult.malformed) {
					this.malformed++;
				} else if (this.countLine()) {
					this.done = true;
					break;
				}
			}

			p = cursor.position;
		}

		this.position = p - base;
		this.note(base, offset);
		return !this.done;
	}

	/**
	The tally in plain arrays, keeping only hosts with a count.
	*/
	snapshot(): TallySnapshot {
		const {kernel} = this;
		const {exports} = kernel;
		const all = new Float64Array(exports.memory.buffer, exports.countsArea(), exports.hostCount() * 3);
		const {bytes} = kernel;
		const name = (id: number) => bytes.subarray(exports.hostName(id), exports.hostName(id) + exports.hostNameLength(id));
		return {
			...packHosts(exports.hostCount(), (id, list) => all[(id * 3) + list]!, id => exports.hostNameLength(id), name),
			lines: this.lines,
			malformed: this.malformed,
			newest: this.newest,
			oldest: this.oldest,
			oldestOffset: this.oldestOffset,
			disorder: this.disorder,
		};
	}

	/* The cursor's line, counted by the kernel as its own. */
	private countLine(): boolean {
		const {cursor} = this;
		return this.kernel.exports.queryLine(cursor.timestamp, cursor.sourceStart, cursor.sourceEnd - cursor.sourceStart, cursor.destinationStart, cursor.destinationEnd - cursor.destinationStart, cursor.lineStart) !== 0;
	}

	/* The kernel keeps where lines were as pointers into this chunk: turn them into file offsets before the next chunk comes. */
	private note(base: number, offset: number): void {
		const exports = this.kernel.exports;
		if (this.disorder === undefined) {
			const at = exports.queryDisorderAt();
			if (at !== 0) {
				this.disorder = {offset: offset + (at - base), behind: exports.queryDisorderBehind()};
			}
		}

		const oldest = exports.queryOldest();
		if (oldest < this.oldest) {
			this.oldest = oldest;
			this.oldestOffset = offset + (exports.queryOldestAt() - base);
		}
	}
}
