import {Box, Text} from 'ink';
import {sparkline} from '../core/sparkline.js';

export type SparklineLineProps = {
	/** Connections of the host at each refresh, oldest first. */
	readonly history: readonly number[];
	readonly width: number;
};

/**
One line: the host's connections (connected to it plus received from it) over the window at each recent refresh, as a sparkline, with the latest number.
*/
export function SparklineLine({history, width}: SparklineLineProps) {
	const last = history.at(-1);
	const label = 'connections per refresh ';
	const value = last === undefined ? '' : ` ${last}`;
	const barWidth = Math.max(0, width - label.length - value.length - 1);
	const showLabel = barWidth >= 8;
	const bars = sparkline(history, showLabel ? barWidth : Math.max(0, width - value.length - 1));
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate-end">
				{showLabel ? <Text dimColor>{label}</Text> : undefined}
				<Text color="cyan">{bars}</Text>
				<Text bold>{value}</Text>
			</Text>
		</Box>
	);
}

export type NoticeLineProps = {
	readonly text: string;
	readonly width: number;
};

/** One line of warning in the sparkline's place, such as a host not seen in the window. */
export function NoticeLine({text, width}: NoticeLineProps) {
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate-end" color="yellow">
				{text}
			</Text>
		</Box>
	);
}
