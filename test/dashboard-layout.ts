import test from 'ava';
import {computeLayout, paneSlice, sideBySideColumns} from '../source/core/dashboard-layout.js';

test('wide terminals put the three bordered panes side by side, filling the width', t => {
	const layout = computeLayout(120, 40, 'connectedTo');
	t.is(layout.direction, 'row');
	t.is(layout.height, 39, 'one line short of the terminal, so Ink never clears the screen to redraw');
	t.true(layout.sparkline);
	t.is(layout.bodyHeight, 36);
	const {connectedTo, receivedFrom, top} = layout.panes;
	t.is(connectedTo.width + receivedFrom.width + top.width, 120);
	t.true(connectedTo.bordered);
	t.is(connectedTo.listRows, 32);
});

test('narrow terminals stack the panes, a third each when tall enough', t => {
	const layout = computeLayout(sideBySideColumns - 1, 40, 'receivedFrom');
	t.is(layout.direction, 'column');
	const {connectedTo, receivedFrom, top} = layout.panes;
	t.is(connectedTo.height + receivedFrom.height + top.height, layout.bodyHeight);
	t.false(connectedTo.bordered);
	t.is(connectedTo.width, sideBySideColumns - 1);
	t.true(receivedFrom.height >= connectedTo.height);
});

test('short stacked terminals give the focused pane what it wants first, the others at least a title line', t => {
	const layout = computeLayout(40, 12, 'top', {connectedTo: 10, receivedFrom: 10, top: 3});
	t.is(layout.bodyHeight, 8);
	t.deepEqual([layout.panes.top.height, layout.panes.connectedTo.height, layout.panes.receivedFrom.height], [3, 4, 1]);
	const tiny = computeLayout(40, 6, 'connectedTo');
	t.false(tiny.sparkline);
	t.is(tiny.panes.connectedTo.height + tiny.panes.receivedFrom.height + tiny.panes.top.height, tiny.bodyHeight);
	t.true(tiny.panes.top.collapsed);
});

test('a pane shows all rows when they fit, else keeps the last line for "+N more"', t => {
	t.like(paneSlice(3, 3, 5, 0), {start: 0, count: 3, more: 0, moreLine: false, maxScroll: 0});
	t.like(paneSlice(10, 10, 5, 0), {start: 0, count: 4, more: 6, moreLine: true, maxScroll: 6});
	t.like(paneSlice(10, 10, 5, 6), {start: 6, count: 4, more: 0, above: 6});
	t.like(paneSlice(10, 10, 5, 99), {start: 6, count: 4}, 'scroll past the end stops at the end');
	t.like(paneSlice(3, 50, 5, 0), {count: 3, more: 47, moreLine: true}, 'hosts the report left out count in "+N more"');
	t.like(paneSlice(1_000_000, 1_000_000, 5, 0), {count: 4, more: 999_996});
	t.like(paneSlice(5, 5, 0, 0), {count: 0, more: 5, moreLine: false});
	t.like(paneSlice(5, 5, 1, 0), {count: 1, more: 4, moreLine: false, maxScroll: 4}, 'one line shows a row');
});
