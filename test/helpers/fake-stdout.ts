import {EventEmitter} from 'node:events';
import {render as inkRender, type Instance} from 'ink';
import type {ReactElement} from 'react';

/** A terminal-sized stdout for Ink: `columns` and `rows` can be set, and `resize` tells Ink as a terminal does. */
export class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	readonly frames: string[] = [];
	columns: number;
	rows: number;

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};

	lastFrame = (): string | undefined => this.frames.at(-1);

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

/** A stdin in raw mode that the test types into. */
export class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;

	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export type SizedRender = {
	readonly stdout: FakeStdout;
	readonly stdin: FakeStdin;
	readonly instance: Instance;
	readonly lastFrame: () => string;
};

const instances: Instance[] = [];

/** Render into a fake terminal of `columns` x `rows`; `cleanupSized()` unmounts every instance. */
export function renderSized(tree: ReactElement, columns: number, rows: number): SizedRender {
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	instances.push(instance);
	return {stdout, stdin, instance, lastFrame: () => stdout.lastFrame() ?? ''};
}

export function cleanupSized(): void {
	for (const instance of instances.splice(0)) {
		instance.unmount();
		instance.cleanup();
	}
}
