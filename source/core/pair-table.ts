import {ScanKernel} from './scan-kernel.js';

/*
Pairs of host ids to pair ids, in the scanner kernel's memory, for a store that keeps a line as its pair: ids dense from 0 in order of first sight, and each pair's lines at or after a floor counted in the same look-up, so that a line of a long run costs one miss of the table rather than one for its id and one more for its count.
*/
export class PairTable {
	private readonly kernel: ScanKernel;

	constructor(module: WebAssembly.Module, expected = 1024) {
		this.kernel = new ScanKernel(module);
		this.kernel.exports.resetPairs(expected);
	}

	/** Pairs named so far: ids 0 to `count - 1`. */
	get count(): number {
		return this.kernel.exports.pairCount();
	}

	/**
	The pair id of each of the first `count` lines (host ids in `sources` and `destinations`), naming new pairs as they come; the lines at or after `floor` (ms) are counted to their pair.

	@returns The ids, a view valid until the next call.
	*/
	pairUp(timestamps: Float64Array, sources: Uint32Array, destinations: Uint32Array, count: number, floor: number): Uint32Array {
		const {exports} = this.kernel;
		const area = exports.pairInputArea(count);
		const {buffer} = exports.memory;
		new Float64Array(buffer, area, count).set(timestamps.subarray(0, count));
		new Uint32Array(buffer, area + (count * 8), count).set(sources.subarray(0, count));
		new Uint32Array(buffer, area + (count * 12), count).set(destinations.subarray(0, count));
		exports.pairUp(floor);
		// Taken after the call: a new pair may have grown the memory.
		return new Uint32Array(exports.memory.buffer, area + (count * 8), count);
	}

	/** Source host ids of pairs `from` to `count - 1`, a view valid until the next `pairUp`. */
	sources(from: number): Uint32Array {
		return this.view(this.kernel.exports.pairSourcesArea(), from);
	}

	destinations(from: number): Uint32Array {
		return this.view(this.kernel.exports.pairDestinationsArea(), from);
	}

	/** Per pair id, its lines counted so far (at or after the floor each `pairUp` was given), a view valid until the next `pairUp`. */
	lines(): Uint32Array {
		return this.view(this.kernel.exports.pairLinesArea(), 0);
	}

	private view(pointer: number, from: number): Uint32Array {
		return new Uint32Array(this.kernel.exports.memory.buffer, pointer + (from * 4), this.count - from);
	}
}
