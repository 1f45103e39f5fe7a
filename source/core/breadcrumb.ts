/*
The way taken from host to host, as the header shows it: `Hannibal › Tiaya › Pyrtly`, the host watched now last. Pure, on names already made safe for the terminal.
*/

export const trailSeparator = ' › ';

/** What stands for the steps cut from the left. */
export const trailEllipsis = '…';

/** The trail to draw: the steps kept (oldest first, the current host last), and whether older ones were cut. */
export type Breadcrumb = {
	readonly cut: boolean;
	readonly steps: readonly string[];
};

/**
Cut a trail from the left to fit `width` cells: the current host (the last step) always stays, whole; older steps are kept from the newest back while they fit, with `… › ` in front when any was cut.
*/
export function cutTrail(steps: readonly string[], width: number): Breadcrumb {
	if (steps.length <= 1) {
		return {cut: false, steps};
	}

	const cells = (text: string) => [...text].length;
	const last = steps.at(-1)!;
	if (cells(steps.join(trailSeparator)) <= width) {
		return {cut: false, steps};
	}

	const lead = cells(trailEllipsis + trailSeparator);
	let used = lead + cells(last);
	let first = steps.length - 1;
	while (first > 0) {
		const step = cells(steps[first - 1]!) + cells(trailSeparator);
		if (used + step > width) {
			break;
		}

		used += step;
		first--;
	}

	return {cut: first > 0, steps: steps.slice(first)};
}
