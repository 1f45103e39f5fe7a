/*
How a pane's row shows its magnitude (SPEC section 4): a bar proportional to its count, against the pane's largest count, on a linear or a logarithmic scale, and the row's share of the pane's total. Pure, so the numbers can be checked by hand.
*/

/** How counts map to bar lengths: in proportion, or by their logarithm (so that a long tail stays visible next to a giant). */
export type BarScale = 'linear' | 'log';

/** A bar is drawn in eighths of a cell, as htop and most terminal meters do. */
const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** The widest bar worth drawing: past this, longer bars add no reading and take the names' room. */
export const maxBarWidth = 20;

/** Below this a bar cannot tell rows apart: it is left out. */
export const minBarWidth = 3;

/** Room a share takes: up to `100%`, and a space before what follows. */
export const shareWidth = 5;

/**
How much of a full bar a count fills, from 0 to 1. Linear: `count / max`. Log: `log(1 + count) / log(1 + max)`, so a count of 1 is not lost next to a million, and a count of zero is still no bar.
*/
export function barFraction(count: number, max: number, scale: BarScale): number {
	if (!(count > 0) || !(max > 0)) {
		return 0;
	}

	const fraction = scale === 'linear' ? count / max : Math.log1p(count) / Math.log1p(max);
	return Math.min(1, fraction);
}

/**
The bar of a count, exactly `width` cells (padded with spaces), in eighths of a cell. Any count above zero shows at least an eighth, so no row with connections looks empty.
*/
export function barText(count: number, max: number, width: number, scale: BarScale): string {
	const cells = Math.max(0, Math.floor(width));
	if (cells === 0) {
		return '';
	}

	const fraction = barFraction(count, max, scale);
	const units = fraction === 0 ? 0 : Math.max(1, Math.round(fraction * cells * 8));
	const full = Math.floor(units / 8);
	const bar = '█'.repeat(full) + eighths[units % 8]!;
	return bar + ' '.repeat(cells - [...bar].length);
}

/**
A count's share of its pane's total, in whole percent: `57%`. Never `0%` for a count above zero (`<1%`), and `100%` only for the whole total, so rounding never claims a row is all or nothing when it is not.
*/
export function shareText(count: number, total: number): string {
	if (!(total > 0)) {
		return '';
	}

	if (count >= total) {
		return '100%';
	}

	if (!(count > 0)) {
		return '0%';
	}

	const percent = Math.round((100 * count) / total);
	if (percent < 1) {
		return '<1%';
	}

	return `${Math.min(99, percent)}%`;
}

/** What a row has room for beside its count and name. */
export type RowColumns = {
	readonly share: boolean;
	/** Cells of the bar; 0 for none. */
	readonly barWidth: number;
};

/**
Share and bar for a row of `width` cells, after `fixed` cells (the mark, the count and the spaces around the name) and a name of `nameWidth` cells: the name keeps its room first, then the share takes its 5 cells, then the bar what is left (from 3 to 20 cells, and a space after it). So on a narrow pane the bar goes first, then the share, and only then is the name cut.
*/
export function rowColumns(width: number, fixed: number, nameWidth: number): RowColumns {
	let room = Math.floor(width) - fixed - nameWidth;
	if (room < shareWidth) {
		return {share: false, barWidth: 0};
	}

	room -= shareWidth;
	const barWidth = Math.min(maxBarWidth, room - 1);
	return {share: true, barWidth: barWidth >= minBarWidth ? barWidth : 0};
}
