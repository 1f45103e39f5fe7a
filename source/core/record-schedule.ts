import {ConnectionModel} from './connection-model.js';
import {createFormatRecords, type FormatRecords, type RecordFormat} from './format-records.js';
import type {Random} from './traffic-model.js';

/** Hand over one line (without newline); `connection` tells a record the dashboard counts from one it skips. */
export type WriteRecord = (text: string, connection: boolean) => void;

type Held = {
	readonly at: number;
	/** Order of arrival, so that records due at the same time keep it. */
	readonly order: number;
	readonly text: (written: number) => string;
	readonly connection: boolean;
};

/**
The generator's side of a sensor's log: connections go in as the traffic model draws them, in time order; their records come out when the format writes them (`format-records.ts`), so later than their timestamps, as a real Zeek, VPC or Suricata log has them. No I/O: the generator writes what `release` hands over.
*/
export class RecordSchedule {
	private readonly model: ConnectionModel;
	private readonly records: FormatRecords;
	/** A binary heap by write time, then order of arrival. */
	private readonly heap: Held[] = [];
	private order = 0;
	private readonly push = (at: number, text: (written: number) => string, connection: boolean): void => {
		this.insert({at, order: this.order++, text, connection});
	};

	/**
	@param hosts The names the traffic model's indices stand for.
	@param random For the connections' details, apart from the traffic model's own draws: the same seed gives the same pairs in every format.
	*/
	constructor(format: RecordFormat, hosts: readonly string[], random: Random) {
		this.model = new ConnectionModel(hosts.length, random);
		this.records = createFormatRecords(format, hosts, random);
	}

	/** Lines that open each file (with their newlines), given the time of its first record. */
	header(time: number): string | undefined {
		return this.records.header?.(time);
	}

	/** Lines that close each file. */
	footer(time: number): string | undefined {
		return this.records.footer?.(time);
	}

	/** Records held, not yet written. */
	get held(): number {
		return this.heap.length;
	}

	/** A connection from `source` to `destination` (host indices) whose first packet is at `time` (ms, never decreasing from call to call). */
	add(time: number, source: number, destination: number): void {
		this.records.records(this.model.draw(time, source, destination), this.push);
	}

	/** Write the records due by `now` (ms), in the order the sensor writes them. */
	release(now: number, write: WriteRecord): void {
		const heap = this.heap;
		while (heap.length > 0 && heap[0]!.at <= now) {
			const next = this.take();
			write(next.text(next.at), next.connection);
		}
	}

	/** Write every record held, as a sensor does when it stops at `now`: the connections not over yet as they stand then. */
	releaseAll(now: number, write: WriteRecord): void {
		this.release(now, write);
		while (this.heap.length > 0) {
			const next = this.take();
			write(next.text(now), next.connection);
		}
	}

	private insert(item: Held): void {
		const heap = this.heap;
		let index = heap.push(item) - 1;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (!before(item, heap[parent]!)) {
				break;
			}

			heap[index] = heap[parent]!;
			index = parent;
		}

		heap[index] = item;
	}

	private take(): Held {
		const heap = this.heap;
		const top = heap[0]!;
		const last = heap.pop()!;
		if (heap.length > 0) {
			let index = 0;
			for (;;) {
				const left = (2 * index) + 1;
				if (left >= heap.length) {
					break;
				}

				const right = left + 1;
				const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
				if (!before(heap[child]!, last)) {
					break;
				}

				heap[index] = heap[child]!;
				index = child;
			}

			heap[index] = last;
		}

		return top;
	}
}

function before(a: Held, b: Held): boolean {
	return a.at < b.at || (a.at === b.at && a.order < b.order);
}
