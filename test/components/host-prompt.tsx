import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {HostPrompt, type HostPromptProps} from '../../source/components/host-prompt.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

const prompt = (props: Partial<HostPromptProps>) => {
	const frame = render(<HostPrompt text="" candidates={[]} selected={0} width={60} height={6} {...props}/>).lastFrame() ?? '';
	return {frame, lines: plainLines(frame)};
};

test('the prompt, what Enter watches, and the matching hosts with the highlighted one marked', t => {
	const {lines} = prompt({text: 'Han', candidates: ['Hannibal', 'Hanny'], selected: 1});
	t.regex(lines[0]!, /^Host: Han/);
	t.regex(lines[1]!, /^Enter watches Hanny · ↓ ↑ Tab pick · Esc cancel/);
	t.is(lines[2], '  Hannibal');
	t.is(lines[3], '▸ Hanny');
});

test('up from the first match highlights the typed text itself', t => {
	const {lines} = prompt({text: 'Han', candidates: ['Hannibal', 'Hanny'], selected: -1});
	t.regex(lines[0]!, /^▸ Host: Han/);
	t.regex(lines[1]!, /^Enter watches Han ·/);
	t.is(lines[2], '  Hannibal');
});

test('a long list is cut to the height, follows the highlight, and counts the rest', t => {
	const hosts = Array.from({length: 50}, (_, index) => `host-${index}`);
	const {lines} = prompt({text: 'host-', candidates: hosts, selected: 20, height: 8});
	t.is(lines.length, 8);
	t.true(lines.includes('▸ host-20'));
	t.regex(lines.at(-1)!, /\+\d+ more/);
});

test('no match: Enter watches what was typed', t => {
	const {lines} = prompt({text: 'ghost', candidates: [], selected: 0, width: 80, height: 4});
	t.regex(lines[1]!, /^Enter watches ghost \(no host seen matches\)/);
});

test('nothing typed yet: the busiest hosts, the first highlighted', t => {
	const {lines} = prompt({candidates: ['Steeve', 'Hannibal']});
	t.regex(lines[1]!, /^Enter watches Steeve/);
	t.is(lines[2], '▸ Steeve');
	t.regex(prompt({})[`lines`][1]!, /^type a host/);
});

test('names are shown escaped, the typed part of each too', t => {
	const {frame, lines} = prompt({text: 'a\u001B[2J', candidates: ['xa\u001B[2Jy', 'b\u009B2J'], selected: 1});
	t.true(frame.includes(String.raw`a\x1b[2J`));
	t.true(frame.includes(String.raw`b\x9b2J`));
	t.is(lines[2], String.raw`  xa\x1b[2Jy`);
	t.false(frame.includes('\u001B[2J'));
	t.false(frame.includes('\u009B'));
});
