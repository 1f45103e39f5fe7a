import test from 'ava';
import fc from 'fast-check';
import {PairTable} from '../source/core/pair-table.js';
import {loadKernel} from '../source/io/load-kernel.js';

type Line = {readonly timestamp: number; readonly source: number; readonly destination: number};

const line = (hosts: number) => fc.record({timestamp: fc.integer({min: 0, max: 100}), source: fc.nat(hosts - 1), destination: fc.nat(hosts - 1)});

/* Lines in batches, as the live reader hands them over. */
function pairUp(table: PairTable, batches: readonly Line[][], floor: number): number[] {
	const ids: number[] = [];
	for (const batch of batches) {
		const got = table.pairUp(Float64Array.from(batch, l => l.timestamp), Uint32Array.from(batch, l => l.source), Uint32Array.from(batch, l => l.destination), batch.length, floor);
		ids.push(...got);
	}

	return ids;
}

test('pairs get dense ids in order of first sight, and each pair\'s lines at or after the floor are counted, over batches and growth', t => {
	fc.assert(fc.property(fc.array(fc.array(line(60), {maxLength: 400}), {maxLength: 8}), fc.integer({min: 0, max: 100}), (batches, floor) => {
		const table = new PairTable(loadKernel(), 2);
		const ids = pairUp(table, batches, floor);
		// By brute force: a map from "source destination" to the first-seen index.
		const seen = new Map<string, number>();
		const expectedLines: number[] = [];
		const expectedIds = batches.flat().map(l => {
			const key = `${l.source} ${l.destination}`;
			if (!seen.has(key)) {
				seen.set(key, seen.size);
				expectedLines.push(0);
			}

			const id = seen.get(key)!;
			if (l.timestamp >= floor) {
				expectedLines[id]!++;
			}

			return id;
		});
		t.deepEqual(ids, expectedIds);
		t.is(table.count, seen.size);
		t.deepEqual([...table.lines()], expectedLines);
		t.deepEqual([...seen.keys()], [...table.sources(0)].map((source, id) => `${source} ${table.destinations(0)[id]}`));
	}), {numRuns: 200});
});

test('a pair\'s hosts are told apart by order: (a, b) is not (b, a)', t => {
	const table = new PairTable(loadKernel());
	const ids = table.pairUp(new Float64Array([5, 5, 5, 5]), new Uint32Array([1, 2, 1, 7]), new Uint32Array([2, 1, 2, 7]), 4, 0);
	t.deepEqual([...ids], [0, 1, 0, 2]);
	t.deepEqual([...table.lines()], [2, 1, 1]);
	t.deepEqual([...table.sources(1)], [2, 7]);
});
