import {MessageChannel, receiveMessageOnPort, type MessagePort, type Worker} from 'node:worker_threads';
import {startWorker} from '../start-worker.js';
import {ServerError} from './connection.js';

/*
A query whose answer is waited for without returning to the event loop, for the one place that needs it: `LiveReader.report()` is synchronous, and when it is asked about a host the last update did not count (a key switched hosts), the answer must come from the server before it returns. A worker thread sends the query; this thread sleeps on a shared word until the worker has posted the answer.

Only a cache miss waits like this, once per host switch, for as long as one query takes (tens of ms); the regular refresh counts in `update()`, which awaits as usual.
*/

export type SyncRequest = {
	readonly id: number;
	readonly sql: string;
	readonly timeout: number;
};

export type SyncAnswer =
	| {readonly id: number; readonly text: string}
	| {readonly id: number; readonly error: string; readonly unreachable: boolean};

export class SyncQuery {
	private worker: Worker | undefined;
	private port: MessagePort | undefined;
	private readonly flag = new Int32Array(new SharedArrayBuffer(4));
	private next = 1;
	private readonly url: string;

	constructor(url: string) {
		this.url = url;
	}

	/** Start the thread ahead of the first query, so that the first wait does not include its start-up. */
	start(): void {
		if (this.worker) {
			return;
		}

		const channel = new MessageChannel();
		const workerData = {url: this.url, flag: this.flag, port: channel.port2};
		this.worker = startWorker(import.meta.url, 'sync-query-worker', {workerData, transferList: [channel.port2]});

		this.worker.unref();
		this.worker.on('error', () => {
			this.worker = undefined;
		});
		this.port = channel.port1;
		this.port.unref();
	}

	/** The query's text answer; throws a `ServerError` when the server fails or does not answer within `timeout` ms. */
	run(sql: string, timeout: number): string {
		this.start();
		const id = this.next++;
		this.port!.postMessage({id, sql, timeout} satisfies SyncRequest);
		const deadline = Date.now() + timeout + 2000;
		for (;;) {
			// The worker counts its answers in the shared word: look at the port, then sleep only if no answer came since the count was read.
			const seen = Atomics.load(this.flag, 0);
			for (let message = receiveMessageOnPort(this.port!); message; message = receiveMessageOnPort(this.port!)) {
				const answer = message.message as SyncAnswer;
				// Answers to queries given up on earlier may come first: skip them.
				if (answer.id !== id) {
					continue;
				}

				if ('error' in answer) {
					throw new ServerError(answer.error, answer.unreachable);
				}

				return answer.text;
			}

			const left = deadline - Date.now();
			if (left <= 0) {
				throw new ServerError(`the server took longer than ${Math.round(timeout / 1000)} s`, false);
			}

			Atomics.wait(this.flag, 0, seen, left);
		}
	}

	async close(): Promise<void> {
		const {worker} = this;
		this.worker = undefined;
		this.port?.close();
		await worker?.terminate();
	}
}
