import {extname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
Start the worker module `name`, a sibling of the module at `callerUrl` (its `import.meta.url`): `.js` when built, `.ts` when running under tsx (the tests). Under tsx its loader hooks do not reach worker threads on Node 20 (`--import=tsx` runs there, the hooks do not take), so a TypeScript worker first registers tsx itself.
*/
export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
	const extension = extname(fileURLToPath(callerUrl));
	const url = new URL(`./${name}${extension}`, callerUrl);
	if (extension !== '.ts') {
		return new Worker(url, options);
	}

	const tsx = import.meta.resolve('tsx/esm/api');
	const boot = `import(${JSON.stringify(tsx)}).then(api => { api.register(); return import(${JSON.stringify(url.href)}); })`;
	return new Worker(boot, {...options, eval: true});
}
