import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/** Columns and rows of the terminal. */
export type TerminalSize = {
	readonly columns: number;
	readonly rows: number;
};

const fallback: TerminalSize = {columns: 80, rows: 24};

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {
		columns: stdout.columns > 0 ? stdout.columns : fallback.columns,
		rows: stdout.rows > 0 ? stdout.rows : fallback.rows,
	};
}

/**
The size of Ink's stdout, updated on every `resize` (Ink 6 has no `useWindowSize`). Falls back to 80x24 when the stream does not say.
*/
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => {
			setSize(previous => {
				const next = sizeOf(stdout);
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		};

		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
