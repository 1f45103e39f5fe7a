import type {ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** The built program: CLI tests run what users run (`npm test` builds first). */
export const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type Run = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
};

/**
Everything a child writes, and how it ended.
*/
export async function collect(child: ChildProcess): Promise<Run> {
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	return new Promise<Run>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			resolve({code, signal, stdout, stderr});
		});
	});
}
