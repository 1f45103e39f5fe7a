import type {PaneId} from './dashboard-state.js';

/** Terminal width from which the three panes stand side by side. */
export const sideBySideColumns = 84;

/** Below this many body lines, stacked panes that are not focused shrink to their title line. */
const stackedMinBody = 12;

/** Where one pane goes and how much of it holds rows. */
export type PaneBox = {
	readonly width: number;
	readonly height: number;
	/** Lines for rows (and the "+N more" line), after the border, title and totals. */
	readonly listRows: number;
	readonly bordered: boolean;
	/** Only the title line is shown. */
	readonly collapsed: boolean;
};

/** The whole screen, in terminal cells; every line fits in `columns`. */
export type DashboardLayout = {
	readonly columns: number;
	/** Lines drawn: one less than the terminal, so Ink never clears the screen to redraw. */
	readonly height: number;
	readonly direction: 'row' | 'column';
	/** The sparkline (or notice) line under the header. */
	readonly sparkline: boolean;
	readonly bodyHeight: number;
	readonly panes: Readonly<Record<PaneId, PaneBox>>;
};

/**
Lay the dashboard out for a terminal of `columns` x `rows`: a header line, an optional sparkline line, the panes (side by side when wide, stacked when narrow, the unfocused ones collapsed to a title line when short), and a status line.
*/
export function computeLayout(columns: number, rows: number, focus: PaneId, wants?: Readonly<Record<PaneId, number>>): DashboardLayout {
	const width = Math.max(1, Math.floor(columns));
	const height = Math.max(2, Math.floor(rows) - 1);
	const sparkline = height >= 10;
	const bodyHeight = Math.max(1, height - 2 - (sparkline ? 1 : 0));
	if (width >= sideBySideColumns && bodyHeight >= 4) {
		const base = Math.floor(width / 3);
		const extra = width - (base * 3);
		const box = (index: number): PaneBox => ({
			width: base + (index >= 3 - extra ? 1 : 0),
			height: bodyHeight,
			listRows: Math.max(0, bodyHeight - 4),
			bordered: true,
			collapsed: false,
		});
		return {columns: width, height, direction: 'row', sparkline, bodyHeight, panes: {connectedTo: box(0), receivedFrom: box(1), top: box(2)}};
	}

	const heights = stackedHeights(bodyHeight, focus, wants);
	const box = (id: PaneId): PaneBox => {
		const paneHeight = heights[id];
		return {width, height: paneHeight, listRows: Math.max(0, paneHeight - 1), bordered: false, collapsed: paneHeight <= 1};
	};

	return {columns: width, height, direction: 'column', sparkline, bodyHeight, panes: {connectedTo: box('connectedTo'), receivedFrom: box('receivedFrom'), top: box('top')}};
}

/*
Tall enough: a third each, so the panes stay put as counts change. Short: the focused pane first gets the lines it wants (title and rows), then the others in tab order, each keeping at least its title line.
*/
function stackedHeights(body: number, focus: PaneId, wants?: Readonly<Record<PaneId, number>>): Record<PaneId, number> {
	if (body >= stackedMinBody) {
		const base = Math.floor(body / 3);
		const heights = {connectedTo: base, receivedFrom: base, top: base};
		heights[focus] += body - (base * 3);
		return heights;
	}

	const heights = {connectedTo: 1, receivedFrom: 1, top: 1};
	let spare = Math.max(0, body - 3);
	const order: PaneId[] = [focus, ...(['connectedTo', 'receivedFrom', 'top'] as const).filter(id => id !== focus)];
	for (const id of order) {
		const want = Math.max(1, wants?.[id] ?? body);
		const extra = Math.min(spare, want - 1);
		heights[id] += extra;
		spare -= extra;
	}

	heights[focus] += spare;
	return heights;
}

/** Which rows of a list a pane shows. */
export type PaneSlice = {
	/** Index of the first row shown. */
	readonly start: number;
	/** Rows shown. */
	readonly count: number;
	/** Hosts after the last row shown, including those the report left out. */
	readonly more: number;
	/** Rows scrolled past. */
	readonly above: number;
	/** The largest useful scroll offset. */
	readonly maxScroll: number;
	/** Whether the last line says "+N more". */
	readonly moreLine: boolean;
};

/**
The rows a pane of `capacity` lines shows of a list of `rowCount` rows (of `totalHosts` hosts in all) scrolled by `scroll`: as many as fit, the last line kept for "+N more" when not all fit.
*/
export function paneSlice(rowCount: number, totalHosts: number, capacity: number, scroll: number): PaneSlice {
	const total = Math.max(totalHosts, rowCount);
	const fitsAll = rowCount <= capacity && total === rowCount;
	if (fitsAll || capacity <= 0) {
		return {start: 0, count: Math.min(rowCount, Math.max(0, capacity)), more: capacity <= 0 ? total : 0, above: 0, maxScroll: 0, moreLine: false};
	}

	// One line: a row says more than "+N more" (the title line has the totals).
	if (capacity === 1) {
		const start = Math.min(Math.max(0, scroll), Math.max(0, rowCount - 1));
		const count = Math.min(1, rowCount);
		return {start, count, more: total - start - count, above: start, maxScroll: Math.max(0, rowCount - 1), moreLine: false};
	}

	const shown = capacity - 1;
	const maxScroll = Math.max(0, rowCount - shown);
	const start = Math.min(Math.max(0, scroll), maxScroll);
	const count = Math.min(shown, rowCount - start);
	return {start, count, more: total - start - count, above: start, maxScroll, moreLine: true};
}

/**
The first row to show so that row `index` is among the `visible` rows shown of a list of `rowCount`: `scroll` if it already is, else the least move that brings it in (as a list view scrolls with its cursor). Never past the last screenful.
*/
export function scrollToShow(scroll: number, index: number, visible: number, rowCount: number): number {
	const shown = Math.max(1, visible);
	const max = Math.max(0, rowCount - shown);
	const kept = Math.min(Math.max(scroll, index - shown + 1), index);
	return Math.min(max, Math.max(0, kept));
}
