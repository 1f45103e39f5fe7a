import test from 'ava';
import {cutTrail} from '../source/core/breadcrumb.js';

const way = ['Hannibal', 'Tiaya', 'Pyrtly'];

test('a trail that fits is shown whole', t => {
	// "Hannibal › Tiaya › Pyrtly" is 25 cells.
	t.deepEqual(cutTrail(way, 25), {cut: false, steps: way});
	t.deepEqual(cutTrail(['Hannibal'], 3), {cut: false, steps: ['Hannibal']});
	t.deepEqual(cutTrail([], 3), {cut: false, steps: []});
});

test('a long trail is cut from the left, the current host always kept whole', t => {
	// "… › Tiaya › Pyrtly" is 18 cells; with Hannibal it would be 29.
	t.deepEqual(cutTrail(way, 24), {cut: true, steps: ['Tiaya', 'Pyrtly']});
	t.deepEqual(cutTrail(way, 18), {cut: true, steps: ['Tiaya', 'Pyrtly']});
	// "… › Pyrtly" is 10 cells.
	t.deepEqual(cutTrail(way, 17), {cut: true, steps: ['Pyrtly']});
	t.deepEqual(cutTrail(way, 2), {cut: true, steps: ['Pyrtly']});
});

test('cells are counted by character, not by UTF-16 unit', t => {
	// "αβ › γδ" is 7 characters.
	t.deepEqual(cutTrail(['αβ', 'γδ'], 7), {cut: false, steps: ['αβ', 'γδ']});
	t.deepEqual(cutTrail(['😀😀', 'γδ'], 7), {cut: false, steps: ['😀😀', 'γδ']});
	t.deepEqual(cutTrail(['😀😀😀', 'γδ'], 7), {cut: true, steps: ['γδ']});
});
