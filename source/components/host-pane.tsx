import {memo} from 'react';
import {Box, Text} from 'ink';
import {paneSlice} from '../core/dashboard-layout.js';
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
	readonly scroll: number;
	readonly focused: boolean;
	readonly bordered: boolean;
	/** Rows with this count are marked `*`: in a ranking, the leaders are the rows tied at the first row's count. */
	readonly markCount?: number;
	/** Shown instead of rows when the list is empty. */
	readonly emptyText?: string;
};

/**
A titled list of hosts and counts: the total in the title, as many rows as fit `height` from `scroll` on, then "+N more". Only the visible rows are drawn, so a list of a million hosts costs what ten do; names are cut to the pane's width.

Not `@alcalzone/ink-table`'s `Table`: it draws a separator line between every two rows and its columns as wide as the longest name, with no height, width or highlight control, so it cannot fit a pane.
*/
export const HostPane = memo(function HostPane({title, rows, totals, summary, shortSummary, width, height, scroll, focused, bordered, markCount, emptyText = '(none)'}: HostPaneProps) {
	const innerWidth = Math.max(1, width - (bordered ? 4 : 0));
	const capacity = Math.max(0, height - (bordered ? 4 : 1));
	const slice = paneSlice(rows.length, totals.hosts, capacity, scroll);
	const visible = rows.slice(slice.start, slice.start + slice.count);
	const countWidth = Math.max(1, String(rows[0]?.count ?? 0).length, ...visible.map(row => String(row.count).length));
	const indent = bordered ? '' : '  ';
	const more = [slice.more > 0 ? `+${slice.more} more` : '', slice.above > 0 ? `${slice.above} above` : ''].filter(Boolean).join(', ');

	const titleLine = bordered ? (
		<>
			<Text wrap="truncate-end" bold color={focused ? 'cyan' : undefined}>
				{focused ? '▸ ' : ''}
				{title}
			</Text>
			<Text wrap="truncate-end" dimColor>
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
			{visible.map((row, index) => (
				// One text node a row, not a box of columns: a refresh then lays out a few nodes a row instead of seven.
				<Text key={`${slice.start + index}`} wrap="truncate-end">
					{indent}
					{markCount === undefined ? undefined : <Text bold color="yellow">{row.count === markCount ? '* ' : '  '}</Text>}
					{String(row.count).padStart(countWidth)}
					{'  '}
					{row.label}
				</Text>
			))}
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
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{body}
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} paddingX={1}>
			{body}
		</Box>
	);
});
