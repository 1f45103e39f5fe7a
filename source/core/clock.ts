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

/**
A clock reading for the screen, to the second, in UTC like every time the dashboard prints: `2019-08-13 08:00:00Z` with the date, `08:00:00Z` without.
*/
export function formatClockTime(milliseconds: number, withDate = true): string {
	const iso = new Date(Math.floor(milliseconds / 1000) * 1000).toISOString();
	const time = `${iso.slice(11, 19)}Z`;
	return withDate ? `${iso.slice(0, 10)} ${time}` : time;
}
