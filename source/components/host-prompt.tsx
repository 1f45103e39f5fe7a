import {Box, Text} from 'ink';
import {displayText} from '../core/display-name.js';
import {matchParts} from '../core/host-match.js';

export type HostPromptProps = {
	/** What was typed. */
	readonly text: string;
	/** Matching hosts: by prefix first, then by substring (`completeHost`). */
	readonly candidates: readonly string[];
	/** Index of the highlighted candidate; -1: the typed text itself. */
	readonly selected: number;
	readonly width: number;
	readonly height: number;
};

/**
The `/` prompt: the host typed so far, a line saying what Enter watches, then the matching hosts around the highlighted one, the typed part of each name picked out.
*/
export function HostPrompt({text, candidates, selected, width, height}: HostPromptProps) {
	const listRows = Math.max(0, height - 2);
	const shown = Math.min(candidates.length, listRows > 0 && candidates.length > listRows ? listRows - 1 : listRows);
	const start = selected < shown ? 0 : Math.min(selected - shown + 1, Math.max(0, candidates.length - shown));
	const visible = candidates.slice(start, start + shown);
	const rest = candidates.length - start - visible.length;
	const asTyped = selected < 0 || candidates.length === 0;
	const chosen = asTyped ? text : candidates[selected]!;
	const hint = chosen === ''
		? 'type a host · ↓ ↑ pick · Enter watch · Esc cancel'
		: `Enter watches ${displayText(chosen)}${asTyped && candidates.length === 0 ? ' (no host seen matches)' : ''} · ↓ ↑ Tab pick · Esc cancel`;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Box width={width} height={1}>
				<Text wrap="truncate-start">
					<Text bold color="cyan">{asTyped && candidates.length > 0 ? '▸ ' : ''}Host: </Text>
					<Text inverse={asTyped && candidates.length > 0 && text !== ''}>{displayText(text)}</Text>
					<Text inverse> </Text>
				</Text>
			</Box>
			{height > 1 ? (
				<Text dimColor wrap="truncate-end">
					{hint}
				</Text>
			) : undefined}
			{visible.map((host, index) => {
				const isSelected = start + index === selected;
				const parts = matchParts(host, text);
				return (
					<Text key={`${start + index}`} wrap="truncate-end" inverse={isSelected} color={isSelected ? 'cyan' : undefined}>
						{isSelected ? '▸ ' : '  '}
						{parts ? (
							<>
								{displayText(parts.before)}
								<Text bold underline color={isSelected ? undefined : 'yellow'}>{displayText(parts.match)}</Text>
								{displayText(parts.after)}
							</>
						) : displayText(host)}
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
