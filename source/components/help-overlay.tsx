import {Box, Text} from 'ink';

/** The keys, as the help shows them (and the readme lists them). */
export const keyMap: ReadonlyArray<readonly [string, string]> = [
	['q  Ctrl-C', 'quit'],
	['space  p', 'pause / resume (reading goes on)'],
	['↑  ↓  j  k', 'select a row of the focused pane'],
	['PgUp  PgDn', 'a page up / down'],
	['Home  End', 'first / last row'],
	['Enter', 'watch the selected row\'s host'],
	['Backspace', 'back to the host watched before'],
	['Tab  S-Tab', 'next / previous pane'],
	['/', 'pick a host: prefix, then substring matches'],
	['←  →  [  ]', 'step hosts by activity'],
	['l', 'bars: linear / log scale'],
	['t', 'top by source / involved'],
	['+  -', 'double / halve the window'],
	['r', 'refresh now'],
];

export type HelpOverlayProps = {
	readonly width: number;
	readonly height: number;
};

/** The key map, in the panes' place; cut to the lines that fit. */
export function HelpOverlay({width, height}: HelpOverlayProps) {
	const keyWidth = Math.max(...keyMap.map(([keys]) => keys.length)) + 2;
	const rows = keyMap.slice(0, Math.max(0, height - 1));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text bold color="cyan" wrap="truncate-end">
				Keys <Text dimColor>(? or Esc closes this)</Text>
			</Text>
			{rows.map(([keys, what]) => (
				<Box key={keys} width={width} height={1}>
					<Box width={Math.min(keyWidth, Math.max(1, width - 1))} flexShrink={0}>
						<Text bold wrap="truncate-end">
							{keys}
						</Text>
					</Box>
					<Box flexShrink={1}>
						<Text wrap="truncate-end">{what}</Text>
					</Box>
				</Box>
			))}
		</Box>
	);
}
