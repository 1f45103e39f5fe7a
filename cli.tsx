#!/usr/bin/env node
import {readFileSync} from 'node:fs';
import process from 'node:process';
import meow from 'meow';
import {flagDefinitions, helpTexts} from './source/cli/help.js';
import {main} from './source/cli/main.js';

// React's development build checks and times every render: several times the CPU of the production build.
process.env['NODE_ENV'] ??= 'production';

// Read here rather than through `cli.pkg`, whose first use makes meow load and run a package normaliser: milliseconds of every start.
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};

let cli;
try {
	cli = meow(helpTexts.live, {
		importMeta: import.meta,
		pkg: packageJson,
		flags: flagDefinitions,
		allowUnknownFlags: true,
		autoHelp: false,
		autoVersion: true,
	});
} catch (error) {
	// Meow refuses a flag given twice by throwing; say it as a usage error instead.
	process.stderr.write(`dashboard: ${(error as Error).message.replace(/\.$/, '')}. See dashboard --help\n`);
	process.exit(2);
}

process.exitCode = await main(cli.input, cli.flags, packageJson.version);
