import test from 'ava';
import {completeHost, matchParts} from '../source/core/host-match.js';

const hosts = ['Steeve', 'Hannibal', 'shanny', 'Hanny', 'Mustafa', 'Han'];

test('prefix matches first (case-sensitive), then any-case substrings, each in activity order', t => {
	t.deepEqual(completeHost(hosts, 'Ha'), ['Hannibal', 'Hanny', 'Han', 'shanny']);
	t.deepEqual(completeHost(hosts, 'ny'), ['shanny', 'Hanny']);
	t.deepEqual(completeHost(hosts, 'STEE'), ['Steeve'], 'another case is a substring match');
	t.deepEqual(completeHost(hosts, 'zzz'), []);
});

test('the host named exactly comes first', t => {
	t.deepEqual(completeHost(hosts, 'Han'), ['Han', 'Hannibal', 'Hanny', 'shanny']);
	t.deepEqual(completeHost(['ab', 'a'], 'a'), ['a', 'ab']);
});

test('nothing typed offers the busiest hosts; at most max', t => {
	t.deepEqual(completeHost(hosts, ''), hosts);
	t.deepEqual(completeHost(hosts, '', 2), ['Steeve', 'Hannibal']);
	t.deepEqual(completeHost(hosts, 'a', 2), ['Hannibal', 'shanny']);
});

test('the matched part: at the start, or the first place in any case', t => {
	t.deepEqual(matchParts('Hannibal', 'Han'), {before: '', match: 'Han', after: 'nibal'});
	t.deepEqual(matchParts('shanny', 'HAN'), {before: 's', match: 'han', after: 'ny'}, 'as it is written in the name');
	t.deepEqual(matchParts('web-eu-web', 'web'), {before: '', match: 'web', after: '-eu-web'});
	t.deepEqual(matchParts('db-web-1', 'web'), {before: 'db-', match: 'web', after: '-1'});
	t.is(matchParts('Steeve', 'x'), undefined);
	t.is(matchParts('Steeve', ''), undefined);
});

test('a name of non-ASCII characters is cut on whole characters', t => {
	t.deepEqual(matchParts('αβγ-δ', 'γ-'), {before: 'αβ', match: 'γ-', after: 'δ'});
	t.deepEqual(matchParts('x😀y', '😀'), {before: 'x', match: '😀', after: 'y'});
});
