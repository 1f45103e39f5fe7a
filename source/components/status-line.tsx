import {Box, Text} from 'ink';
import {formatClockTime} from '../core/clock.js';
import {formatLabels} from '../core/formats/log-format.js';
import type {RefreshInfo} from '../core/dashboard-state.js';
import {displayText} from '../core/display-name.js';
import {formatDuration} from '../core/time.js';
import type {ReaderStatus} from '../io/live-reader-contract.js';

export type StatusLineProps = {
	readonly status?: ReaderStatus;
	readonly lastRefresh?: RefreshInfo;
	/** When the report on screen was made. */
	readonly reportAt?: number;
	readonly paused: boolean;
	readonly width: number;
};

/** Below this width the status line uses its short words. */
const compactBelow = 80;

/**
One line: the reader's state when it is not simply reading, then last refresh, when the next is due, lines read, malformed lines, lines that came late (so the numbers of earlier refreshes moved), how long the refresh took and the file being read. Shorter words on a narrow terminal.

The next refresh is a time of day, not a countdown: a countdown would redraw the whole screen every second for one digit, which is most of what an idle dashboard costs.
*/
export function StatusLine({status, lastRefresh, reportAt, paused, width}: StatusLineProps) {
	const compact = width < compactBelow;
	const parts: string[] = [];
	if (lastRefresh) {
		const at = formatClockTime(reportAt ?? lastRefresh.at, false);
		parts.push(compact ? at : `updated ${at}`);
		if (lastRefresh.nextAt !== undefined) {
			const next = formatClockTime(lastRefresh.nextAt, false);
			if (paused) {
				parts.push(compact ? `paused, read ${next}` : `view paused, reading on (next read ${next})`);
			} else {
				parts.push(`next ${next}`);
			}
		}
	} else {
		parts.push('starting');
	}

	if (status) {
		parts.push(compact ? `${status.linesRead} lines` : `${status.linesRead} ${status.linesRead === 1 ? 'line' : 'lines'} read`);
		parts.push(compact ? `${status.malformed} bad` : `${status.malformed} malformed`);
	}

	const late = status?.late ?? 0;
	const rest: string[] = [];
	if (lastRefresh) {
		const took = formatDuration(Math.round(lastRefresh.duration));
		rest.push(compact ? took : `took ${took}`);
	}

	if (status?.currentFile !== undefined) {
		// Native is what most files are; other formats are worth naming.
		const format = status.currentFormat === undefined || status.currentFormat === 'native' ? '' : ` (${formatLabels[status.currentFormat]})`;
		rest.push(displayText(status.currentFile) + format);
	}

	const state = status?.state;
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate-end">
				{state?.kind === 'error' ? <Text bold color="red">error: {displayText(state.message)} · </Text> : undefined}
				{state?.kind === 'waiting' ? <Text color="yellow">waiting: {displayText(state.message)} · </Text> : undefined}
				<Text dimColor>{parts.join(' · ')}</Text>
				{late > 0 ? <Text color="yellow"> · {compact ? `${late} late` : `${late} late ${late === 1 ? 'line' : 'lines'}`}</Text> : undefined}
				{rest.length > 0 ? <Text dimColor> · {rest.join(' · ')}</Text> : undefined}
			</Text>
		</Box>
	);
}
