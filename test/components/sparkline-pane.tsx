import test from 'ava';
import {cleanup, render} from 'ink-testing-library';
import {NoticeLine, SparklineLine} from '../../source/components/sparkline-pane.js';
import {plainLines} from '../helpers/frames.js';

test.afterEach.always(() => {
	cleanup();
});

test('connections per refresh as a sparkline with the latest count', t => {
	const [line] = plainLines(render(<SparklineLine history={[1, 2, 4, 8]} width={40}/>).lastFrame() ?? '');
	t.is(line, 'connections per refresh          ▁▂▄█ 8');
	t.true([...line!].length <= 40);
});

test('a narrow line drops the label', t => {
	const [line] = plainLines(render(<SparklineLine history={[0, 3, 6]} width={12}/>).lastFrame() ?? '');
	t.is(line, '       ▄█ 6');
});

test('a notice takes the line', t => {
	const [line] = plainLines(render(<NoticeLine text="host ghost not seen in the window, press / to pick one" width={80}/>).lastFrame() ?? '');
	t.is(line, 'host ghost not seen in the window, press / to pick one');
});
