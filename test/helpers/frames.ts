import {stripVTControlCharacters} from 'node:util';

/** The frame's lines without colours. */
export function plainLines(frame: string): string[] {
	return stripVTControlCharacters(frame).split('\n');
}

/** Wait until `check` holds, polling; fails after a generous timeout instead of sleeping a fixed time. */
export async function waitFor(check: () => boolean, what = 'condition', timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}
