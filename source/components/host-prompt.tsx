import {Box, Text} from 'ink';
import {displayText} from '../core/display-name.js';

export type HostPromptProps = {
	/** What the prompt line holds: the typed text or the picked completion. */
	readonly value: string;
	/** Matching hosts, busiest first. */
	readonly candidates: readonly string[];
	/** Index of the picked candidate, -1 for none. */
	readonly selected: number;
	readonly width: number;
	readonly height: number;
};

/**
The `/` prompt: the host typed so far, a hint line, then the matching hosts around the one Tab picked.
*/
export function HostPrompt({value, candidates, selected, width, height}: HostPromptProps) {
	const listRows = Math.max(0, height - 2);
	const shown = Math.min(candidates.length, listRows > 0 && candidates.length > listRows ? listRows - 1 : listRows);
	const start = selected < shown ? 0 : Math.min(selected - shown + 1, Math.max(0, candidates.length - shown));
	const visible = candidates.slice(start, start + shown);
	const rest = candidates.length - start - visible.length;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Box width={width} height={1}>
				<Text wrap="truncate-start">
					<Text bold color="cyan">Host: </Text>
					<Text>{displayText(value)}</Text>
					<Text inverse> </Text>
				</Text>
			</Box>
			{height > 1 ? (
				<Text dimColor wrap="truncate-end">
					{candidates.length === 0 ? 'no host seen matches; Enter watches it anyway · Esc cancel' : 'Tab/↓ next · ↑ back · Enter switch · Esc cancel'}
				</Text>
			) : undefined}
			{visible.map((host, index) => {
				const isSelected = start + index === selected;
				return (
					<Text key={`${start + index}`} wrap="truncate-end" inverse={isSelected} color={isSelected ? 'cyan' : undefined}>
						{isSelected ? '▸ ' : '  '}
						{displayText(host)}
					</Text>
				);
			})}
			{rest > 0 && listRows > 0 ? (
				<Text dimColor wrap="truncate-end">
					{'  '}+{rest} more
				</Text>
			) : undefined}
		</Box>
	);
}
