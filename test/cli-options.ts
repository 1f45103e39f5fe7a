import test from 'ava';
import {UsageError} from '../source/core/errors.js';
import {checkFlags, flagName, parseGenerateOptions, parseLiveOptions, parseQueryOptions} from '../source/cli/parse-options.js';

const usage = (run: () => unknown, message: RegExp) => (t: import('ava').ExecutionContext) => {
	const error = t.throws(run, {instanceOf: UsageError});
	t.regex(error!.message, message);
};

test('flag names are given back as typed', t => {
	t.is(flagName('linesPerFile'), '--lines-per-file');
	t.is(flagName('z'), '-z');
});

test('live defaults: every 10s, window equal to every, tolerance 5m, wall clock, top by source', t => {
	const options = parseLiveOptions([], {file: ['app.log']});
	t.like(options, {every: 10_000, window: 10_000, tolerance: 300_000, clock: 'wall', topBy: 'source', files: ['app.log'], once: false});
	t.is(options.host, undefined);
});

test('live: --every alone sets the window too; --window overrides it', t => {
	t.is(parseLiveOptions([], {file: ['a'], every: '2s'}).window, 2000);
	t.is(parseLiveOptions([], {file: ['a'], every: '2s', window: '1m'}).window, 60_000);
});

test('live: --generate reads ./logs unless --dir says otherwise', t => {
	t.is(parseLiveOptions([], {generate: true}).dir, './logs');
	t.is(parseLiveOptions([], {generate: true, dir: 'x'}).dir, 'x');
});

test('live: no source follows ./logs, where dashboard generate writes; a --file alone does not', t => {
	t.like(parseLiveOptions([], {}), {dir: './logs', files: [], generate: false});
	t.like(parseLiveOptions([], {host: 'Hannibal', every: '10'}), {dir: './logs', host: 'Hannibal', every: 10_000, window: 10_000});
	t.is(parseLiveOptions([], {file: ['a']}).dir, undefined);
});
test('live: a zero period is a usage error', usage(() => parseLiveOptions([], {file: ['a'], every: '0'}), /--every must be longer than zero/));
test('live: --now takes ISO 8601', t => {
	t.is(parseLiveOptions([], {file: ['a'], now: '2019-08-13T08:00:00Z'}).now, Date.UTC(2019, 7, 13, 8));
});
test('live: --now with --clock log is refused', usage(() => parseLiveOptions([], {file: ['a'], now: '5', clock: 'log'}), /--now/));
test('live: a stray argument is refused', usage(() => parseLiveOptions(['oops'], {file: ['a']}), /unexpected argument 'oops'/));
test('live: a host that starts with a dash is fine through --host=', t => {
	t.is(parseLiveOptions([], {file: ['a'], host: '-weird'}).host, '-weird');
});
test('live: --host with no value is refused', usage(() => parseLiveOptions([], {file: ['a'], host: ''}), /--host needs a value/));

test('query: files, host, window in ms', t => {
	const options = parseQueryOptions(['a.log', 'b.log'], {host: 'H', from: '1565647204', to: '1565733598341'});
	t.deepEqual(options.files, ['a.log', 'b.log']);
	t.is(options.from, 1_565_647_204_000);
	t.is(options.to, 1_565_733_598_341);
});
test('query: --from after --to is a usage error', usage(() => parseQueryOptions(['f'], {host: 'H', from: '20', to: '10'}), /--from is later than --to/));
test('query: --host is required', usage(() => parseQueryOptions(['f'], {from: '1', to: '2'}), /--host is required/));
test('query: a file is required', usage(() => parseQueryOptions([], {host: 'H', from: '1', to: '2'}), /at least one FILE/));
test('query: --limit must be positive', usage(() => parseQueryOptions(['f'], {host: 'H', from: '1', to: '2', limit: '0'}), /--limit must be at least 1/));

test('generate: defaults', t => {
	t.like(parseGenerateOptions([], {}), {dir: './logs', rate: 1, linesPerFile: 10_000, maxFileAge: 300_000, disorder: 0, unit: 'ms', fast: false});
});
test('generate: --hosts splits on commas', t => {
	t.deepEqual(parseGenerateOptions([], {hosts: 'a, b,c'}).hosts, ['a', 'b', 'c']);
});
test('generate: --hosts and --host-count together are refused', usage(() => parseGenerateOptions([], {hosts: 'a', hostCount: '3'}), /not both/));
test('generate: a rate of zero is refused', usage(() => parseGenerateOptions([], {rate: '0'}), /--rate must be above zero/));
test('generate: --start without --fast is refused', usage(() => parseGenerateOptions([], {start: '0'}), /--start applies to --fast/));
test('generate: a fractional rate is allowed', t => {
	t.is(parseGenerateOptions([], {rate: '0.5'}).rate, 0.5);
});

test('a flag of another command is named as such', usage(() => {
	checkFlags('query', {every: '3'});
}, /--every does not apply to 'dashboard query'/));
test('an unknown flag is named', usage(() => {
	checkFlags('live', {bogusFlag: '1'});
}, /unknown flag --bogus-flag/));
test('booleans left false are not counted as given', t => {
	t.notThrows(() => {
		checkFlags('query', {generate: false, fast: false, file: []});
	});
});

test('live: generator flags need --generate', usage(() => parseLiveOptions([], {file: ['a'], rate: '5'}), /--rate applies to --generate/));
