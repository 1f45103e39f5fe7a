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
	/** The wall clock now, for the countdown. */
	readonly wallNow: number;
	readonly paused: boolean;
	readonly width: number;
};

/** Below this width the status line uses its short words. */
const compactBelow = 80;

/**
One line: the reader's state when it is not simply reading, then last refresh, seconds to the next, lines read, malformed lines, how long the refresh took and the file being read. Shorter words on a narrow terminal.
*/
export function StatusLine({status, lastRefresh, reportAt, wallNow, paused, width}: StatusLineProps) {
	const compact = width < compactBelow;
	const parts: string[] = [];
	if (lastRefresh) {
		const at = formatClockTime(reportAt ?? lastRefresh.at, false);
		parts.push(compact ? at : `updated ${at}`);
		if (lastRefresh.nextAt !== undefined) {
			const seconds = Math.max(0, Math.ceil((lastRefresh.nextAt - wallNow) / 1000));
			if (paused) {
				parts.push(compact ? `paused, read in ${seconds}s` : `view paused, reading on (next read in ${seconds}s)`);
			} else {
				parts.push(compact ? `next ${seconds}s` : `next in ${seconds}s`);
			}
		}
	} else {
		parts.push('starting');
	}

	if (status) {
		parts.push(compact ? `${status.linesRead} lines` : `${status.linesRead} ${status.linesRead === 1 ? 'line' : 'lines'} read`);
		parts.push(compact ? `${status.malformed} bad` : `${status.malformed} malformed`);
	}

	if (lastRefresh) {
		const took = formatDuration(Math.round(lastRefresh.duration));
		parts.push(compact ? took : `took ${took}`);
	}

	if (status?.currentFile !== undefined) {
		// Native is what most files are; other formats are worth naming.
		const format = status.currentFormat === undefined || status.currentFormat === 'native' ? '' : ` (${formatLabels[status.currentFormat]})`;
		parts.push(displayText(status.currentFile) + format);
	}

	const state = status?.state;
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate-end">
				{state?.kind === 'error' ? <Text bold color="red">error: {displayText(state.message)} · </Text> : undefined}
				{state?.kind === 'waiting' ? <Text color="yellow">waiting: {displayText(state.message)} · </Text> : undefined}
				<Text dimColor>{parts.join(' · ')}</Text>
			</Text>
		</Box>
	);
}
