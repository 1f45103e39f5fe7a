/** Where now comes from (SPEC section 3): the wall clock, or the newest line read. */
export type ClockKind = 'wall' | 'log';

export type ClockInput = {
	readonly kind: ClockKind;
	/** `--now`, in ms: the wall clock's time at start-up. */
	readonly nowOption?: number;
	/** `Date.now()` when the program started. */
	readonly startedAt: number;
	/** `Date.now()` at the moment asked about. */
	readonly wallNow: number;
	/** Newest timestamp of the complete lines read so far, in ms. */
	readonly newestTimestamp?: number;
};

/**
Now, in ms. `wall`: the wall clock, started at `--now` when given (it then runs on from there). `log`: the newest timestamp read, and undefined until a first line is read.
*/
export function clockNow(input: ClockInput): number | undefined {
	if (input.kind === 'log') {
		return input.newestTimestamp;
	}

	if (input.nowOption === undefined) {
		return input.wallNow;
	}

	return input.nowOption + (input.wallNow - input.startedAt);
}
