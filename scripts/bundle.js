#!/usr/bin/env node
/*
`npm run build`, last step: bundle the program into dist/cli.js (the `dashboard` bin) and its worker threads (dist/scan-worker.js, dist/records-worker.js, dist/sync-query-worker.js), with a chunk per command (dist/chunk-*.js) so that `query` and `generate` never load Ink or React. Loading one file instead of dozens, and minified, is most of what makes a short `query` start fast; tsc's output in dist/source/ stays for the tests and benchmarks that import modules one by one.
*/
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/*
meow's bundled dependencies build normalize-package-data's tables when the module loads (about 12 ms), although meow only calls it when `cli.pkg` is read, which the program never does: make that one binding lazy. If meow changes and the line is not found, the bundle is made as it is, only slower to start.
*/
const eagerNormalize = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);';
const lazyNormalize = 'const normalizePackageData = (...parameters) => getDefaultExportFromCjs(requireNormalize())(...parameters);';
const lazyPackageNormalizer = {
	name: 'lazy-package-normalizer',
	setup(builder) {
		builder.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			if (!source.includes(eagerNormalize)) {
				console.warn('scripts/bundle.js: meow\'s dependencies changed; normalize-package-data is loaded eagerly');
			}

			return {contents: source.replace(eagerNormalize, lazyNormalize), loader: 'js'};
		});
	},
};

for (const name of readdirSync(dist)) {
	if (/^chunk-[\w-]+\.js$/.test(name)) {
		rmSync(join(dist, name));
	}
}

await build({
	absWorkingDir: root,
	// The workers are entries of their own: a thread starts from a file.
	entryPoints: ['cli.tsx', 'source/io/scan-worker.ts', 'source/io/records-worker.ts', 'source/io/clickhouse/sync-query-worker.ts'],
	outdir: dist,
	entryNames: '[name]',
	chunkNames: 'chunk-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	// React's production build, as cli.tsx asks for at run time: without this both builds would be bundled.
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink loads it only under DEV=true, for React's devtools; it is not installed.
	external: ['react-devtools-core'],
	// CommonJS dependencies of Ink require Node's modules (`assert`...): an ES module has no `require` unless given one.
	banner: {js: 'import {createRequire as __createRequire} from \'node:module\'; const require = __createRequire(import.meta.url);'},
	plugins: [lazyPackageNormalizer],
	logLevel: 'warning',
});
