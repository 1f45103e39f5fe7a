import {type MessagePort, workerData} from 'node:worker_threads';
import {openConnection, ServerError} from './connection.js';
import type {SyncAnswer, SyncRequest} from './sync-query.js';

/* The thread of `SyncQuery`: runs each query it is sent, posts the answer, then counts it in the shared word and wakes the waiting thread. */

const {url, flag, port} = workerData as {readonly url: string; readonly flag: Int32Array; readonly port: MessagePort};
const connection = openConnection(url);

port.on('message', async (request: SyncRequest) => {
	let answer: SyncAnswer;
	try {
		answer = {id: request.id, text: await connection.query(request.sql, {timeout: request.timeout})};
	} catch (error) {
		answer = {id: request.id, error: error instanceof Error ? error.message : String(error), unreachable: error instanceof ServerError && error.unreachable};
	}

	port.postMessage(answer);
	Atomics.add(flag, 0, 1);
	Atomics.notify(flag, 0);
});
