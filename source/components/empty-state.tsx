import {Box, Text} from 'ink';
import {formatClockTime} from '../core/clock.js';
import type {EmptyReason} from '../core/dashboard-view.js';
import {displayText} from '../core/display-name.js';
import {formatDuration} from '../core/time.js';

export type EmptyStateProps = {
	readonly reason: EmptyReason;
	readonly width: number;
	readonly height: number;
};

/**
What the panes' place says when there is nothing to list, so the screen is never blank: waiting for a file, waiting for lines, a window with no line in it (with the newest time seen and the `--clock log` hint), or a read error.
*/
export function EmptyState({reason, width, height}: EmptyStateProps) {
	const lines = describe(reason);
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden" paddingX={width >= 60 ? 2 : 0} paddingY={height >= 8 ? 1 : 0}>
			{lines.map(({text, color, bold}, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="wrap" color={color} bold={bold} dimColor={color === undefined && !bold}>
					{text}
				</Text>
			))}
		</Box>
	);
}

type Line = {readonly text: string; readonly color?: string; readonly bold?: boolean};

function describe(reason: EmptyReason): Line[] {
	switch (reason.kind) {
		case 'starting': {
			return [{text: 'Reading…', bold: true}];
		}

		case 'waiting': {
			return [
				{text: `Waiting: ${displayText(reason.message)}`, color: 'yellow', bold: true},
				{text: 'The panes fill in as soon as lines arrive.'},
			];
		}

		case 'error': {
			return [
				{text: `Cannot read: ${displayText(reason.message)}`, color: 'red', bold: true},
				{text: 'The dashboard keeps trying at every refresh.'},
			];
		}

		case 'no-lines-yet': {
			return [
				{text: 'Waiting for a first line.', color: 'yellow', bold: true},
				{text: 'With --clock log, now is the newest line read.'},
			];
		}

		case 'empty-window': {
			const span = `${formatClockTime(reason.from)} to ${formatClockTime(reason.to)}`;
			const lines: Line[] = [{text: `No lines in the window (${span}).`, color: 'yellow', bold: true}];
			if (reason.newest === undefined) {
				lines.push({text: 'No line has been read yet.'});
			} else {
				const behind = reason.to - reason.newest;
				const age = behind > 0 ? ` (${formatDuration(roundDuration(behind))} before the window's end)` : '';
				lines.push({text: `Newest line seen: ${formatClockTime(reason.newest)}${age}.`});
				if (reason.clock === 'wall' && reason.newest < reason.from) {
					lines.push({text: 'Replaying an old file? Start with --clock log.', color: 'cyan'});
				}
			}

			lines.push({text: '+ widens the window.'});
			return lines;
		}
	}
}

/* Whole seconds past a minute, whole minutes past an hour: "2h13m" reads better than "2h13m7.25s". */
function roundDuration(milliseconds: number): number {
	const unit = milliseconds >= 3_600_000 ? 60_000 : 1000;
	return Math.max(unit, Math.round(milliseconds / unit) * unit);
}
