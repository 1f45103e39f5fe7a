import {BucketList, lineDestination, lineMs, lineSource, narrowHosts, putLine, slotSpan} from './bucket-list.js';
import {grown} from './grown.js';
import {HostTable} from './host-table.js';
import {rankHosts} from './ranking.js';
import {buildReport, type Report, type ReportOptions} from './report.js';

/** Hosts offered for stepping and completion: the busiest of the window. */
export const activityLimit = 5000;

/*
The live dashboard's store: the lines that can still fall in a window, and the counts over the window last reported, kept up to date incrementally.

- Each kept line is its two host ids and its millisecond, in the bucket of its slot of 256 ms (BucketList): four bytes a line while the window has at most 4096 hosts, eight beyond. A line names its hosts directly, so storing one costs a write and a few counts in arrays as small as the hosts: no pair of hosts is looked up, which over a million distinct pairs would cost a cache miss a line.
- The counts (per host as source, per host involved, and the peers of the host last reported on) are exactly those of the lines in the counted range [from, to]. Moving the range scans only the buckets at the edges that moved: what left is subtracted, what entered is added. A late line inside the range is added as it is read; a line newer than `to` waits in its bucket; a line older than the window is dropped. Reporting on another host counts its peers once over the range.
- Nothing grows with time: lines older than the window's start are dropped, and the host table is rebuilt when more than half of its hosts are gone.
*/

/** Host ids a wide line can name in the 24 bits beside its ms. */
export const maxHosts = 2 ** 24;

/** Below this many hosts the table is never rebuilt: it is small whatever happens. */
const minimumCompaction = 1024;

/**
One reader's part of a run (`beginRun`): its host ids to the store's, and where its lines go. The first lane writes into the store's buckets; each other lane into buckets of its own, taken into the store's at the end of the run, so that readers of successive parts of a file store at once, each in time order, and a lane can be taken back whole.
*/
type Lane = {
	hosts: Int32Array;
	readonly list: BucketList;
	/** Lines it kept. */
	kept: number;
};

/**
Counts over a sliding window of connection lines, for any host, kept up to date as lines arrive and the window moves.
*/
export class SlidingWindow {
	/** Hosts of the kept lines; ids are rebuilt from time to time, so hold names, not ids. */
	hosts = new HostTable();
	/** Lines kept (counted or waiting), for memory accounting and tests. */
	keptLines = 0;
	/** Lines in the counted range. */
	lines = 0;
	/** Lines older than this (ms) are dropped: the start of the last window reported, or lower after `widen`. */
	private keepFrom = Number.NEGATIVE_INFINITY;
	/** Lines take two words: a host id needs more than 12 bits. */
	private wide = false;

	// Per host id: kept lines naming it (a host is gone at zero; a line from a host to itself names it twice), and the counts over the range.
	private hostRefs = new Int32Array(1024);
	private sourceCount = new Int32Array(1024);
	private involvedCount = new Int32Array(1024);
	private liveHosts = 0;

	/** The host whose peers are counted: the one last reported on, -1 for none. */
	private watched = -1;
	/** The name (its bytes) of the host watched while it is not in the table: watched from its first line on. */
	private watchedName: Uint8Array | undefined;
	// Per host id: lines from it to the watched host, and from the watched host to it, over the range.
	private connectedTo = new Int32Array(1024);
	private receivedFrom = new Int32Array(1024);
	/** The hosts with a count in `connectedTo` or `receivedFrom` (and maybe some back at zero), each once. */
	private readonly peerIds: number[] = [];
	private peerListed = new Uint8Array(1024);

	private readonly list = new BucketList();
	/** The lanes of the run under way (`beginRun`). */
	private lanes: Lane[] | undefined;

	/** The counted range, whole ms, both ends included; empty when `counting` is false. */
	private counting = false;
	private rangeFrom = 0;
	private rangeTo = 0;

	private activity: readonly string[] | undefined;

	/** Lines older than this (ms) are dropped as they are read. */
	get oldestKept(): number {
		return this.keepFrom;
	}

	/** Bytes a kept line takes in its bucket. */
	get lineBytes(): number {
		return this.stride * 4;
	}

	/** Words a kept line takes. */
	private get stride(): number {
		return this.wide ? 2 : 1;
	}

	/** Bytes held by the store's arrays, roughly, for measurements. */
	get byteSize(): number {
		const bytes = this.hosts.byteSize + (this.hostRefs.byteLength * 5) + this.peerListed.byteLength;
		return bytes + this.list.byteSize;
	}

	/**
	Keep the lines from `from` (ms) on. Raises the floor only (reports do that too); use `widen` to lower it.
	*/
	dropBefore(from: number): void {
		if (from > this.keepFrom) {
			this.keepFrom = from;
			this.leaveRange(Math.ceil(from));
			this.expire();
			this.compactHosts();
		}
	}

	/**
	Lower the floor so that older lines are kept again: for a wider window, whose older lines the reader reads again. The lines already kept are exactly those at or after the old floor, so the reader must add only the older ones.
	*/
	widen(from: number): void {
		this.keepFrom = Math.min(this.keepFrom, from);
	}

	/**
	Add a line whose hosts are `buffer[sourceStart, sourceEnd)` and `buffer[destinationStart, destinationEnd)`.

	@returns Whether it was kept (false when it is older than the floor).
	*/
	add(buffer: Uint8Array, sourceStart: number, sourceEnd: number, destinationStart: number, destinationEnd: number, timestamp: number): boolean {
		if (timestamp < this.keepFrom) {
			return false;
		}

		const source = this.internHost(buffer, sourceStart, sourceEnd);
		const destination = this.internHost(buffer, destinationStart, destinationEnd);
		const slot = Math.floor(timestamp / slotSpan);
		this.store(this.list.at(slot), source, destination, timestamp - (slot * slotSpan));
		this.keptLines++;
		if (this.counting && timestamp >= this.rangeFrom && timestamp <= this.rangeTo) {
			this.count(source, destination, 1);
			this.activity = undefined;
		}

		return true;
	}

	/**
	Start a run of lines from readers that name each host once (the scanner kernel's records mode): `lanes` readers, each of successive parts of a file, each with host ids of its own. Per lane: `runHost` as the reader names a host, `runLines` batch by batch; then `endRun`. Nothing may drop lines in between.
	*/
	beginRun(lanes = 1): void {
		this.lanes = Array.from({length: lanes}, (_, index) => ({hosts: new Int32Array(1024), list: index === 0 ? this.list : new BucketList(), kept: 0}));
	}

	/** A lane's next host (ids from 0, in order). */
	runHost(lane: number, id: number, buffer: Uint8Array, start: number, end: number): void {
		const run = this.lanes![lane]!;
		run.hosts = room(run.hosts, id + 1);
		run.hosts[id] = this.internHost(buffer, start, end);
	}

	/** A lane's lines, by its host ids; those older than the floor are dropped. */
	runLines(lane: number, timestamps: Float64Array, sources: Uint32Array, destinations: Uint32Array, count: number): void {
		const run = this.lanes![lane]!;
		const floor = this.keepFrom;
		const {counting, rangeFrom, rangeTo, wide, hostRefs, sourceCount, involvedCount, watched} = this;
		const {hosts, list} = run;
		const {stride} = this;
		// The bucket written to, its columns in locals while it is.
		let bucket = -1;
		let bucketSlot = Number.NaN;
		let words: Uint32Array = new Uint32Array(0);
		let start = 0;
		let length = 0;
		let capacity = 0;
		let kept = 0;
		let counted = 0;
		let live = 0;
		for (let i = 0; i < count; i++) {
			const timestamp = timestamps[i]!;
			if (timestamp < floor) {
				continue;
			}

			const source = hosts[sources[i]!]!;
			const destination = hosts[destinations[i]!]!;
			const slot = Math.floor(timestamp / slotSpan);
			if (slot !== bucketSlot) {
				if (bucket >= 0) {
					list.lengths[bucket] = length;
				}

				bucket = list.at(slot);
				bucketSlot = slot;
				words = list.blocks[bucket]!;
				start = list.starts[bucket]!;
				length = list.lengths[bucket]!;
				capacity = list.capacities[bucket]!;
			}

			if (length + stride > capacity) {
				list.lengths[bucket] = length;
				list.reserve(bucket, stride);
				words = list.blocks[bucket]!;
				start = list.starts[bucket]!;
				capacity = list.capacities[bucket]!;
			}

			putLine(words, start + length, wide, source, destination, timestamp - (slot * slotSpan));
			length += stride;
			if (hostRefs[source]!++ === 0) {
				live++;
			}

			if (hostRefs[destination]!++ === 0) {
				live++;
			}

			kept++;
			if (counting && timestamp >= rangeFrom && timestamp <= rangeTo) {
				// What count() does, with the arrays in locals: this loop is a start-up's.
				sourceCount[source]!++;
				involvedCount[source]!++;
				if (destination !== source) {
					involvedCount[destination]!++;
				}

				if (source === watched || destination === watched) {
					this.countPeer(source, destination, 1);
				}

				counted++;
			}
		}

		if (bucket >= 0) {
			list.lengths[bucket] = length;
		}

		this.lines += counted;

		this.liveHosts += live;
		this.keptLines += kept;
		run.kept += kept;
		if (kept > 0) {
			this.activity = undefined;
		}
	}

	/**
	End the run: the other lanes' buckets into the store's.

	@param lanes The lanes to keep, the first ones: a run whose first lane failed keeps none of the later lanes' lines, so that what was kept is one stretch of the file from its start.
	*/
	endRun(lanes = this.lanes!.length): void {
		const all = this.lanes!;
		for (const [index, lane] of all.entries()) {
			if (index === 0) {
				continue;
			}

			if (index < lanes) {
				this.list.merge(lane.list);
			} else {
				this.takeBack(lane);
			}
		}

		this.lanes = undefined;
	}

	/* A lane's lines out of the store: out of the counts, and their hosts let go. */
	private takeBack(lane: Lane): void {
		const {wide} = this;
		const {stride} = this;
		const {list} = lane;
		for (let bucket = list.head; bucket < list.end; bucket++) {
			const words = list.blocks[bucket]!;
			const start = list.starts[bucket]!;
			const length = list.lengths[bucket]!;
			const base = list.slots[bucket]! * slotSpan;
			for (let at = start; at < start + length; at += stride) {
				const source = lineSource(words, at, wide);
				const destination = lineDestination(words, at, wide);
				const timestamp = base + lineMs(words, at);
				if (this.counting && timestamp >= this.rangeFrom && timestamp <= this.rangeTo) {
					this.count(source, destination, -1);
				}

				this.release(source);
				this.release(destination);
			}
		}

		this.keptLines -= lane.kept;
		this.activity = undefined;
	}

	/**
	Count, from now on, every line at or after `from` as it is added: a start-up that reads millions of lines then finds its first report counted already, instead of going over them all again. The next report moves the counted range where it asks.
	*/
	countFrom(from: number): void {
		if (!this.counting) {
			this.clearCounts();
			this.countRange(Math.ceil(from), Number.MAX_SAFE_INTEGER, 1);
			this.counting = true;
			this.rangeFrom = Math.ceil(from);
			this.rangeTo = Number.MAX_SAFE_INTEGER;
		}
	}

	/**
	Count the peers of `host` from now on, as lines are added: a start-up that knows the host it will be asked about then needs no pass over its lines for them. A report on another host counts that one's instead.
	*/
	watch(host: string): void {
		this.watchId(this.hosts.findName(host), host);
	}

	/**
	The three answers over [from, to]; lines older than `from` are forgotten afterwards.

	@param malformed What the report gives as malformed lines met (the store never sees them).
	*/
	report(options: ReportOptions, malformed = 0): Report {
		this.moveTo(Math.ceil(options.from), Math.floor(options.to));
		this.dropBefore(options.from);
		// No host (''), as asked before the window's top host is known: the host watched stays, so that asking for it next costs no pass.
		const asked = options.host !== '';
		if (asked) {
			this.watch(options.host);
			this.tidyPeers();
		}

		this.activity = undefined;
		return buildReport({
			hosts: this.hosts,
			connectedTo: this.connectedTo,
			receivedFrom: this.receivedFrom,
			peerIds: asked ? this.peerIds : [],
			top: options.topBy === 'source' ? this.sourceCount : this.involvedCount,
			lines: this.lines,
			malformed,
		}, options);
	}

	/**
	The busiest hosts with lines in the counted range (at most `activityLimit`), by lines involving them, then byte order of their names.

	Capped because it is asked for at every refresh: sorting and naming a million hosts took seconds, and nobody steps through a million hosts by key.
	*/
	hostsByActivity(): readonly string[] {
		this.activity ??= rankHosts(this.hosts, this.involvedCount, activityLimit).rows.map(({id}) => this.hosts.name(id));
		return this.activity;
	}

	/* Watch host `id` (-1: not in the table yet, by `name`): its peers counted once over the range, then kept up to date. */
	private watchId(id: number, name: string | undefined): void {
		this.watchedName = id < 0 && name !== undefined ? Buffer.from(name) : undefined;
		if (id === this.watched) {
			return;
		}

		for (const peer of this.peerIds) {
			this.connectedTo[peer] = 0;
			this.receivedFrom[peer] = 0;
			this.peerListed[peer] = 0;
		}

		this.peerIds.length = 0;
		this.watched = id;
		if (id >= 0 && this.counting) {
			// One pass over the range's lines, which may be tens of millions.
			this.countRange(this.rangeFrom, this.rangeTo, 1, id);
		}
	}

	/* Peers whose counts went back to zero leave the list. */
	private tidyPeers(): void {
		const {peerIds, connectedTo, receivedFrom, peerListed} = this;
		let kept = 0;
		for (const peer of peerIds) {
			if (connectedTo[peer] === 0 && receivedFrom[peer] === 0) {
				peerListed[peer] = 0;
			} else {
				peerIds[kept++] = peer;
			}
		}

		peerIds.length = kept;
	}

	/* Make the counts those of [from, to]: subtract and add only the edges that moved. */
	private moveTo(from: number, to: number): void {
		if (from > to) {
			this.clearCounts();
			return;
		}

		if (!this.counting || from > this.rangeTo || to < this.rangeFrom) {
			this.clearCounts();
			this.countRange(from, to, 1);
		} else {
			if (from > this.rangeFrom) {
				this.countRange(this.rangeFrom, from - 1, -1);
			} else if (from < this.rangeFrom) {
				this.countRange(from, this.rangeFrom - 1, 1);
			}

			if (to < this.rangeTo) {
				this.countRange(to + 1, this.rangeTo, -1);
			} else if (to > this.rangeTo) {
				this.countRange(this.rangeTo + 1, to, 1);
			}
		}

		this.counting = true;
		this.rangeFrom = from;
		this.rangeTo = to;
	}

	/* Lines about to be dropped must first leave the counts: the counted range starts at the floor at the earliest. */
	private leaveRange(floor: number): void {
		if (!this.counting || floor <= this.rangeFrom) {
			return;
		}

		if (floor > this.rangeTo) {
			this.clearCounts();
			return;
		}

		this.countRange(this.rangeFrom, floor - 1, -1);
		this.rangeFrom = floor;
	}

	private clearCounts(): void {
		this.counting = false;
		this.lines = 0;
		this.sourceCount.fill(0);
		this.involvedCount.fill(0);
		for (const peer of this.peerIds) {
			this.connectedTo[peer] = 0;
			this.receivedFrom[peer] = 0;
			this.peerListed[peer] = 0;
		}

		this.peerIds.length = 0;
	}

	/* Add `sign` times every kept line in [from, to] to the counts; with `peersOf`, only its lines to the watched host's peers. Whole buckets inside the range need no look at their milliseconds. */
	private countRange(from: number, to: number, sign: number, peersOf = -1): void {
		const {wide} = this;
		const {stride} = this;
		const {list} = this;
		const lastSlot = Math.floor(to / slotSpan);
		for (let bucket = list.index(Math.floor(from / slotSpan)); bucket < list.end; bucket++) {
			if (list.slots[bucket]! > lastSlot) {
				break;
			}

			const words = list.blocks[bucket]!;
			const start = list.starts[bucket]!;
			const length = list.lengths[bucket]!;
			const base = list.slots[bucket]! * slotSpan;
			const whole = base >= from && base + slotSpan - 1 <= to;
			const low = from - base;
			const high = to - base;
			for (let at = start; at < start + length; at += stride) {
				const ms = lineMs(words, at);
				if (!whole && (ms < low || ms > high)) {
					continue;
				}

				const source = lineSource(words, at, wide);
				const destination = lineDestination(words, at, wide);
				if (peersOf < 0) {
					this.count(source, destination, sign);
				} else if (source === peersOf || destination === peersOf) {
					this.countPeer(source, destination, sign);
				}
			}
		}
	}

	private count(source: number, destination: number, sign: number): void {
		this.sourceCount[source]! += sign;
		this.involvedCount[source]! += sign;
		if (destination !== source) {
			this.involvedCount[destination]! += sign;
		}

		if (source === this.watched || destination === this.watched) {
			this.countPeer(source, destination, sign);
		}

		this.lines += sign;
	}

	/* A line of the watched host: to it from `source`, from it to `destination`, or both when it talks to itself. */
	private countPeer(source: number, destination: number, sign: number): void {
		const host = this.watched;
		if (destination === host) {
			this.listPeer(source);
			this.connectedTo[source]! += sign;
		}

		if (source === host) {
			this.listPeer(destination);
			this.receivedFrom[destination]! += sign;
		}
	}

	private listPeer(peer: number): void {
		if (this.peerListed[peer] === 0) {
			this.peerListed[peer] = 1;
			this.peerIds.push(peer);
		}
	}

	/* Store a line in bucket `bucket`, its hosts referenced. */
	private store(bucket: number, source: number, destination: number, ms: number): void {
		const {list} = this;
		list.reserve(bucket, this.stride);
		putLine(list.blocks[bucket]!, list.starts[bucket]! + list.lengths[bucket]!, this.wide, source, destination, ms);
		list.lengths[bucket]! += this.stride;

		this.reference(source);
		this.reference(destination);
	}

	/* Drop the lines older than the floor: whole buckets, then the older part of the bucket the floor falls in. */
	private expire(): void {
		const floor = this.keepFrom;
		const floorSlot = Math.floor(floor / slotSpan);
		const {list} = this;
		const {stride} = this;
		let gone = list.head;
		while (gone < list.end && list.slots[gone]! < floorSlot) {
			this.releaseLines(gone, 0, list.lengths[gone]!);
			this.keptLines -= list.lengths[gone]! / stride;
			gone++;
		}

		list.dropFirst(gone - list.head);
		if (list.head < list.end && list.slots[list.head] === floorSlot) {
			this.trim(list.head, floor - (floorSlot * slotSpan));
		}
	}

	/* The hosts of the lines of words [from, to) of bucket `bucket` let go. */
	private releaseLines(bucket: number, from: number, to: number): void {
		const {wide, stride} = this;
		const words = this.list.blocks[bucket]!;
		const start = this.list.starts[bucket]!;
		for (let at = start + from; at < start + to; at += stride) {
			this.release(lineSource(words, at, wide));
			this.release(lineDestination(words, at, wide));
		}
	}

	/* Keep only the lines of bucket `bucket` at or after `offset` ms into its slot, in order. */
	private trim(bucket: number, offset: number): void {
		const {list} = this;
		const words = list.blocks[bucket]!;
		const start = list.starts[bucket]!;
		const length = list.lengths[bucket]!;
		const {stride} = this;
		let kept = 0;
		for (let at = 0; at < length; at += stride) {
			if (lineMs(words, start + at) >= offset) {
				words[start + kept] = words[start + at]!;
				if (stride === 2) {
					words[start + kept + 1] = words[start + at + 1]!;
				}

				kept += stride;
			} else {
				this.releaseLines(bucket, at, at + stride);
			}
		}

		this.keptLines -= (length - kept) / stride;
		list.lengths[bucket] = kept;
	}

	private reference(host: number): void {
		if (this.hostRefs[host]!++ === 0) {
			this.liveHosts++;
		}
	}

	/* A kept line naming `host` goes. Lines are only released when outside the counted range, so its counts are already zero then. */
	private release(host: number): void {
		if (--this.hostRefs[host]! === 0) {
			this.liveHosts--;
		}
	}

	private internHost(buffer: Uint8Array, start: number, end: number): number {
		const known = this.hosts.size;
		const id = this.hosts.intern(buffer, start, end);
		if (id >= this.hostRefs.length) {
			if (id >= maxHosts) {
				throw new RangeError(`the window holds ${maxHosts} distinct hosts, as many as it can: narrow it (--window, or -)`);
			}

			this.growHostArrays(this.hostRefs.length * 2);
		}

		if (id >= narrowHosts && !this.wide) {
			this.recode(true, undefined);
		}

		if (id === known && this.watchedName !== undefined && this.hosts.find(this.watchedName) === id) {
			// The host watched by name has come: it has no line yet, so no peer to count before this one.
			this.watched = id;
			this.watchedName = undefined;
		}

		return id;
	}

	private growHostArrays(capacity: number): void {
		this.hostRefs = grown(this.hostRefs, capacity);
		this.sourceCount = grown(this.sourceCount, capacity);
		this.involvedCount = grown(this.involvedCount, capacity);
		this.connectedTo = grown(this.connectedTo, capacity);
		this.receivedFrom = grown(this.receivedFrom, capacity);
		this.peerListed = grown(this.peerListed, capacity);
	}

	/* Every kept line written again: in the width given, hosts renumbered by `renumber` when given. */
	private recode(wide: boolean, renumber: Int32Array | undefined): void {
		const lists = this.lanes ? this.lanes.map(lane => lane.list) : [this.list];
		for (const list of lists) {
			for (let bucket = list.head; bucket < list.end; bucket++) {
				list.recode(bucket, this.wide, wide, renumber);
			}
		}

		this.wide = wide;
	}

	/* When more than half the hosts are gone, intern the live ones in a new table and renumber: memory follows the window, not the run's history. */
	private compactHosts(): void {
		const old = this.hosts;
		if (old.size < minimumCompaction || this.liveHosts * 2 > old.size) {
			return;
		}

		const hosts = new HostTable(this.liveHosts);
		const renumber = new Int32Array(old.size).fill(-1);
		const capacity = Math.max(1024, this.liveHosts * 2);
		const hostRefs = new Int32Array(capacity);
		const sourceCount = new Int32Array(capacity);
		const involvedCount = new Int32Array(capacity);
		for (let id = 0; id < old.size; id++) {
			if (this.hostRefs[id]! > 0) {
				const bytes = old.bytes(id);
				const fresh = hosts.intern(bytes, 0, bytes.length);
				renumber[id] = fresh;
				hostRefs[fresh] = this.hostRefs[id]!;
				sourceCount[fresh] = this.sourceCount[id]!;
				involvedCount[fresh] = this.involvedCount[id]!;
			}
		}

		const watched = this.watched < 0 ? -1 : renumber[this.watched]!;
		this.watchId(-1, undefined);
		this.recode(hosts.size > narrowHosts, renumber);
		this.hosts = hosts;
		this.hostRefs = hostRefs;
		this.sourceCount = sourceCount;
		this.involvedCount = involvedCount;
		this.connectedTo = new Int32Array(capacity);
		this.receivedFrom = new Int32Array(capacity);
		this.peerListed = new Uint8Array(capacity);
		this.watchId(watched, undefined);
	}
}

function room(array: Int32Array, size: number): Int32Array {
	if (size <= array.length) {
		return array;
	}

	let capacity = array.length;
	while (capacity < size) {
		capacity *= 2;
	}

	return grown(array, capacity);
}
