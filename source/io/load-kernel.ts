import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/*
The compiled scanner kernel is dist/scanner.wasm, next to the program. Which way up from this module depends on how it runs: bundled into dist/cli.js, compiled by tsc into dist/source/io/, or as TypeScript from source/io/ under tsx (the tests).
*/
const candidates = ['./scanner.wasm', '../../scanner.wasm', '../../dist/scanner.wasm'].map(path => new URL(path, import.meta.url));

let compiled: WebAssembly.Module | undefined;

/**
The scanner kernel, compiled once per thread (a few ms); a worker can be handed it instead, as a `WebAssembly.Module` clones to threads.

@throws When dist/scanner.wasm is missing: the build (`npm run build`) makes it.
*/
export function loadKernel(): WebAssembly.Module {
	if (!compiled) {
		const found = candidates.find(url => existsSync(url));
		if (!found) {
			throw new Error(`the scanner kernel is missing (looked for ${candidates.map(url => fileURLToPath(url)).join(', ')}): run npm run build`);
		}

		compiled = new WebAssembly.Module(readFileSync(found));
	}

	return compiled;
}
