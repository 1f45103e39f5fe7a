import type {GeneratorHandle, GeneratorTimers} from '../../source/io/generator.js';

/**
A clock and timers that only move when the test says: the live generator runs a tick, then sleeps on `setTimeout`, and `tick()` wakes it once its sleep has begun.
*/
export class FakeTimers implements GeneratorTimers {
	time = Date.UTC(2024, 5, 1, 12);
	private pending: {callback: () => void} | undefined;
	private sleeping: (() => void) | undefined;

	now = () => this.time;

	setTimeout = (callback: () => void): unknown => {
		this.pending = {callback};
		this.sleeping?.();
		return this.pending;
	};

	clearTimeout = (handle: unknown): void => {
		if (handle === this.pending) {
			this.pending = undefined;
		}
	};

	/** Wait until the generator sleeps (its tick is written and flushed) or has ended. */
	async settled(generator: GeneratorHandle): Promise<void> {
		if (this.pending) {
			return;
		}

		await Promise.race([new Promise<void>(resolve => {
			this.sleeping = resolve;
		}), generator.done]);
	}

	/** Let `milliseconds` pass and run the next tick to its end. */
	async advance(generator: GeneratorHandle, milliseconds: number): Promise<void> {
		await this.settled(generator);
		const pending = this.pending;
		this.pending = undefined;
		this.time += milliseconds;
		pending?.callback();
		await this.settled(generator);
	}
}
