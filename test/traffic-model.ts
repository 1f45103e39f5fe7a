import test from 'ava';
import fc from 'fast-check';
import {createRandom, defaultHosts, Disorder, generateHostNames, randomStream, TrafficModel, WeightedPicker} from '../source/core/traffic-model.js';

function draws(random: () => number, count: number): number[] {
	return Array.from({length: count}, () => random());
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Lines of `lines` pairs from a model over a synthetic second per `perSecond` lines; counts as source and as destination per host. */
function simulate(hostCount: number, seed: number, lines: number, perSecond = 10) {
	const model = new TrafficModel(hostCount, createRandom(seed));
	const sources = new Array<number>(hostCount).fill(0);
	const destinations = new Array<number>(hostCount).fill(0);
	const pairs: Array<[number, number, number]> = [];
	for (let index = 0; index < lines; index++) {
		const time = 1_600_000_000_000 + Math.floor((index * 1000) / perSecond);
		model.next(time);
		sources[model.source]!++;
		destinations[model.destination]!++;
		pairs.push([time, model.source, model.destination]);
	}

	return {sources, destinations, pairs};
}

test('the random source is reproducible, in [0, 1), and differs by seed', t => {
	const first = draws(createRandom(42), 1000);
	t.deepEqual(draws(createRandom(42), 1000), first);
	t.notDeepEqual(draws(createRandom(43), 1000), first);
	t.true(first.every(value => value >= 0 && value < 1));
	// Not stuck in a corner: the mean of uniform draws is near 1/2.
	const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
	t.true(mean > 0.45 && mean < 0.55, `mean ${mean}`);
});

test('streams of one seed differ from each other, and large seeds are not folded onto small ones', t => {
	t.notDeepEqual(draws(randomStream(1, 0), 10), draws(randomStream(1, 1), 10));
	t.notDeepEqual(draws(randomStream(1, 0), 10), draws(randomStream(2, 0), 10));
	t.notDeepEqual(draws(randomStream(1, 0), 10), draws(randomStream(1 + (2 ** 32), 0), 10));
	t.deepEqual(draws(randomStream(7, 2), 10), draws(randomStream(7, 2), 10));
});

test('generated host names are unique, plausible and reproducible', t => {
	for (const count of [1, 5, 60, 5000]) {
		const names = generateHostNames(count, createRandom(count));
		t.is(names.length, count);
		t.is(new Set(names).size, count, `duplicates among ${count}`);
		t.true(names.every(name => /^[A-Za-z][A-Za-z\d-]*$/.test(name)), `odd name among ${count}`);
		t.deepEqual(generateHostNames(count, createRandom(count)), names);
	}

	const names = generateHostNames(60, createRandom(3));
	t.true(names.some(name => /^[a-z]+-(?:[a-z]+-)?\d+$/.test(name)), 'no service-style name such as web-03');
	t.true(names.some(name => /^[A-Z][a-z]+$/.test(name)), 'no person-style name such as Hannibal');
});

test('the default hosts are the five of the original demo', t => {
	t.deepEqual(defaultHosts, ['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa']);
});

test('generated host names start with the default hosts, so --host Hannibal finds traffic in any generated log', t => {
	t.deepEqual(generateHostNames(40, createRandom(1)).slice(0, 5), defaultHosts);
	t.deepEqual(generateHostNames(3, createRandom(1)), ['Hannibal', 'Samatchi', 'Hanny']);
	const many = generateHostNames(5000, createRandom(2));
	t.deepEqual(many.slice(0, 5), defaultHosts);
	t.is(new Set(many).size, 5000);
});

test('the weighted picker draws each index about as often as its weight says', t => {
	const weights = [5, 1, 0, 3, 1];
	const picker = new WeightedPicker(weights);
	const random = createRandom(9);
	const counts = new Array<number>(weights.length).fill(0);
	const total = 100_000;
	for (let index = 0; index < total; index++) {
		counts[picker.pick(random)]!++;
	}

	t.is(counts[2], 0, 'a zero weight is never drawn');
	for (const [index, weight] of weights.entries()) {
		const expected = (total * weight) / 10;
		t.true(Math.abs(counts[index]! - expected) < (total * 0.01), `index ${index}: ${counts[index]} for ${expected}`);
	}
});

test('popularity is skewed: the busiest source and destination carry far more lines than the median host', t => {
	for (const [hosts, seed, factor] of [[5, 1, 2.5], [5, 2, 2.5], [200, 3, 10], [2000, 4, 10]] as const) {
		const {sources, destinations} = simulate(hosts, seed, 50_000);
		for (const [role, counts] of [['source', sources], ['destination', destinations]] as const) {
			const busiest = Math.max(...counts);
			t.true(busiest > factor * median(counts), `${hosts} hosts, as ${role}: busiest ${busiest}, median ${median(counts)}`);
		}
	}
});

test('some hosts are mostly sources and others mostly destinations', t => {
	const {sources, destinations} = simulate(50, 5, 100_000);
	const shares = sources
		.map((sent, host) => ({sent, lines: sent + destinations[host]!}))
		.filter(({lines}) => lines >= 500)
		.map(({sent, lines}) => sent / lines);
	t.true(shares.some(share => share > 0.7), `no mostly-source host among ${shares.join(', ')}`);
	t.true(shares.some(share => share < 0.3), `no mostly-destination host among ${shares.join(', ')}`);
});

test('hosts seldom talk to themselves, but a single host can only', t => {
	const {pairs} = simulate(5, 6, 20_000);
	const self = pairs.filter(([, source, destination]) => source === destination).length;
	t.true(self < pairs.length * 0.05, `${self} self-connections`);
	const alone = simulate(1, 6, 10).pairs;
	t.true(alone.every(([, source, destination]) => source === 0 && destination === 0));
});

test('bursts: for a while, one host takes a much larger share than it has overall', t => {
	// Two synthetic hours at 10 lines a second, 100 hosts: look for a 20 s stretch where a host's share is five times its overall one.
	const hosts = 100;
	const {pairs, sources, destinations} = simulate(hosts, 8, 72_000);
	const overall = sources.map((count, host) => (count + destinations[host]!) / (2 * pairs.length));
	let bestRatio = 0;
	for (let start = 0; start + 200 <= pairs.length; start += 200) {
		const counts = new Array<number>(hosts).fill(0);
		for (const [, source, destination] of pairs.slice(start, start + 200)) {
			counts[source]!++;
			counts[destination]!++;
		}

		for (const [host, count] of counts.entries()) {
			if (count >= 40) {
				bestRatio = Math.max(bestRatio, count / 400 / overall[host]!);
			}
		}
	}

	t.true(bestRatio > 5, `largest burst ratio ${bestRatio}`);
});

test('the model is reproducible: same seed and times, same pairs', t => {
	t.deepEqual(simulate(30, 11, 5000).pairs, simulate(30, 11, 5000).pairs);
	t.notDeepEqual(simulate(30, 11, 5000).pairs, simulate(30, 12, 5000).pairs);
});

test('disorder keeps the bound: for i < j, stamp(i) <= stamp(j) + disorder, in ms and in seconds', t => {
	fc.assert(fc.property(
		fc.array(fc.integer({min: 0, max: 5000}), {minLength: 1, maxLength: 300}),
		fc.integer({min: 0, max: 10_000}),
		fc.constantFrom<1 | 1000>(1, 1000),
		fc.integer(),
		(steps, disorder, quantum, seed) => {
			const stamper = new Disorder(disorder, quantum, createRandom(seed));
			let time = 1_600_000_000_000;
			let newest = 0;
			for (const step of steps) {
				time += step;
				const stamp = stamper.stamp(time);
				if (stamp % quantum !== 0 || stamp > time || stamp < time - disorder - quantum || newest > stamp + disorder) {
					return false;
				}

				newest = Math.max(newest, stamp);
			}

			return true;
		},
	));
	t.pass();
});

test('disorder really shifts lines, by up to the whole amount, and never below zero', t => {
	const stamper = new Disorder(300_000, 1, createRandom(1));
	const shifts = Array.from({length: 10_000}, () => 1_600_000_000_000 - stamper.stamp(1_600_000_000_000));
	t.true(Math.min(...shifts) < 3000);
	t.true(Math.max(...shifts) > 290_000);
	t.true(Math.max(...shifts) <= 300_000);
	t.is(new Disorder(5000, 1, createRandom(1)).stamp(10), 0);
	t.is(new Disorder(0, 1, createRandom(1)).stamp(1234), 1234);
	t.is(new Disorder(0, 1000, createRandom(1)).stamp(1_600_000_001_999), 1_600_000_001_000);
});
