import type {HostTable} from './host-table.js';

/** A host id with its count. */
export type RankedId = {
	readonly id: number;
	readonly count: number;
};

/** The first rows of a ranking, with what the rest adds up to. */
export type Ranking = {
	readonly rows: readonly RankedId[];
	/** Hosts with a count above zero. */
	readonly distinct: number;
	/** Sum of all counts. */
	readonly total: number;
};

/**
Rank the hosts of `counts` (indexed by host id; zero means absent) by count, highest first, then by name in byte order (SPEC section 2), keeping the first `limit` rows.

Costs two passes over the counts and either one sort of the rows kept or a heap of `limit` entries, so a short ranking of a million hosts stays cheap.
*/
export function rankHosts(hosts: HostTable, counts: ArrayLike<number>, limit = Number.POSITIVE_INFINITY, size = hosts.size, ids?: ArrayLike<number>): Ranking {
	if (ids) {
		return rankIds(hosts, counts, limit, ids);
	}

	const before = (a: RankedId, b: RankedId): boolean =>
		a.count > b.count || (a.count === b.count && hosts.compare(a.id, b.id) < 0);
	const end = Math.min(size, counts.length);
	let distinct = 0;
	let total = 0;
	for (let id = 0; id < end; id++) {
		const count = counts[id]!;
		if (count !== 0) {
			distinct++;
			total += count;
		}
	}

	// A list short enough to keep whole is sorted once; a heap pays off only when most rows are cut.
	if (limit >= distinct) {
		const rows: RankedId[] = [];
		for (let id = 0; id < end; id++) {
			const count = counts[id]!;
			if (count !== 0) {
				rows.push({id, count});
			}
		}

		return {rows: rows.sort((a, b) => b.count - a.count || hosts.compare(a.id, b.id)), distinct, total};
	}

	const heap: RankedId[] = [];
	for (let id = 0; id < end && limit > 0; id++) {
		const count = counts[id]!;
		if (count === 0) {
			continue;
		}

		if (heap.length < limit) {
			heapPush(heap, {id, count}, before);
			continue;
		}

		// Most hosts lose to the worst row kept on the count alone; a tie is decided by name, without making a row first (a window of a million hosts tied at 1 is all ties).
		const worst = heap[0]!;
		if (count > worst.count || (count === worst.count && hosts.compare(id, worst.id) < 0)) {
			heap[0] = {id, count};
			siftDown(heap, 0, before);
		}
	}

	return {rows: heap.sort((a, b) => (before(a, b) ? -1 : 1)), distinct, total};
}

/* The ranking when the only ids that may have a count are known: those sorted whole when kept whole, else the best `limit` of them kept in a heap, as over every host. */
function rankIds(hosts: HostTable, counts: ArrayLike<number>, limit: number, ids: ArrayLike<number>): Ranking {
	const before = (a: RankedId, b: RankedId): boolean =>
		a.count > b.count || (a.count === b.count && hosts.compare(a.id, b.id) < 0);
	let distinct = 0;
	let total = 0;
	for (let i = 0; i < ids.length; i++) {
		const count = counts[ids[i]!]!;
		if (count !== 0) {
			distinct++;
			total += count;
		}
	}

	const rows: RankedId[] = [];
	for (let i = 0; i < ids.length; i++) {
		const id = ids[i]!;
		const count = counts[id]!;
		if (count === 0) {
			continue;
		}

		if (limit >= distinct) {
			rows.push({id, count});
		} else if (rows.length < limit) {
			heapPush(rows, {id, count}, before);
		} else {
			const worst = rows[0]!;
			if (count > worst.count || (count === worst.count && hosts.compare(id, worst.id) < 0)) {
				rows[0] = {id, count};
				siftDown(rows, 0, before);
			}
		}
	}

	return {rows: rows.sort((a, b) => (before(a, b) ? -1 : 1)), distinct, total};
}

/**
All hosts tied at the highest count, in byte order of their names; the first `limit` of them when given.
*/
export function leaders(hosts: HostTable, counts: ArrayLike<number>, limit = Number.POSITIVE_INFINITY, size = hosts.size): RankedId[] {
	if (limit <= 0) {
		return [];
	}

	let best = 0;
	let ids: number[] = [];
	const end = Math.min(size, counts.length);
	for (let id = 0; id < end; id++) {
		const count = counts[id]!;
		if (count > best) {
			best = count;
			ids = [id];
		} else if (count === best && count > 0) {
			ids.push(id);
		}
	}

	if (ids.length > limit) {
		// Tied, the ranking's order is the names' order: its first rows are the first leaders.
		return rankHosts(hosts, counts, limit, size).rows.filter(row => row.count === best);
	}

	return ids.sort((a, b) => hosts.compare(a, b)).map(id => ({id, count: best}));
}

/* The heap keeps the worst kept row at the root, so a better newcomer replaces it. */
function heapPush(heap: RankedId[], entry: RankedId, before: (a: RankedId, b: RankedId) => boolean): void {
	heap.push(entry);
	let index = heap.length - 1;
	while (index > 0) {
		const parent = (index - 1) >> 1;
		if (!before(heap[parent]!, heap[index]!)) {
			break;
		}

		[heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
		index = parent;
	}
}

function siftDown(heap: RankedId[], start: number, before: (a: RankedId, b: RankedId) => boolean): void {
	let index = start;
	for (;;) {
		const left = (index * 2) + 1;
		const right = left + 1;
		let worst = index;
		if (left < heap.length && before(heap[worst]!, heap[left]!)) {
			worst = left;
		}

		if (right < heap.length && before(heap[worst]!, heap[right]!)) {
			worst = right;
		}

		if (worst === index) {
			return;
		}

		[heap[worst], heap[index]] = [heap[index]!, heap[worst]!];
		index = worst;
	}
}
