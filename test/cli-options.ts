import test from 'ava';
import {UsageError} from '../source/core/errors.js';
import {checkFlags, flagName, generatorOptions, parseGenerateOptions, parseLiveOptions, parseQueryOptions} from '../source/cli/parse-options.js';

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

test('live and query: --format is auto by default, each format with its own default tolerance', t => {
	for (const options of [parseLiveOptions([], {file: ['a']}), parseQueryOptions(['f'], {host: 'H', from: '1', to: '2'})]) {
		t.is(options.format, 'auto');
		t.is(options.tolerance, 300_000);
		t.deepEqual(options.tolerances, {native: 300_000, zeek: 3_600_000, vpc: 1_200_000, eve: 3_600_000});
	}
});

test('live and query: a forced --format brings its default tolerance; --tolerance overrides every format\'s', t => {
	t.like(parseLiveOptions([], {file: ['a'], format: 'zeek'}), {format: 'zeek', tolerance: 3_600_000});
	t.like(parseQueryOptions(['f'], {host: 'H', from: '1', to: '2', format: 'vpc'}), {format: 'vpc', tolerance: 1_200_000});
	t.like(parseQueryOptions(['f'], {host: 'H', from: '1', to: '2', format: 'eve'}), {format: 'eve', tolerance: 3_600_000});
	const options = parseQueryOptions(['f'], {host: 'H', from: '1', to: '2', format: 'vpc', tolerance: '90s'});
	t.is(options.tolerance, 90_000);
	t.deepEqual(options.tolerances, {native: 90_000, zeek: 90_000, vpc: 90_000, eve: 90_000});
});

test('live and query: an unknown --format is a usage error naming the flag and the choices', t => {
	for (const run of [() => parseLiveOptions([], {file: ['a'], format: 'csv'}), () => parseQueryOptions(['f'], {host: 'H', from: '1', to: '2', format: 'Zeek'})]) {
		const error = t.throws(run, {instanceOf: UsageError});
		t.regex(error!.message, /^--format must be 'auto' or 'native' or 'zeek' or 'vpc' or 'eve', not '(csv|Zeek)'$/);
	}
});

test('generate: --format native by default, or zeek, vpc, eve', t => {
	t.is(parseGenerateOptions([], {}).format, 'native');
	for (const format of ['native', 'zeek', 'vpc', 'eve'] as const) {
		t.is(parseGenerateOptions([], {format}).format, format);
	}
});

test('generate: --format auto is refused, it is for reading', usage(() => parseGenerateOptions([], {format: 'auto'}), /^--format auto is for reading: generate writes one format/));
test('generate: an unknown --format names the flag', usage(() => parseGenerateOptions([], {format: 'pcap'}), /^--format must be 'native' or 'zeek' or 'vpc' or 'eve', not 'pcap'$/));
test('generate: --unit applies to the native format only', usage(() => parseGenerateOptions([], {format: 'zeek', unit: 's'}), /^--unit applies to --format native/));
test('generate: --disorder applies to the native format only', usage(() => parseGenerateOptions([], {format: 'vpc', disorder: '1m'}), /^--disorder applies to --format native/));
test('live --generate: the generator writes the forced format, native for auto, and its flags are checked against it', t => {
	t.is(generatorOptions({}, 40, 'eve').format, 'eve');
	t.is(generatorOptions({unit: 's'}, 40, 'native').unit, 's');
	t.throws(() => generatorOptions({unit: 's'}, 40, 'eve'), {instanceOf: UsageError, message: /^--unit applies to --format native/});
});
test('--format is taken by every command', t => {
	t.notThrows(() => {
		checkFlags('live', {format: 'zeek'});
		checkFlags('query', {format: 'zeek'});
		checkFlags('generate', {format: 'zeek'});
	});
});
