import type {ConnectionCursor} from './formats/connection-cursor.js';
import {HostTable} from './host-table.js';
import {lineResult} from './line-cursor.js';
import type {TopBy, WindowCounts} from './report.js';

/** Where a file first broke the order the readers rely on (SPEC section 1). */
export type Disorder = {
	/** Byte offset of the line in its file. */
	readonly offset: number;
	/** How much older (ms) the line is than the newest line before it. */
	readonly behind: number;
};

export type WindowTallyOptions = {
	/** The host asked about. */
	readonly host: string | Uint8Array;
	/** The window in ms, both ends included. */
	readonly from: number;
	readonly to: number;
	readonly topBy: TopBy;
	/** How much older than an earlier line a line may be; 0 when absent. */
	readonly tolerance?: number;
};

/**
A tally in plain arrays, for sending from a worker thread (its buffers can be transferred). Only hosts with a count are kept; `nameEnds[i]` is where host i's bytes end in `names`.
*/
export type TallySnapshot = {
	readonly names: Uint8Array;
	readonly nameEnds: Int32Array;
	readonly connectedTo: Float64Array;
	readonly receivedFrom: Float64Array;
	readonly top: Float64Array;
	readonly lines: number;
	readonly malformed: number;
	readonly newest: number;
	readonly oldest: number;
	readonly oldestOffset: number;
	readonly disorder: Disorder | undefined;
};

/** The hosts of a snapshot, and their counts. */
export type SnapshotHosts = Pick<TallySnapshot, 'names' | 'nameEnds' | 'connectedTo' | 'receivedFrom' | 'top'>;

/**
The hosts among ids 0 to `size - 1` with a count in any of the three lists (`count(id, list)`, list 0, 1 or 2), packed for a snapshot: names back to back, counts side by side.
*/
export function packHosts(size: number, count: (id: number, list: number) => number, nameLength: (id: number) => number, name: (id: number) => Uint8Array): SnapshotHosts {
	const ids: number[] = [];
	let nameBytes = 0;
	for (let id = 0; id < size; id++) {
		if (count(id, 0) !== 0 || count(id, 1) !== 0 || count(id, 2) !== 0) {
			ids.push(id);
			nameBytes += nameLength(id);
		}
	}

	const names = new Uint8Array(nameBytes);
	const nameEnds = new Int32Array(ids.length);
	const connectedTo = new Float64Array(ids.length);
	const receivedFrom = new Float64Array(ids.length);
	const top = new Float64Array(ids.length);
	let end = 0;
	for (const [index, id] of ids.entries()) {
		const bytes = name(id);
		names.set(bytes, end);
		end += bytes.length;
		nameEnds[index] = end;
		connectedTo[index] = count(id, 0);
		receivedFrom[index] = count(id, 1);
		top[index] = count(id, 2);
	}

	return {names, nameEnds, connectedTo, receivedFrom, top};
}

/**
Counts the three answers of SPEC section 2 over one window, from lines given by a cursor of any format (`LineCursor` for native lines), without making a string per line: a line's source is interned only when it is in the window, its destination only when it has to be counted (involved mode, or the source is the host), and the destination is compared with the host byte by byte.

Along the way it watches the order rule of SPEC section 1 (ts(i) <= ts(j) + tolerance for i < j) at the cost of a comparison per line, so a command can warn that a file is not sorted enough for seeking to be right.
*/
export class WindowTally implements WindowCounts {
	readonly hosts = new HostTable();
	connectedTo = new Float64Array(1024);
	receivedFrom = new Float64Array(1024);
	top = new Float64Array(1024);
	/** Lines counted in the window. */
	lines = 0;
	/** Malformed lines met, in the window or not. */
	malformed = 0;
	/** Newest and oldest timestamps of the well-formed lines met (ms). */
	newest = Number.NEGATIVE_INFINITY;
	oldest = Number.POSITIVE_INFINITY;
	oldestOffset = -1;
	/** The first line met that is older than the tolerance allows. */
	disorder: Disorder | undefined;
	/** Set once a line newer than `to + tolerance` was met: no later line can be in the window. */
	done = false;

	readonly host: Uint8Array;
	readonly hostId: number;
	readonly from: number;
	readonly to: number;
	readonly topBy: TopBy;
	readonly tolerance: number;

	constructor(options: WindowTallyOptions) {
		this.host = typeof options.host === 'string' ? Buffer.from(options.host) : options.host;
		this.from = options.from;
		this.to = options.to;
		this.topBy = options.topBy;
		this.tolerance = options.tolerance ?? 0;
		// Interned up front so that "the source is the host" is an id comparison; a host without counts is in no list.
		this.hostId = this.hosts.intern(this.host, 0, this.host.length);
	}

	/**
	Count the lines of the cursor until no complete line is left (its `position` is then where the unfinished rest starts) or a line shows that the window is over. A record the format marks as carrying no connection (a header, NODATA, another event type) counts as nothing.

	@param offset Byte offset in the file of `cursor.buffer[0]`, for reporting where the order broke.
	@param atEnd Read a last line without newline as complete (a finished file).
	@returns false when no later line can be in the window (`done`), true when more lines are wanted.
	*/
	consume(cursor: ConnectionCursor, offset = 0, atEnd = false): boolean {
		if (this.done) {
			return false;
		}

		const {from, to, tolerance, hostId, host, hosts} = this;
		const stopAfter = to + tolerance;
		const hostLength = host.length;
		const involved = this.topBy === 'involved';
		let {newest, oldest, lines, malformed} = this;
		let result = atEnd ? cursor.finish() : cursor.next();
		while (result !== lineResult.end) {
			if (result === lineResult.malformed) {
				malformed++;
			} else if (result === lineResult.line) {
				const timestamp = cursor.timestamp;
				if (timestamp > newest) {
					newest = timestamp;
					if (timestamp > stopAfter) {
						this.done = true;
						break;
					}
				} else if (timestamp < newest - tolerance && this.disorder === undefined) {
					this.disorder = {offset: offset + cursor.lineStart, behind: newest - timestamp};
				}

				if (timestamp < oldest) {
					oldest = timestamp;
					this.oldestOffset = offset + cursor.lineStart;
				}

				if (timestamp >= from && timestamp <= to) {
					lines++;
					// Hosts written with escapes are decoded into a buffer of the cursor's own.
					const buffer = cursor.hostBuffer ?? cursor.buffer;
					const source = hosts.intern(buffer, cursor.sourceStart, cursor.sourceEnd, cursor.sourceHash);
					if (source >= this.top.length) {
						this.grow();
					}

					const destinationStart = cursor.destinationStart;
					const destinationEnd = cursor.destinationEnd;
					if (destinationEnd - destinationStart === hostLength && sameBytes(buffer, destinationStart, host, hostLength)) {
						this.connectedTo[source]! += 1;
					}

					if (involved || source === hostId) {
						const destination = hosts.intern(buffer, destinationStart, destinationEnd);
						if (destination >= this.top.length) {
							this.grow();
						}

						if (source === hostId) {
							this.receivedFrom[destination]! += 1;
						}

						if (involved && destination !== source) {
							this.top[destination]! += 1;
						}
					}

					this.top[source]! += 1;
				}
			}

			result = atEnd ? cursor.finish() : cursor.next();
		}

		this.newest = newest;
		this.oldest = oldest;
		this.lines = lines;
		this.malformed = malformed;
		return !this.done;
	}

	/**
	Add another tally of the same question, such as one a worker thread made over another part of the file.

	@param followsInFile `other` counted the part of the same file right after this one, so the order check spans both; false for another file.
	*/
	merge(other: WindowTally | TallySnapshot, followsInFile = true): void {
		const snapshot = other instanceof WindowTally ? other.snapshot() : other;
		const {names, nameEnds} = snapshot;
		let start = 0;
		for (let index = 0; index < nameEnds.length; index++) {
			const end = nameEnds[index]!;
			const id = this.hosts.intern(names, start, end);
			if (id >= this.top.length) {
				this.grow();
			}

			this.connectedTo[id]! += snapshot.connectedTo[index]!;
			this.receivedFrom[id]! += snapshot.receivedFrom[index]!;
			this.top[id]! += snapshot.top[index]!;
			start = end;
		}

		this.lines += snapshot.lines;
		this.malformed += snapshot.malformed;
		if (!followsInFile) {
			return;
		}

		// A line of the later part older than the tolerance allows below the newest of the earlier part breaks the order across the cut.
		const acrossCut = snapshot.oldest < this.newest - this.tolerance
			? {offset: snapshot.oldestOffset, behind: this.newest - snapshot.oldest}
			: undefined;
		this.disorder = firstDisorder(this.disorder, snapshot.disorder, acrossCut);
		this.newest = Math.max(this.newest, snapshot.newest);
		if (snapshot.oldest < this.oldest) {
			this.oldest = snapshot.oldest;
			this.oldestOffset = snapshot.oldestOffset;
		}

		this.done ||= snapshot.newest > this.to + this.tolerance;
	}

	/**
	The tally in plain arrays, keeping only hosts with a count.
	*/
	snapshot(): TallySnapshot {
		const {hosts} = this;
		const lists = [this.connectedTo, this.receivedFrom, this.top];
		return {
			...packHosts(hosts.size, (id, list) => lists[list]![id]!, id => hosts.bytes(id).length, id => hosts.bytes(id)),
			lines: this.lines,
			malformed: this.malformed,
			newest: this.newest,
			oldest: this.oldest,
			oldestOffset: this.oldestOffset,
			disorder: this.disorder,
		};
	}

	private grow(): void {
		const capacity = this.top.length * 2;
		this.connectedTo = grow(this.connectedTo, capacity);
		this.receivedFrom = grow(this.receivedFrom, capacity);
		this.top = grow(this.top, capacity);
	}
}

/** The buffers of a snapshot, to transfer to another thread instead of copying them. */
export function snapshotBuffers(snapshot: TallySnapshot): ArrayBuffer[] {
	return [snapshot.names, snapshot.nameEnds, snapshot.connectedTo, snapshot.receivedFrom, snapshot.top].map(array => array.buffer as ArrayBuffer);
}

function grow(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
	const grown = new Float64Array(capacity);
	grown.set(array);
	return grown;
}

function sameBytes(buffer: Uint8Array, start: number, host: Uint8Array, length: number): boolean {
	for (let i = 0; i < length; i++) {
		if (buffer[start + i] !== host[i]) {
			return false;
		}
	}

	return true;
}

function firstDisorder(...found: Array<Disorder | undefined>): Disorder | undefined {
	let first: Disorder | undefined;
	for (const disorder of found) {
		if (disorder && (!first || disorder.offset < first.offset)) {
			first = disorder;
		}
	}

	return first;
}
