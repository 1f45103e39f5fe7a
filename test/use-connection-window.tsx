import test from 'ava';
import {Dashboard} from '../source/components/dashboard.js';
import {FakeReader} from './helpers/fake-reader.js';
import {cleanupSized, renderSized} from './helpers/fake-stdout.js';
import {plainLines, waitFor} from './helpers/frames.js';
import {liveOptions, testNow} from './helpers/live-options.js';
import {sampleLines} from './helpers/sample-lines.js';

test.afterEach.always(() => {
	cleanupSized();
});

const wallNow = () => 1_700_000_000_000;

test.serial('refreshes never overlap: requests during a slow read run once, right after it', async t => {
	const reader = new FakeReader(sampleLines);
	let release = () => {};
	reader.gate = new Promise(resolve => {
		release = resolve;
	});
	const app = renderSized(<Dashboard options={liveOptions()} reader={reader} wallNow={wallNow}/>, 100, 24);
	const text = () => plainLines(app.lastFrame()).join('\n');
	await waitFor(() => reader.updates === 1, 'the first read');
	t.regex(text(), /Reading…/);
	for (const key of ['r', 'r', 'r', '+']) {
		app.stdin.write(key);
	}

	await waitFor(() => /window 20m/.test(text()), 'keys answered while the read runs');
	app.stdin.write('?');
	await waitFor(() => /Keys/.test(text()), 'help while the read runs');
	t.is(reader.updates, 1);
	reader.gate = undefined;
	release();
	await waitFor(() => reader.updates === 2, 'one more read for all the requests');
	app.stdin.write('\u001B');
	await waitFor(() => /Connected to Hannibal/.test(text()), 'the report');
	t.is(reader.maxConcurrent, 1);
	t.is(reader.asked.at(-1)?.from, testNow - 1_200_000);
});

test.serial('every period it reads and reports again, and says how long it took', async t => {
	const reader = new FakeReader(sampleLines);
	const app = renderSized(<Dashboard options={liveOptions({every: 20, host: 'Hannibal'})} reader={reader} wallNow={Date.now}/>, 100, 24);
	await waitFor(() => reader.asked.length >= 3, 'three reports');
	t.true(reader.updates >= 3);
	t.regex(plainLines(app.lastFrame()).join('\n'), /took \d+ms/);
});
