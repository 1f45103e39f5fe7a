import test from 'ava';
import {sparkline} from '../source/core/sparkline.js';

test('scales to the highest value, newest on the right', t => {
	t.is(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8), '▁▂▃▄▅▆▇█');
});

test('keeps the last values that fit', t => {
	t.is(sparkline([100, 1, 2], 2), '▄█');
});

test('pads on the left to the width', t => {
	t.is(sparkline([5], 4), '   █');
	t.is(sparkline([], 3), '   ');
});

test('zero is a space, all zero is blank, a small count still shows', t => {
	t.is(sparkline([0, 8], 2), ' █');
	t.is(sparkline([0, 0], 2), '  ');
	t.is(sparkline([1, 1000], 2), '▁█');
});

test('width zero or negative gives nothing; bad numbers count as zero', t => {
	t.is(sparkline([1, 2], 0), '');
	t.is(sparkline([1, 2], -3), '');
	t.is(sparkline([Number.NaN, 4], 2), ' █');
});
