import {Box, Text} from 'ink';
import {cutTrail, trailEllipsis, trailSeparator} from '../core/breadcrumb.js';
import {type ClockKind, formatClockTime} from '../core/clock.js';
import {displayText} from '../core/display-name.js';
import type {BarScale} from '../core/magnitude.js';
import {formatDuration} from '../core/time.js';

export type HeaderProps = {
	/** The host as read (displayed escaped); undefined until the first report names the top host. */
	readonly host?: string;
	/** Hosts watched before it, oldest first, as read: the way taken, shown before the host. */
	readonly trail?: readonly string[];
	/** The window of the numbers on screen. */
	readonly window: number;
	/** A window asked for whose numbers are still being read (a wider one reads its older lines first): shown after an arrow, so that the header never names a window the panes do not count. */
	readonly pendingWindow?: number;
	readonly every: number;
	readonly paused: boolean;
	readonly clock: ClockKind;
	/** Now by the clock: the end of the window on screen; undefined while `--clock log` waits for a first line. */
	readonly now?: number;
	/** What is followed: files or a directory, already made safe for the terminal. */
	readonly source: string;
	/** Said only when it is `log`: linear bars need no word. */
	readonly scale?: BarScale;
	readonly width: number;
};

/**
One line: the way taken to the host (`Hannibal › Tiaya › Pyrtly`, cut from the left when long), LIVE or PAUSED, window, refresh period, clock and source, most important first so a narrow terminal cuts the least useful; `? help` on the right when there is room.
*/
export function Header({host, trail = [], window, pendingWindow, every, paused, clock, now, source, scale = 'linear', width}: HeaderProps) {
	const hostText = host === undefined ? 'top host…' : displayText(host);
	const way = cutTrail([...trail.map(step => displayText(step)), hostText], Math.max(Math.floor(width / 2), width - 60));
	const before = way.steps.slice(0, -1);
	const wayText = (way.cut ? trailEllipsis + trailSeparator : '') + before.map(step => step + trailSeparator).join('');
	const wide = width >= 100;
	const time = now === undefined ? 'waiting' : formatClockTime(now, wide);
	const scaleText = scale === 'log' ? ' │ log scale' : '';
	const pending = pendingWindow === undefined || pendingWindow === window ? '' : ` → ${formatDuration(pendingWindow)}…`;
	const plain = `${wayText}${hostText} │ ${paused ? 'PAUSED' : 'LIVE'}${scaleText} │ window ${formatDuration(window)}${pending} │ every ${formatDuration(every)} │ ${clock} ${time} │ ${source}`;
	const help = width - [...plain].length >= 10;
	const separator = <Text dimColor> │ </Text>;
	return (
		<Box width={width} height={1} justifyContent="space-between">
			<Box flexShrink={1}>
				<Text wrap="truncate-end">
					{wayText === '' ? undefined : <Text dimColor>{wayText}</Text>}
					<Text bold color={host === undefined ? 'gray' : 'cyan'}>{hostText}</Text>
					{separator}
					{paused ? <Text bold color="black" backgroundColor="yellow"> PAUSED </Text> : <Text bold color="green">LIVE</Text>}
					{scale === 'log' ? (
						<>
							{separator}
							<Text color="cyan">log scale</Text>
						</>
					) : undefined}
					{separator}
					<Text dimColor>window </Text>
					<Text bold>{formatDuration(window)}</Text>
					{pending === '' ? undefined : <Text color="yellow">{pending}</Text>}
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
