import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {EmptyState} from '../../source/components/empty-state.js';
import type {EmptyReason} from '../../source/core/dashboard-view.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

const words = (reason: EmptyReason, width = 100, height = 12) => plainLines(render(<EmptyState reason={reason} width={width} height={height}/>).lastFrame() ?? '').join('\n');

test('waiting for a file that does not exist yet', t => {
	t.regex(words({kind: 'waiting', message: 'app.log does not exist yet'}), /Waiting: app\.log does not exist yet/);
});

test('a read error', t => {
	t.regex(words({kind: 'error', message: 'EACCES: permission denied'}), /Cannot read: EACCES: permission denied/);
});

test('--clock log before a first line', t => {
	t.regex(words({kind: 'no-lines-yet'}), /Waiting for a first line[\s\S]*--clock log/);
});

test('no lines in the window: the newest time seen, and the --clock log hint for an old file', t => {
	const from = Date.UTC(2024, 0, 1, 12, 0, 0);
	const text = words({kind: 'empty-window', from, to: from + 10_000, newest: Date.UTC(2019, 7, 13, 8, 0, 0), clock: 'wall'});
	t.regex(text, /No lines in the window \(2024-01-01 12:00:00Z to 2024-01-01 12:00:10Z\)/);
	t.regex(text, /Newest line seen: 2019-08-13 08:00:00Z/);
	t.regex(text, /--clock log/);
	const recent = words({kind: 'empty-window', from, to: from + 10_000, newest: from - 1000, clock: 'log'});
	t.notRegex(recent, /--clock log/);
	t.regex(words({kind: 'empty-window', from, to: from + 10_000, clock: 'wall'}), /No line has been read yet/);
});

test('small terminals wrap the words inside the width and height', t => {
	const lines = plainLines(render(<EmptyState reason={{kind: 'empty-window', from: 0, to: 10_000, newest: 5, clock: 'wall'}} width={30} height={5}/>).lastFrame() ?? '');
	t.true(lines.length <= 5);
	for (const line of lines) {
		t.true([...line].length <= 30, line);
	}
});
