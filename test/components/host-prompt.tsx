import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {HostPrompt} from '../../source/components/host-prompt.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

test('the prompt, a hint, and the matching hosts with the picked one marked', t => {
	const lines = plainLines(render(<HostPrompt value="Hanny" candidates={['Hannibal', 'Hanny']} selected={1} width={60} height={6}/>).lastFrame() ?? '');
	t.regex(lines[0]!, /^Host: Hanny/);
	t.regex(lines[1]!, /Tab/);
	t.is(lines[2], '  Hannibal');
	t.is(lines[3], '▸ Hanny');
});

test('a long list is cut to the height, follows the pick, and counts the rest', t => {
	const hosts = Array.from({length: 50}, (_, index) => `host-${index}`);
	const lines = plainLines(render(<HostPrompt value="host-20" candidates={hosts} selected={20} width={60} height={8}/>).lastFrame() ?? '');
	t.is(lines.length, 8);
	t.true(lines.includes('▸ host-20'));
	t.regex(lines.at(-1)!, /\+\d+ more/);
});

test('no match: Enter still watches the host', t => {
	const lines = plainLines(render(<HostPrompt value="ghost" candidates={[]} selected={-1} width={80} height={4}/>).lastFrame() ?? '');
	t.regex(lines[1]!, /no host seen matches; Enter watches it anyway/);
});

test('names are shown escaped', t => {
	const frame = render(<HostPrompt value={'a\u001B[2J'} candidates={['b\u009B2J']} selected={-1} width={60} height={4}/>).lastFrame() ?? '';
	t.true(frame.includes(String.raw`a\x1b[2J`));
	t.true(frame.includes(String.raw`b\x9b2J`));
	t.false(frame.includes('\u001B[2J'));
	t.false(frame.includes('\u009B'));
});
