import test from 'ava';
import {barFraction, barText, maxBarWidth, rowColumns, shareText} from '../source/core/magnitude.js';

test('linear bars: in proportion to the largest count, in eighths of a cell', t => {
	t.is(barText(100, 100, 8, 'linear'), '████████');
	t.is(barText(50, 100, 8, 'linear'), '████    ');
	// 3 / 8 of 4 cells = 1.5 cells: one full block and a half one.
	t.is(barText(3, 8, 4, 'linear'), '█▌  ');
	// 7 / 10 of 3 cells = 2.1 cells = 16.8 eighths, rounded to 17: two full blocks and an eighth.
	t.is(barText(7, 10, 3, 'linear'), '██▏');
	t.is(barText(0, 100, 8, 'linear'), '        ');
	t.is(barText(5, 5, 0, 'linear'), '');
});

test('any count above zero shows at least an eighth of a cell', t => {
	// 1 / 100 of 8 cells is 0.64 eighths.
	t.is(barText(1, 100, 8, 'linear'), '▏       ');
	t.is(barText(1, 1_000_000, 3, 'linear'), '▏  ');
});

test('log bars: log(1 + count) / log(1 + largest)', t => {
	// ln 10 / ln 100 = 1/2.
	t.true(Math.abs(barFraction(9, 99, 'log') - 0.5) < 1e-12);
	t.is(barText(9, 99, 8, 'log'), '████    ');
	// ln 2 / ln 1001 = 0.1003: 6.4 eighths of 8 cells, where linear gives 1/1000 (the smallest mark).
	t.true(Math.abs(barFraction(1, 1000, 'log') - (Math.log(2) / Math.log(1001))) < 1e-12);
	t.is(barText(1, 1000, 8, 'log'), '▊       ');
	t.is(barText(1, 1000, 8, 'linear'), '▏       ');
	t.is(barText(1000, 1000, 8, 'log'), '████████');
	t.is(barFraction(0, 1000, 'log'), 0);
	t.is(barFraction(5, 0, 'log'), 0);
});

test('share of the pane\'s total, in whole percent, never 0% or 100% by rounding alone', t => {
	t.is(shareText(57, 100), '57%');
	t.is(shareText(1, 3), '33%');
	t.is(shareText(2, 3), '67%');
	// 1 / 300 = 0.33 %, 2 / 300 = 0.67 %.
	t.is(shareText(1, 300), '<1%');
	t.is(shareText(2, 300), '1%');
	// 299 / 300 = 99.67 % and 199 / 200 = 99.5 % round to 100, but they are not the whole.
	t.is(shareText(299, 300), '99%');
	t.is(shareText(199, 200), '99%');
	t.is(shareText(300, 300), '100%');
	t.is(shareText(0, 10), '0%');
	t.is(shareText(1, 0), '', 'no total, no share');
});

test('on a narrow row the bar goes first, then the share, and the name keeps its room', t => {
	// 36 cells, 7 for the count and spaces, a name of 12: 17 left, 5 for the share, 11 for the bar and 1 after it.
	t.deepEqual(rowColumns(36, 7, 12), {share: true, barWidth: 11});
	// 9 left: the share, and a bar of 3, the smallest worth drawing.
	t.deepEqual(rowColumns(36, 7, 20), {share: true, barWidth: 3});
	// 8 left: the share, no room for a bar.
	t.deepEqual(rowColumns(36, 7, 21), {share: true, barWidth: 0});
	// 4 left: not even the share.
	t.deepEqual(rowColumns(36, 7, 25), {share: false, barWidth: 0});
	t.deepEqual(rowColumns(120, 7, 10), {share: true, barWidth: maxBarWidth}, 'a wide row stops the bar at its widest');
});
