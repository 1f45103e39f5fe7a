const bars = '▁▂▃▄▅▆▇█';

/**
Draw the last `width` values as a sparkline of `▁▂▃▄▅▆▇█`, newest on the right, scaled to the highest value shown.

Zero is a space, so a quiet refresh looks different from a slow one; fewer values than `width` are padded with spaces on the left, so the line always has `width` characters.
*/
export function sparkline(values: readonly number[], width: number): string {
	const size = Math.max(0, Math.floor(width));
	if (size === 0) {
		return '';
	}

	const shown = values.slice(-size);
	let max = 0;
	for (const value of shown) {
		if (Number.isFinite(value) && value > max) {
			max = value;
		}
	}

	let out = ' '.repeat(size - shown.length);
	for (const value of shown) {
		if (!Number.isFinite(value) || value <= 0 || max === 0) {
			out += ' ';
			continue;
		}

		const level = Math.min(bars.length - 1, Math.max(0, Math.ceil((value / max) * bars.length) - 1));
		out += bars[level]!;
	}

	return out;
}
