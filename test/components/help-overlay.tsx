import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {HelpOverlay, keyMap} from '../../source/components/help-overlay.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

test('lists every key when there is room', t => {
	const text = plainLines(render(<HelpOverlay width={100} height={20}/>).lastFrame() ?? '').join('\n');
	t.regex(text, /\? or Esc closes this/);
	for (const [keys, what] of keyMap) {
		t.true(text.includes(keys), keys);
		t.true(text.includes(what), what);
	}
});

test('fits a small terminal', t => {
	const lines = plainLines(render(<HelpOverlay width={40} height={8}/>).lastFrame() ?? '');
	t.true(lines.length <= 8);
	for (const line of lines) {
		t.true([...line].length <= 40, line);
	}
});
