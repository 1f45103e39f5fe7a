/**
What the scanner kernel (assembly/scanner.ts, built into dist/scanner.wasm) exports. Pointers are byte offsets in its memory; timestamps are ms as f64.
*/
export type KernelExports = {
	readonly memory: WebAssembly.Memory;
	inputArea(capacity: number): number;
	stopReason(): number;
	resetHosts(expected: number): void;
	hostCount(): number;
	hostName(id: number): number;
	hostNameLength(id: number): number;
	internHost(pointer: number, length: number): number;
	countsArea(): number;
	queryStart(pointer: number, length: number, from: number, to: number, tolerance: number, involved: number): void;
	queryScan(pointer: number, lastNewline: number): number;
	queryLine(timestamp: number, source: number, sourceLength: number, destination: number, destinationLength: number, lineStart: number): number;
	queryLines(): number;
	queryNewest(): number;
	queryOldest(): number;
	queryOldestAt(): number;
	queryDisorderAt(): number;
	queryDisorderBehind(): number;
	recordsArea(capacity: number): number;
	recordCount(): number;
	recordsNewestTimestamp(): number;
	recordsRestart(): void;
	recordsScan(pointer: number, lastNewline: number): number;
	recordsLine(timestamp: number, source: number, sourceLength: number, destination: number, destinationLength: number): number;
};

/** Why a kernel scan returned. */
export const stopReason = {
	/** The line at the returned position is not of the usual shape: the general path (LineCursor) reads it. */
	uncommon: 0,
	/** No complete line starts at the returned position. */
	end: 1,
	/** Query mode: a line newer than the window's end plus the tolerance; no later line can count. */
	done: 2,
	/** Records mode: the records area is full. */
	full: 3,
} as const;

/**
One instance of the scanner kernel and its memory. The memory grows when the kernel needs room (a bigger chunk, more hosts), which detaches every view of it: `bytes` gives a view that is taken again after a growth.
*/
export class ScanKernel {
	readonly exports: KernelExports;
	private view = new Uint8Array(0);

	constructor(module: WebAssembly.Module) {
		const instance = new WebAssembly.Instance(module, {
			env: {
				abort() {
					throw new Error('the scanner kernel ran out of memory');
				},
			},
		});
		this.exports = instance.exports as unknown as KernelExports;
	}

	/** The whole memory as bytes; indexes are the kernel's pointers. Take it again after any call that may grow the memory. */
	get bytes(): Uint8Array {
		const {buffer} = this.exports.memory;
		if (this.view.buffer !== buffer) {
			this.view = new Uint8Array(buffer);
		}

		return this.view;
	}

	/** The host's bytes, copied out of the kernel's memory. */
	hostBytes(id: number): Uint8Array {
		const start = this.exports.hostName(id);
		return this.bytes.slice(start, start + this.exports.hostNameLength(id));
	}
}

/**
A chunk area in the kernel's memory, for reading a file into it with no copy: `area(capacity)` gives a view of at least `capacity` bytes, the bytes already there kept (the unfinished line carried from the chunk before).
*/
export class KernelChunk {
	/** Pointer of the area's first byte in the kernel's memory. */
	base = 0;
	private capacity = 0;
	private readonly kernel: ScanKernel;

	constructor(kernel: ScanKernel) {
		this.kernel = kernel;
	}

	/** A view of the area, `capacity` bytes long. Valid until the next call into the kernel. */
	area(capacity: number): Uint8Array {
		if (capacity > this.capacity || this.base === 0) {
			this.base = this.kernel.exports.inputArea(capacity);
			this.capacity = capacity;
		}

		return this.kernel.bytes.subarray(this.base, this.base + capacity);
	}
}
