import {HostTable} from './host-table.js';
import {rankHosts} from './ranking.js';
import {buildReport, type Report, type ReportOptions} from './report.js';

/** Hosts offered for stepping and completion: the busiest of the window. */
export const activityLimit = 5000;

/*
The live dashboard's store: the lines that can still fall in a window, and the counts over the window last reported, kept up to date incrementally.

- Each kept line is one uint32, its pair id and its millisecond within a slot of 256 ms, in the bucket of that slot. A pair is a (source, destination) of host ids, interned once, so a line costs 4 bytes and no string (a window may hold 2^24 distinct pairs).
- The counts (per pair, per host as source, per host involved) are exactly those of the lines in the counted range [from, to]. Moving the range scans only the buckets at the edges that moved: what left is subtracted, what entered is added. A late line inside the range is added as it is read; a line newer than `to` waits in its bucket; a line older than the window is dropped.
- Nothing grows with time: lines older than the window's start are dropped, a pair whose last line went is freed (its id reused), and the host table is rebuilt when more than half of its hosts are gone.
*/


/* A bucket holds the lines of a slot of `slotSpan` ms; a line is its pair id times `slotSpan`, plus its ms within the slot. */
const slotSpan = 256;
/** Pair ids a line can name in its 32 bits beside the 8 of its ms. */
export const maxPairs = 2 ** 24;

/** Below this many hosts the table is never rebuilt: it is small whatever happens. */
const minimumCompaction = 1024;

/** Bytes of a block that buckets' arrays are carved from. */
const blockBytes = 1024 * 1024;

/**
Where buckets' arrays come from: views into large blocks, handed out in time order as buckets are made. A slot's array then costs no allocation of its own (a typed array with its own memory costs microseconds to make: 80 000 seconds of a day took 0.4 s), and since buckets are dropped in time order too, a block is let go, whole, once the last bucket in it is.
*/
class BucketMemory {
	private block = new ArrayBuffer(blockBytes);
	private used = 0;

	/** Room for `capacity` lines. */
	take(capacity: number): Uint32Array {
		const bytes = capacity * 4;
		if (this.used + bytes > this.block.byteLength) {
			this.block = new ArrayBuffer(Math.max(blockBytes, bytes));
			this.used = 0;
		}

		const lines = new Uint32Array(this.block, this.used, capacity);
		this.used += bytes;
		return lines;
	}
}

/** The lines of one slot of 256 ms, in reading order: each its pair id times 256 plus its ms within the slot. */
class Bucket {
	lines: Uint32Array;
	length = 0;
	/** The slot: its first ms divided by `slotSpan`. */
	slot: number;
	private readonly memory: BucketMemory;

	/** @param capacity Lines expected: the slot before's, so that a steady rate fills a bucket without growing it (and without slack, which is memory a line). */
	constructor(slot: number, memory: BucketMemory, capacity = 4) {
		this.slot = slot;
		this.memory = memory;
		this.lines = memory.take(Math.max(4, capacity));
	}

	push(pair: number, offset: number): void {
		if (this.length === this.lines.length) {
			this.grow();
		}

		this.lines[this.length] = (pair * slotSpan) + offset;
		this.length++;
	}

	/* Half again: a busier slot than the one before wastes less than doubling would. */
	grow(): void {
		const lines = this.memory.take(this.length + (this.length >> 1) + 4);
		lines.set(this.lines);
		this.lines = lines;
	}
}

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

	// Per host id: live pairs naming it (a host is gone at zero), and the counts over the range.
	private hostRefs = new Int32Array(1024);
	private sourceCount = new Int32Array(1024);
	private involvedCount = new Int32Array(1024);
	private liveHosts = 0;

	// Per pair id: its hosts, kept lines naming it (the pair is freed at zero), count over the range.
	/** Per pair, two int32 side by side: its source and destination host ids. */
	private pairEnds = new Int32Array(2048);
	/**
	Per pair, two int32 side by side: the kept lines naming it (the pair is freed at zero), and its count over the range. A line of a pair touches both, and only these eight bytes: over a million pairs, what a line costs is the cache miss to reach them.
	*/
	private pairTally = new Int32Array(2048);
	/** Pair ids handed out so far; freed ones are reused first. */
	private pairHigh = 0;
	private readonly freePairs: number[] = [];
	/** Open addressing over (source, destination): pair id + 1 per slot, 0 when empty. */
	private pairSlots = new Int32Array(2048);
	/** The slots lack pairs a run into an empty store added: they are built again before any use. */
	private slotsStale = false;

	/** Sorted by slot. */
	private buckets: Bucket[] = [];
	private readonly bucketMemory = new BucketMemory();
	/** The run of lines under way (`beginRun`). */
	private run: Run | undefined;
	private lastBucket: Bucket | undefined;

	/** The counted range, whole ms, both ends included; empty when `counting` is false. */
	private counting = false;
	private rangeFrom = 0;
	private rangeTo = 0;

	// Reused between reports.
	private connectedTo = new Float64Array(0);
	private receivedFrom = new Float64Array(0);
	/** The hosts with a count in `connectedTo` or `receivedFrom`. */
	private readonly peerIds: number[] = [];
	private activity: readonly string[] | undefined;

	/** Lines older than this (ms) are dropped as they are read. */
	get oldestKept(): number {
		return this.keepFrom;
	}

	/** Distinct pairs with kept lines. */
	get pairs(): number {
		return this.pairHigh - this.freePairs.length;
	}

	/** Bytes held by the store's arrays, roughly, for measurements. */
	get byteSize(): number {
		let bytes = this.hosts.byteSize + (this.hostRefs.byteLength * 3) + this.pairEnds.byteLength + this.pairTally.byteLength + this.pairSlots.byteLength;
		for (const bucket of this.buckets) {
			bytes += bucket.lines.byteLength + 64;
		}

		return bytes;
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
		const pair = this.internPair(source, destination);
		this.pairTally[pair * 2]!++;
		const slot = Math.floor(timestamp / slotSpan);
		this.bucketFor(slot).push(pair, timestamp - (slot * slotSpan));
		this.keptLines++;
		if (this.counting && timestamp >= this.rangeFrom && timestamp <= this.rangeTo) {
			this.count(pair, 1);
			this.activity = undefined;
		}

		return true;
	}

	/**
	Start a run of lines from a reader that names each host and each pair of hosts once (the scanner kernel's records mode and a PairTable): `runHost` and `runPairs` as the reader names them, in its order, `runLines` batch by batch, then `endRun`. Nothing may drop lines in between.

	When the store has no pair to reuse, the run's pairs get the ids that follow the store's, in the reader's order: a line's pair is then the reader's id plus a base, with no map to look up, and its hosts' counts wait for `endRun`, so that a line costs the eight bytes of its pair's tally and no more. When the store holds no pair at all, it does not even look the run's pairs up (they are all new) and may leave the pairs' tallies to the reader, as `endRun` says. What a start-up over millions of lines needs.

	@returns Whether the store takes its pairs' tallies from the reader at `endRun` rather than counting line by line: every pair of the run is new, and every line the run keeps (at or after `oldestKept`) is counted, or none is.
	*/
	beginRun(): boolean {
		const fresh = this.pairs === 0;
		if (fresh) {
			// Every id is free: hand them out from 0 again, in the reader's order.
			this.pairHigh = 0;
			this.freePairs.length = 0;
		}

		const countsAll = !this.counting || (this.rangeFrom <= this.keepFrom && this.rangeTo === Number.MAX_SAFE_INTEGER);
		const tallied = fresh && countsAll;
		this.run = {hosts: new Int32Array(1024), pairs: new Int32Array(1024), pairCount: 0, base: this.pairHigh, identity: this.freePairs.length === 0, owed: false, tallied, kept: 0};
		return tallied;
	}

	/** The reader's next host (ids from 0, in order). */
	runHost(id: number, buffer: Uint8Array, start: number, end: number): void {
		const run = this.run!;
		run.hosts = room(run.hosts, id + 1);
		run.hosts[id] = this.internHost(buffer, start, end);
	}

	/** The reader's next pairs, ids `first` on (from 0, in order), by their hosts' reader ids. */
	runPairs(first: number, sources: Uint32Array, destinations: Uint32Array): void {
		const run = this.run!;
		const count = sources.length;
		const end = first + count;
		const hosts = run.hosts;
		if (run.tallied) {
			// Pairs new to an empty store: their places in the slots are found once, at the end.
			this.checkPairRoom(run.base + end);
			this.reservePairFields(run.base + end);
			for (let i = 0; i < count; i++) {
				this.setPair(run.base + first + i, hosts[sources[i]!]!, hosts[destinations[i]!]!);
			}

			this.pairHigh = run.base + end;
			run.pairCount = end;
			return;
		}

		// Pairs come by the ten thousand: room for them at once, rather than growing as each comes.
		this.reservePairs(run.base + end);
		run.pairs = room(run.pairs, end);
		for (let i = 0; i < count; i++) {
			const id = first + i;
			const pair = this.internPair(hosts[sources[i]!]!, hosts[destinations[i]!]!);
			run.pairs[id] = pair;
			run.pairCount = id + 1;
			if (run.identity && pair !== run.base + id) {
				// An old pair met again: from here on, through the map, counted at once.
				this.payRun();
				run.identity = false;
			}
		}
	}

	/** Lines by their reader's pair id; those older than the floor are dropped. */
	runLines(timestamps: Float64Array, pairs: Uint32Array, count: number): void {
		const run = this.run!;
		const floor = this.keepFrom;
		const counting = this.counting;
		const {rangeFrom, rangeTo, pairTally} = this;
		const map = run.pairs;
		const {identity, base, tallied} = run;
		let bucket = this.lastBucket;
		let kept = 0;
		let counted = 0;
		for (let i = 0; i < count; i++) {
			const timestamp = timestamps[i]!;
			if (timestamp < floor) {
				continue;
			}

			const pair = identity ? base + pairs[i]! : map[pairs[i]!]!;
			const slot = Math.floor(timestamp / slotSpan);
			if (bucket?.slot !== slot) {
				bucket = this.bucketFor(slot);
			}

			if (bucket.length === bucket.lines.length) {
				bucket.grow();
			}

			bucket.lines[bucket.length] = (pair * slotSpan) + (timestamp - (slot * slotSpan));
			bucket.length++;
			kept++;
			if (tallied) {
				continue;
			}

			pairTally[pair * 2]!++;
			if (counting && timestamp >= rangeFrom && timestamp <= rangeTo) {
				if (identity) {
					pairTally[(pair * 2) + 1]!++;
					counted++;
				} else {
					this.count(pair, 1);
				}
			}
		}

		if (tallied && counting) {
			counted = kept;
		}

		this.keptLines += kept;
		this.lines += counted;
		run.kept += kept;
		run.owed ||= counted > 0;
		if (kept > 0) {
			this.activity = undefined;
		}
	}

	/**
	End the run: the hosts' counts its lines owe, and the pairs no kept line names let go.

	@param tallies When `beginRun` said the store takes them: per reader pair id, its lines at or after `oldestKept`, as the reader gave them to `runLines`.
	*/
	endRun(tallies?: Uint32Array): void {
		const run = this.run!;
		if (run.tallied) {
			this.takeTallies(run, tallies);
		}

		this.payRun();
		for (let id = 0; id < run.pairCount; id++) {
			const pair = run.tallied ? run.base + id : run.pairs[id]!;
			// A run into an empty store frees no pair before its end, so all its pairs are live.
			if (this.pairTally[pair * 2] === 0 && (run.tallied || this.isLivePair(pair))) {
				this.free(pair);
			}
		}

		this.run = undefined;
	}

	/* The tallies of a run into an empty store, and the slots of its pairs. Tallies that do not add up to the lines kept (a batch named to the reader but never given to `runLines`, when a failure cut the run) are counted again from the buckets instead. */
	private takeTallies(run: Run, tallies: Uint32Array | undefined): void {
		const {pairTally} = this;
		let sum = 0;
		if (tallies) {
			for (let id = 0; id < run.pairCount; id++) {
				sum += tallies[id]!;
			}
		}

		if (tallies && sum === run.kept) {
			const counted = this.counting ? 1 : 0;
			for (let id = 0; id < run.pairCount; id++) {
				const pair = run.base + id;
				pairTally[pair * 2] = tallies[id]!;
				pairTally[(pair * 2) + 1] = tallies[id]! * counted;
			}
		} else {
			this.tallyKeptLines();
			run.owed = false;
		}

		// Built when a pair is next looked up, after the first report rather than before it.
		this.slotsStale = true;
	}

	/* Every pair's kept lines and counts again from the buckets. */
	private tallyKeptLines(): void {
		this.pairTally.fill(0);
		for (const bucket of this.buckets) {
			for (let i = 0; i < bucket.length; i++) {
				this.pairTally[(bucket.lines[i]! >>> 8) * 2]!++;
			}
		}

		if (this.counting) {
			const {rangeFrom, rangeTo} = this;
			this.clearCounts();
			this.countRange(rangeFrom, rangeTo, 1);
			this.counting = true;
			this.rangeFrom = rangeFrom;
			this.rangeTo = rangeTo;
		}
	}

	/* The hosts' counts of the run's lines counted so far by pair alone: all its pairs are new, so their counts are all from the run. */
	private payRun(): void {
		const run = this.run!;
		if (!run.owed) {
			return;
		}

		const {pairEnds, pairTally, sourceCount, involvedCount} = this;
		for (let pair = run.base; pair < run.base + run.pairCount; pair++) {
			const count = pairTally[(pair * 2) + 1]!;
			if (count !== 0) {
				const source = pairEnds[pair * 2]!;
				const destination = pairEnds[(pair * 2) + 1]!;
				sourceCount[source]! += count;
				involvedCount[source]! += count;
				if (destination !== source) {
					involvedCount[destination]! += count;
				}
			}
		}

		run.owed = false;
	}

	/** Room for pairs up to `count`: their fields, and slots enough that adding them rehashes nothing. */
	private reservePairs(count: number): void {
		this.reservePairFields(count);
		if (count * 2 > this.pairSlots.length) {
			let slots = this.pairSlots.length;
			while (slots < count * 2) {
				slots *= 2;
			}

			this.rehashPairs(slots);
		}
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
	The three answers over [from, to]; lines older than `from` are forgotten afterwards.

	@param malformed What the report gives as malformed lines met (the store never sees them).
	*/
	report(options: ReportOptions, malformed = 0): Report {
		this.moveTo(Math.ceil(options.from), Math.floor(options.to));
		this.dropBefore(options.from);
		const size = this.hosts.size;
		if (this.connectedTo.length < size) {
			this.connectedTo = new Float64Array(this.hostRefs.length);
			this.receivedFrom = new Float64Array(this.hostRefs.length);
		} else {
			// Only the hosts the last report counted: a window of a million hosts has a few peers of one.
			for (const id of this.peerIds) {
				this.connectedTo[id] = 0;
				this.receivedFrom[id] = 0;
			}
		}

		this.peerIds.length = 0;
		const host = this.hosts.findName(options.host);
		if (host >= 0) {
			this.collectPeers(host);
		}

		this.activity = undefined;
		return buildReport({
			hosts: this.hosts,
			connectedTo: this.connectedTo,
			receivedFrom: this.receivedFrom,
			peerIds: this.peerIds,
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

	/* Connected-to and received-from for `host`: a pass over the pairs, which are as many as the distinct connections kept. */
	private collectPeers(host: number): void {
		const {pairEnds, pairTally, connectedTo, receivedFrom} = this;
		for (let pair = 0; pair < this.pairHigh; pair++) {
			const count = pairTally[(pair * 2) + 1]!;
			if (count === 0) {
				continue;
			}

			const source = pairEnds[pair * 2]!;
			const destination = pairEnds[(pair * 2) + 1]!;
			if (destination === host) {
				if (connectedTo[source] === 0 && receivedFrom[source] === 0) {
					this.peerIds.push(source);
				}

				connectedTo[source]! += count;
			}

			if (source === host) {
				if (connectedTo[destination] === 0 && receivedFrom[destination] === 0) {
					this.peerIds.push(destination);
				}

				receivedFrom[destination]! += count;
			}
		}
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
		for (let at = 1; at < this.pairHigh * 2; at += 2) {
			this.pairTally[at] = 0;
		}
		this.sourceCount.fill(0);
		this.involvedCount.fill(0);
	}

	/* Add `sign` times every kept line in [from, to] to the counts. Whole buckets inside the range need no look at their milliseconds. */
	private countRange(from: number, to: number, sign: number): void {
		const buckets = this.buckets;
		const lastSlot = Math.floor(to / slotSpan);
		for (let index = this.bucketIndex(Math.floor(from / slotSpan)); index < buckets.length; index++) {
			const bucket = buckets[index]!;
			if (bucket.slot > lastSlot) {
				break;
			}

			const {lines, length} = bucket;
			const base = bucket.slot * slotSpan;
			if (base >= from && base + slotSpan - 1 <= to) {
				for (let i = 0; i < length; i++) {
					this.count(lines[i]! >>> 8, sign);
				}
			} else {
				const low = from - base;
				const high = to - base;
				for (let i = 0; i < length; i++) {
					const line = lines[i]!;
					const offset = line & (slotSpan - 1);
					if (offset >= low && offset <= high) {
						this.count(line >>> 8, sign);
					}
				}
			}
		}
	}

	private count(pair: number, sign: number): void {
		const source = this.pairEnds[pair * 2]!;
		const destination = this.pairEnds[(pair * 2) + 1]!;
		this.pairTally[(pair * 2) + 1]! += sign;
		this.sourceCount[source]! += sign;
		this.involvedCount[source]! += sign;
		if (destination !== source) {
			this.involvedCount[destination]! += sign;
		}

		this.lines += sign;
	}

	/* Drop the lines older than the floor: whole buckets, then the older part of the bucket the floor falls in. */
	private expire(): void {
		const floor = this.keepFrom;
		const floorSlot = Math.floor(floor / slotSpan);
		const buckets = this.buckets;
		let gone = 0;
		while (gone < buckets.length && buckets[gone]!.slot < floorSlot) {
			const bucket = buckets[gone]!;
			for (let i = 0; i < bucket.length; i++) {
				this.release(bucket.lines[i]! >>> 8);
			}

			this.keptLines -= bucket.length;
			gone++;
		}

		if (gone > 0) {
			buckets.splice(0, gone);
			if (this.lastBucket && this.lastBucket.slot < floorSlot) {
				this.lastBucket = undefined;
			}
		}

		const first = buckets[0];
		if (first?.slot === floorSlot) {
			this.trim(first, floor - (floorSlot * slotSpan));
		}
	}

	/* Keep only the lines of the bucket at or after `offset` ms into its slot, in order. */
	private trim(bucket: Bucket, offset: number): void {
		const {lines} = bucket;
		let kept = 0;
		for (let i = 0; i < bucket.length; i++) {
			const line = lines[i]!;
			if ((line & (slotSpan - 1)) >= offset) {
				lines[kept] = line;
				kept++;
			} else {
				this.release(line >>> 8);
			}
		}

		this.keptLines -= bucket.length - kept;
		bucket.length = kept;
	}

	/* A kept line of `pair` goes; the pair goes with its last line. Lines are only released when outside the counted range, so its count is already zero then. */
	private release(pair: number): void {
		if (--this.pairTally[pair * 2]! > 0) {
			return;
		}

		this.free(pair);
	}

	/* Whether the pair id is in use (not among the freed ones): a freed pair is no longer in the slots. */
	private isLivePair(pair: number): boolean {
		const source = this.pairEnds[pair * 2]!;
		const destination = this.pairEnds[(pair * 2) + 1]!;
		this.freshSlots();
		const slots = this.pairSlots;
		const mask = slots.length - 1;
		for (let slot = pairHash(source, destination) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
			if (slots[slot] === pair + 1) {
				return true;
			}
		}

		return false;
	}

	private free(pair: number): void {
		this.removePairSlot(pair);
		this.freePairs.push(pair);
		this.unreferenceHost(this.pairEnds[pair * 2]!);
		this.unreferenceHost(this.pairEnds[(pair * 2) + 1]!);
	}

	private unreferenceHost(host: number): void {
		if (--this.hostRefs[host]! === 0) {
			this.liveHosts--;
		}
	}

	private referenceHost(host: number): void {
		if (this.hostRefs[host]!++ === 0) {
			this.liveHosts++;
		}
	}

	/* The bucket of `slot`, made if new. Lines mostly arrive in order, so the newest bucket is tried first. */
	private bucketFor(slot: number): Bucket {
		const last = this.lastBucket;
		if (last?.slot === slot) {
			return last;
		}

		const buckets = this.buckets;
		const index = this.bucketIndex(slot);
		let bucket = buckets[index];
		if (bucket?.slot !== slot) {
			bucket = new Bucket(slot, this.bucketMemory, last?.length);
			if (index === buckets.length) {
				buckets.push(bucket);
			} else {
				buckets.splice(index, 0, bucket);
			}
		}

		this.lastBucket = bucket;
		return bucket;
	}

	/* Index of the first bucket at or after `slot`. */
	private bucketIndex(slot: number): number {
		const buckets = this.buckets;
		let low = 0;
		let high = buckets.length;
		if (high > 0 && buckets[high - 1]!.slot < slot) {
			return high;
		}

		while (low < high) {
			const middle = (low + high) >>> 1;
			if (buckets[middle]!.slot < slot) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		return low;
	}

	private internHost(buffer: Uint8Array, start: number, end: number): number {
		const id = this.hosts.intern(buffer, start, end);
		if (id >= this.hostRefs.length) {
			const capacity = this.hostRefs.length * 2;
			this.hostRefs = grown(this.hostRefs, capacity);
			this.sourceCount = grown(this.sourceCount, capacity);
			this.involvedCount = grown(this.involvedCount, capacity);
		}

		return id;
	}

	private reservePairFields(count: number): void {
		if (count * 2 > this.pairEnds.length) {
			let capacity = this.pairEnds.length;
			while (capacity < count * 2) {
				capacity *= 2;
			}

			this.pairEnds = grown(this.pairEnds, capacity);
			this.pairTally = grown(this.pairTally, capacity);
		}
	}

	/* A line names its pair in 24 bits: rather than count it wrong, say so. */
	private checkPairRoom(count: number): void {
		if (count > maxPairs) {
			throw new RangeError(`the window holds ${maxPairs} distinct pairs of hosts, as many as it can: narrow it (--window, or -)`);
		}
	}

	/* A new pair's fields, and its hosts referenced. */
	private setPair(pair: number, source: number, destination: number): void {
		this.pairEnds[pair * 2] = source;
		this.pairEnds[(pair * 2) + 1] = destination;
		this.pairTally[pair * 2] = 0;
		this.pairTally[(pair * 2) + 1] = 0;
		this.referenceHost(source);
		this.referenceHost(destination);
	}

	private internPair(source: number, destination: number): number {
		this.freshSlots();
		const slots = this.pairSlots;
		const mask = slots.length - 1;
		let slot = pairHash(source, destination) & mask;
		for (;;) {
			const entry = slots[slot]!;
			if (entry === 0) {
				break;
			}

			const pair = entry - 1;
			if (this.pairEnds[pair * 2] === source && this.pairEnds[(pair * 2) + 1] === destination) {
				return pair;
			}

			slot = (slot + 1) & mask;
		}

		if (this.freePairs.length === 0) {
			this.checkPairRoom(this.pairHigh + 1);
		}

		const pair = this.freePairs.pop() ?? this.pairHigh++;
		if ((pair * 2) >= this.pairEnds.length) {
			this.reservePairs(pair + 1);
		}

		this.setPair(pair, source, destination);
		if (this.pairs * 2 > slots.length) {
			this.rehashPairs(slots.length * 2);
		} else {
			slots[slot] = pair + 1;
		}

		return pair;
	}

	/* Linear probing with backward-shift deletion: no tombstones, so probes stay short however many pairs come and go. */
	private removePairSlot(pair: number): void {
		if (this.slotsStale) {
			// The slots are built from the live pairs alone.
			return;
		}

		const slots = this.pairSlots;
		const mask = slots.length - 1;
		let slot = pairHash(this.pairEnds[pair * 2]!, this.pairEnds[(pair * 2) + 1]!) & mask;
		while (slots[slot] !== pair + 1) {
			slot = (slot + 1) & mask;
		}

		let hole = slot;
		let next = (hole + 1) & mask;
		for (;;) {
			const entry = slots[next]!;
			if (entry === 0) {
				break;
			}

			const home = pairHash(this.pairEnds[(entry - 1) * 2]!, this.pairEnds[((entry - 1) * 2) + 1]!) & mask;
			// Move the entry into the hole unless its home lies cyclically in (hole, next].
			const stays = hole <= next ? home > hole && home <= next : home > hole || home <= next;
			if (!stays) {
				slots[hole] = entry;
				hole = next;
			}

			next = (next + 1) & mask;
		}

		slots[hole] = 0;
	}

	private freshSlots(): void {
		if (this.slotsStale) {
			let slots = this.pairSlots.length;
			while (slots < this.pairs * 2) {
				slots *= 2;
			}

			this.rehashPairs(slots);
		}
	}

	private rehashPairs(capacity: number): void {
		this.slotsStale = false;
		const slots = new Int32Array(capacity);
		const mask = capacity - 1;
		const live = new Uint8Array(this.pairHigh).fill(1);
		for (const pair of this.freePairs) {
			live[pair] = 0;
		}

		for (let pair = 0; pair < this.pairHigh; pair++) {
			if (live[pair] === 0) {
				continue;
			}

			let slot = pairHash(this.pairEnds[pair * 2]!, this.pairEnds[(pair * 2) + 1]!) & mask;
			while (slots[slot] !== 0) {
				slot = (slot + 1) & mask;
			}

			slots[slot] = pair + 1;
		}

		this.pairSlots = slots;
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

		const free = new Uint8Array(this.pairHigh);
		for (const pair of this.freePairs) {
			free[pair] = 1;
		}

		for (let pair = 0; pair < this.pairHigh; pair++) {
			if (free[pair] === 0) {
				this.pairEnds[pair * 2] = renumber[this.pairEnds[pair * 2]!]!;
				this.pairEnds[(pair * 2) + 1] = renumber[this.pairEnds[(pair * 2) + 1]!]!;
			}
		}

		this.hosts = hosts;
		this.hostRefs = hostRefs;
		this.sourceCount = sourceCount;
		this.involvedCount = involvedCount;
		this.connectedTo = new Float64Array(0);
		this.receivedFrom = new Float64Array(0);
		this.rehashPairs(this.pairSlots.length);
	}
}

function pairHash(source: number, destination: number): number {
	let hash = Math.imul(source ^ 0x5B_D1_E9_95, 0x9E_37_79_B1) ^ Math.imul(destination + 0x7F_4A_7C_15, 0x85_EB_CA_77);
	hash ^= hash >>> 15;
	hash = Math.imul(hash, 0x2C_1B_3C_6D);
	return hash ^ (hash >>> 13);
}

/** What a run of lines (`beginRun`) keeps: the reader's host and pair ids to the store's. */
type Run = {
	hosts: Int32Array;
	pairs: Int32Array;
	pairCount: number;
	/** The store's id of the reader's pair 0, while `identity` holds. */
	readonly base: number;
	/** The reader's pair ids plus `base` are the store's. */
	identity: boolean;
	/** Lines were counted by pair alone, and their hosts' counts are still to add. */
	owed: boolean;
	/** The store was empty: its pairs are not looked up, and their tallies come from the reader at the end. */
	readonly tallied: boolean;
	/** Lines the run kept. */
	kept: number;
};

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

function grown(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
	const bigger = new Int32Array(capacity);
	bigger.set(array);
	return bigger;
}
