import {memo} from 'react';
import {Box, Text} from 'ink';
import {paneSlice} from '../core/dashboard-layout.js';
import {type BarScale, barText, rowColumns, shareText, shareWidth} from '../core/magnitude.js';
import type {ListTotals, ReportRow} from '../core/report.js';

export type HostPaneProps = {
	/** Already made safe for the terminal. */
	readonly title: string;
	readonly rows: readonly ReportRow[];
	readonly totals: ListTotals;
	/** The totals in words, on a line of their own in a bordered pane. */
	readonly summary: string;
	/** The totals in a few characters, beside the title in a pane without border. */
	readonly shortSummary: string;
	readonly width: number;
	readonly height: number;
	/** First row shown (already moved to show the selected row). */
	readonly scroll: number;
	/** Index of the selected row, drawn as selected; -1 or absent for none. */
	readonly selected?: number;
	readonly scale: BarScale;
	readonly focused: boolean;
	readonly bordered: boolean;
	/** Rows with this count are marked `*`: in a ranking, the leaders are the rows tied at the first row's count. */
	readonly markCount?: number;
	/** Shown instead of rows when the list is empty. */
	readonly emptyText?: string;
};

/**
A titled list of hosts and counts: the total in the title, as many rows as fit `height` from `scroll` on, then "+N more". Each row has its count, its share of the pane's total and a bar against the largest count, then the name; on a narrow pane the bar and then the share give way before the name is cut. Only the visible rows are drawn, so a list of a million hosts costs what ten do.

Not `@alcalzone/ink-table`'s `Table`: it draws a separator line between every two rows and its columns as wide as the longest name, with no height, width or highlight control, so it cannot fit a pane.
*/
export const HostPane = memo(function HostPane({title, rows, totals, summary, shortSummary, width, height, scroll, selected = -1, scale, focused, bordered, markCount, emptyText = '(none)'}: HostPaneProps) {
	// A bordered pane pads only its right side: its left padding cell is the rows' gutter, where the selected row is marked `›` (visible without colours too).
	const innerWidth = Math.max(1, width - (bordered ? 3 : 0));
	const capacity = Math.max(0, height - (bordered ? 4 : 1));
	const slice = paneSlice(rows.length, totals.hosts, capacity, scroll);
	const visible = rows.slice(slice.start, slice.start + slice.count);
	const largest = rows[0]?.count ?? 0;
	const countWidth = Math.max(1, String(largest).length, ...visible.map(row => String(row.count).length));
	const indent = bordered ? ' ' : '  ';
	const markWidth = markCount === undefined ? 0 : 2;
	const nameWidth = Math.max(0, ...visible.map(row => [...row.label].length));
	const fixed = indent.length + markWidth + countWidth + 2;
	const columns = rowColumns(innerWidth, fixed, nameWidth);
	const more = [slice.more > 0 ? `+${slice.more} more` : '', slice.above > 0 ? `${slice.above} above` : ''].filter(Boolean).join(', ');

	const titleLine = bordered ? (
		<>
			<Text wrap="truncate-end" bold color={focused ? 'cyan' : undefined}>
				{focused ? ' ▸ ' : ' '}
				{title}
			</Text>
			<Text wrap="truncate-end" dimColor>
				{' '}
				{summary}
			</Text>
		</>
	) : (
		<Box width={innerWidth} height={1} justifyContent="space-between">
			<Box flexShrink={1}>
				<Text wrap="truncate-end" bold color={focused ? 'cyan' : undefined}>
					{focused ? '▸ ' : '  '}
					{title}
				</Text>
			</Box>
			<Box flexShrink={0} marginLeft={1}>
				<Text dimColor={!focused} color={focused ? 'cyan' : undefined}>{shortSummary}</Text>
			</Box>
		</Box>
	);

	const body = (
		<>
			{titleLine}
			{capacity > 0 && rows.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{indent}
					{emptyText}
				</Text>
			) : undefined}
			{visible.map((row, index) => {
				const isSelected = slice.start + index === selected;
				const used = fixed + (columns.share ? shareWidth : 0) + (columns.barWidth > 0 ? columns.barWidth + 1 : 0) + [...row.label].length;
				return (
					// One text node a row, not a box of columns: a refresh then lays out a few nodes a row instead of seven.
					<Text key={`${slice.start + index}`} wrap="truncate-end" inverse={isSelected} bold={isSelected}>
						{isSelected ? '›' + indent.slice(1) : indent}
						{markCount === undefined ? undefined : <Text color="yellow">{row.count === markCount ? '* ' : '  '}</Text>}
						{String(row.count).padStart(countWidth)}
						{'  '}
						{columns.share ? <Text dimColor={!isSelected}>{shareText(row.count, totals.count).padStart(shareWidth - 1)} </Text> : undefined}
						{columns.barWidth > 0 ? <Text color={isSelected ? undefined : 'cyan'}>{barText(row.count, largest, columns.barWidth, scale)} </Text> : undefined}
						{row.label}
						{/* The selection's highlight spans the pane. */}
						{isSelected && used < innerWidth ? ' '.repeat(innerWidth - used) : undefined}
					</Text>
				);
			})}
			{slice.moreLine && capacity > 0 ? (
				<Text dimColor wrap="truncate-end">
					{indent}
					{more}
				</Text>
			) : undefined}
		</>
	);

	if (!bordered) {
		return (
			<Box flexDirection="column" width={width} height={height} overflowY="hidden">
				{body}
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden" borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} paddingRight={1}>
			{body}
		</Box>
	);
});
