/* The generator's idea of realistic traffic, with no I/O: a seeded random source, host names, who talks to whom, and how late a line may be stamped. */

/** A random source: each call gives a number in [0, 1). */
export type Random = () => number;

/**
Mulberry32: a 32-bit state, a handful of integer operations a call, and good enough statistics for traffic. Small and fast matters: a gigabyte of log draws a few hundred million numbers.
*/
export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
An independent stream of a seed, so that turning one feature on (say disorder) does not change what the others draw: the same seed gives the same host pairs with or without `--disorder`.
*/
export function randomStream(seed: number, stream: number): Random {
	// Fold seeds beyond 32 bits in, then mix with a splitmix-style finalizer so that nearby seeds and streams give unrelated states.
	let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4_294_967_296) | 0, 0x9E_37_79_B9) ^ Math.imul(stream + 1, 0x85_EB_CA_6B);
	x = Math.imul(x ^ (x >>> 16), 0x7F_EB_35_2D);
	x = Math.imul(x ^ (x >>> 15), 0x84_6C_A6_8B);
	return createRandom(x ^ (x >>> 16));
}

/** Streams of one seed, one per concern. */
export const streams = {names: 0, traffic: 1, disorder: 2, details: 3} as const;

/** The hosts of the original five-host demo, used when neither `--hosts` nor `--host-count` is given. */
export const defaultHosts: readonly string[] = ['Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa'];

const personNames = [
	'Hannibal', 'Samatchi', 'Hanny', 'Steeve', 'Mustafa', 'Aurelia', 'Balthazar', 'Cassandra', 'Dmitri', 'Esmeralda',
	'Fitzgerald', 'Gwendolyn', 'Horatio', 'Ingrid', 'Jasper', 'Kalinda', 'Leopold', 'Marisol', 'Nikolai', 'Ophelia',
	'Percival', 'Quentin', 'Rosalind', 'Sebastian', 'Tamsin', 'Ulysses', 'Valentina', 'Wilhelmina', 'Xavier', 'Yasmin',
	'Zebulon', 'Anouk', 'Bartholomew', 'Cosima', 'Desmond', 'Elodie', 'Florian', 'Giacomo', 'Hortense', 'Isidore',
];

const roles = ['web', 'db', 'api', 'cache', 'auth', 'mail', 'dns', 'proxy', 'queue', 'worker', 'search', 'files', 'backup', 'build', 'metrics', 'logs', 'vpn', 'gw', 'lb', 'node'];
const environments = ['', '', 'prod-', 'staging-', 'dev-', 'eu-', 'us-'];

/**
`count` unique, plausible host names (`web-03`, `db-prod-1`, `Hannibal`), the same for the same random source. The five default hosts come first (as many as `count` allows), so that `dashboard --host Hannibal` finds traffic in any generated log, the demo's included; how busy each is stays as random as for any other name.
*/
export function generateHostNames(count: number, random: Random): string[] {
	const names = new Set<string>(defaultHosts.slice(0, Math.max(0, count)));
	const numbers = Math.max(99, count);
	while (names.size < count) {
		let name = '';
		// A few tries at a nice name; a crowded name space falls back to one that cannot collide.
		for (let attempt = 0; attempt < 20 && (name === '' || names.has(name)); attempt++) {
			name = random() < 0.2 ? pick(personNames, random) : serviceName(random, numbers);
		}

		names.add(names.has(name) ? `host-${names.size + 1}` : name);
	}

	return [...names];
}

function serviceName(random: Random, numbers: number): string {
	const number = 1 + Math.floor(random() * numbers);
	const digits = random() < 0.5 ? String(number).padStart(2, '0') : String(number);
	return `${pick(roles, random)}-${pick(environments, random)}${digits}`;
}

function pick<T>(items: readonly T[], random: Random): T {
	return items[Math.floor(random() * items.length)]!;
}

/**
Draws indices with given weights in constant time (Vose's alias method): the traffic model draws two hosts a line, and a binary search over tens of thousands of hosts would cost more than writing the line.
*/
export class WeightedPicker {
	private readonly probability: Float64Array;
	private readonly alias: Int32Array;

	constructor(weights: readonly number[]) {
		const count = weights.length;
		this.probability = new Float64Array(count);
		this.alias = new Int32Array(count);
		const total = weights.reduce((sum, weight) => sum + weight, 0);
		const scaled = weights.map(weight => (weight * count) / total);
		const small: number[] = [];
		const large: number[] = [];
		for (const [index, value] of scaled.entries()) {
			(value < 1 ? small : large).push(index);
		}

		while (small.length > 0 && large.length > 0) {
			const less = small.pop()!;
			const more = large.pop()!;
			this.probability[less] = scaled[less]!;
			this.alias[less] = more;
			scaled[more] = scaled[more]! + scaled[less]! - 1;
			(scaled[more]! < 1 ? small : large).push(more);
		}

		// What is left is 1 up to rounding.
		for (const index of [...small, ...large]) {
			this.probability[index] = 1;
		}
	}

	/** One index, from one random number: its whole part picks a column, its fraction decides between the column and its alias. */
	pick(random: Random): number {
		const scaled = random() * this.probability.length;
		const column = Math.floor(scaled);
		return scaled - column < this.probability[column]! ? column : this.alias[column]!;
	}
}

/** How popularity falls with rank: weight 1 / rank^s. Around 1, the top host of five carries about 40 % of the traffic and the tail of thousands stays visible. */
const zipfExponent = 1.1;
/** Mean pause between bursts, and their length, in ms of (live or synthetic) time. */
const meanBurstGap = 60_000;
const minBurstLength = 10_000;
const maxBurstLength = 40_000;

/**
Who talks to whom. Hosts get a popularity as a source and one as a destination, each by a Zipf law over its own random ranking: a few busy hosts, a long tail, and hosts that mostly connect or are mostly connected to. Now and then a burst makes one host, often a quiet one, the source or the destination of a large share of the lines for a while.

`next(time)` leaves the pair on `source` and `destination` rather than returning an object, so that a gigabyte of lines allocates nothing.
*/
export class TrafficModel {
	source = 0;
	destination = 0;
	private readonly sources: WeightedPicker;
	private readonly destinations: WeightedPicker;
	private readonly hostCount: number;
	private readonly random: Random;
	private nextBurstAt: number | undefined;
	private burstEnd = 0;
	private burstHost = 0;
	private burstAsSource = true;
	private burstShare = 0;

	constructor(hostCount: number, random: Random) {
		this.hostCount = hostCount;
		this.random = random;
		// A host's rank as a client and its rank as a server are drawn apart: some hosts end up mostly sources, others mostly destinations, a few busy as both, and each pane is skewed on its own.
		const sourceRanks = shuffledRanks(hostCount, random);
		const destinationRanks = shuffledRanks(hostCount, random);
		const sourceWeights = sourceRanks.map(rank => zipfWeight(rank));
		const destinationWeights = destinationRanks.map(rank => zipfWeight(rank));
		this.sources = new WeightedPicker(sourceWeights);
		this.destinations = new WeightedPicker(destinationWeights);
	}

	/** Draw the next line's pair; `time` (ms, never decreasing) drives the bursts. */
	next(time: number): void {
		this.nextBurstAt ??= time + this.exponential(meanBurstGap);
		if (time >= this.nextBurstAt) {
			this.startBurst(time);
		}

		const random = this.random;
		const inBurst = time < this.burstEnd && random() < this.burstShare;
		const source = inBurst && this.burstAsSource ? this.burstHost : this.sources.pick(random);
		let destination = inBurst && !this.burstAsSource ? this.burstHost : this.destinations.pick(random);
		// Hosts seldom connect to themselves; a few redraws keep that rare without looping forever on a tiny or lopsided host list.
		for (let attempt = 0; destination === source && attempt < 6 && this.hostCount > 1; attempt++) {
			destination = this.destinations.pick(random);
		}

		this.source = source;
		this.destination = destination;
	}

	private startBurst(time: number): void {
		const random = this.random;
		this.burstHost = Math.floor(random() * this.hostCount);
		this.burstAsSource = random() < 0.6;
		this.burstShare = 0.3 + (random() * 0.3);
		this.burstEnd = time + minBurstLength + (random() * (maxBurstLength - minBurstLength));
		this.nextBurstAt = this.burstEnd + this.exponential(meanBurstGap);
	}

	private exponential(mean: number): number {
		return -Math.log(1 - this.random()) * mean;
	}
}

function zipfWeight(rank: number): number {
	return 1 / ((rank + 1) ** zipfExponent);
}

function shuffledRanks(count: number, random: Random): number[] {
	const ranks = Array.from({length: count}, (_, index) => index);
	for (let index = count - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[ranks[index], ranks[other]] = [ranks[other]!, ranks[index]!];
	}

	return ranks;
}

/**
Stamps lines up to `disorder` ms late, for `--disorder`. Given times that never decrease, it keeps SPEC's bound: for lines i < j, stamp(i) <= time(i) <= time(j) <= stamp(j) + disorder.

`quantum` is the unit the stamps are written in (1 ms, or 1000 for seconds): times are cut to it before the shift and shifts are whole quanta, so cutting to seconds cannot widen the bound.
*/
export class Disorder {
	private readonly steps: number;
	private readonly quantum: 1 | 1000;
	private readonly random: Random;

	constructor(disorder: number, quantum: 1 | 1000, random: Random) {
		this.quantum = quantum;
		this.random = random;
		this.steps = Math.floor(disorder / quantum);
	}

	/** The timestamp (ms, a multiple of the quantum, never negative) of a line that happens at `time`. */
	stamp(time: number): number {
		const base = Math.floor(time / this.quantum);
		const shift = this.steps === 0 ? 0 : Math.floor(this.random() * (this.steps + 1));
		return Math.max(0, base - shift) * this.quantum;
	}
}
