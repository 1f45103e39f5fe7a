import {Box, Text} from 'ink';
import {type ClockKind, formatClockTime} from '../core/clock.js';
import {displayText} from '../core/display-name.js';
import {formatDuration} from '../core/time.js';

export type HeaderProps = {
	/** The host as read (displayed escaped); undefined until the first report names the top host. */
	readonly host?: string;
	readonly window: number;
	readonly every: number;
	readonly paused: boolean;
	readonly clock: ClockKind;
	/** Now by the clock; undefined while `--clock log` waits for a first line. */
	readonly now?: number;
	/** What is followed: files or a directory, already made safe for the terminal. */
	readonly source: string;
	readonly width: number;
};

/**
One line: host, LIVE or PAUSED, window, refresh period, clock and source, most important first so a narrow terminal cuts the least useful; `? help` on the right when there is room.
*/
export function Header({host, window, every, paused, clock, now, source, width}: HeaderProps) {
	const hostText = host === undefined ? 'top host…' : displayText(host);
	const wide = width >= 100;
	const time = now === undefined ? 'waiting' : formatClockTime(now, wide);
	const plain = `${hostText} │ ${paused ? 'PAUSED' : 'LIVE'} │ window ${formatDuration(window)} │ every ${formatDuration(every)} │ ${clock} ${time} │ ${source}`;
	const help = width - [...plain].length >= 10;
	const separator = <Text dimColor> │ </Text>;
	return (
		<Box width={width} height={1} justifyContent="space-between">
			<Box flexShrink={1}>
				<Text wrap="truncate-end">
					<Text bold color={host === undefined ? 'gray' : 'cyan'}>{hostText}</Text>
					{separator}
					{paused ? <Text bold color="black" backgroundColor="yellow"> PAUSED </Text> : <Text bold color="green">LIVE</Text>}
					{separator}
					<Text dimColor>window </Text>
					<Text bold>{formatDuration(window)}</Text>
					{separator}
					<Text dimColor>every </Text>
					<Text>{formatDuration(every)}</Text>
					{separator}
					<Text dimColor>{clock} </Text>
					<Text>{time}</Text>
					{separator}
					<Text>{source}</Text>
				</Text>
			</Box>
			{help ? (
				<Box flexShrink={0}>
					<Text dimColor>? help</Text>
				</Box>
			) : undefined}
		</Box>
	);
}
