import type {Random} from './traffic-model.js';

/* What a network sensor sees of a connection beyond who talks to whom: addresses, protocol and ports, service, duration, bytes and packets, how it ended. The generator draws these for the formats of real sensors (Zeek, VPC Flow Logs, Suricata); the traffic model still decides the pair. No I/O. */

/** How a connection ended, in Zeek's words (`conn_state`): the others' states derive from it. */
export type ConnectionState = 'SF' | 'S0' | 'REJ' | 'RSTO' | 'RSTR' | 'SH' | 'OTH';

export type Protocol = 'tcp' | 'udp' | 'icmp';

export type Connection = {
	/** Time of the first packet, ms, and the microseconds within that ms (the formats write µs). */
	readonly start: number;
	readonly micros: number;
	/** Host indices, as the traffic model drew them. */
	readonly source: number;
	readonly destination: number;
	readonly protocol: Protocol;
	readonly sourcePort: number;
	readonly destinationPort: number;
	/** Zeek's name of the application protocol (`ssl`, `dns`), or undefined when none was recognised. */
	readonly service: string | undefined;
	/** Microseconds from the first packet to the last; undefined for a connection of a single packet (Zeek leaves it unset). */
	readonly duration: number | undefined;
	readonly sourceBytes: number;
	readonly destinationBytes: number;
	readonly sourcePackets: number;
	readonly destinationPackets: number;
	readonly state: ConnectionState;
	/** Zeek's `history`: the flags seen, in order (`ShADadFf`). */
	readonly history: string;
};

type Service = {
	readonly name: string | undefined;
	readonly protocol: Protocol;
	readonly port: number;
	readonly weight: number;
	/** Median seconds and the spread of their logarithm. */
	readonly seconds: number;
	readonly spread: number;
	/** Median bytes each way. */
	readonly sent: number;
	readonly received: number;
};

const services: readonly Service[] = [
	{name: 'ssl', protocol: 'tcp', port: 443, weight: 40, seconds: 2, spread: 1.6, sent: 1400, received: 12_000},
	{name: 'dns', protocol: 'udp', port: 53, weight: 22, seconds: 0.02, spread: 0.8, sent: 60, received: 140},
	{name: 'http', protocol: 'tcp', port: 80, weight: 12, seconds: 0.4, spread: 1.4, sent: 600, received: 6000},
	{name: 'mysql', protocol: 'tcp', port: 3306, weight: 5, seconds: 3, spread: 1.8, sent: 2000, received: 30_000},
	{name: 'ssh', protocol: 'tcp', port: 22, weight: 3, seconds: 90, spread: 2, sent: 4000, received: 8000},
	{name: 'ntp', protocol: 'udp', port: 123, weight: 3, seconds: 0.01, spread: 0.5, sent: 48, received: 48},
	{name: 'smtp', protocol: 'tcp', port: 25, weight: 2, seconds: 1.5, spread: 1, sent: 8000, received: 900},
	{name: 'dhcp', protocol: 'udp', port: 67, weight: 1, seconds: 0.005, spread: 0.5, sent: 300, received: 300},
	{name: undefined, protocol: 'tcp', port: 8443, weight: 5, seconds: 1, spread: 2, sent: 900, received: 3000},
	{name: undefined, protocol: 'udp', port: 514, weight: 4, seconds: 0.001, spread: 0.5, sent: 200, received: 0},
	{name: undefined, protocol: 'icmp', port: 0, weight: 3, seconds: 0.5, spread: 1, sent: 64, received: 64},
];

/** No connection lasts longer: every format's lateness (duration and the writer's delay) stays within its default tolerance. */
export const maxDuration = 45 * 60 * 1_000_000;

const tcpStates: ReadonlyArray<readonly [ConnectionState, number, string]> = [
	['SF', 82, 'ShADadFf'],
	['S0', 6, 'S'],
	['REJ', 4, 'Sr'],
	['RSTO', 3, 'ShADadR'],
	['RSTR', 2, 'ShADadr'],
	['SH', 2, 'ShAFf'],
	['OTH', 1, 'CCC'],
];

/**
Draws the details of each connection. Each host gets a role (the service it mostly answers) so that a destination looks like a web server or a resolver rather than a bit of everything.
*/
export class ConnectionModel {
	private readonly random: Random;
	private readonly roles: readonly Service[];
	private readonly total: number;

	constructor(hostCount: number, random: Random) {
		this.random = random;
		this.total = services.reduce((sum, service) => sum + service.weight, 0);
		this.roles = Array.from({length: hostCount}, () => this.pickService());
	}

	/** The connection from `source` to `destination` whose first packet is at `start` (ms). */
	draw(start: number, source: number, destination: number): Connection {
		const random = this.random;
		const service = random() < 0.75 ? this.roles[destination]! : this.pickService();
		const micros = Math.floor(random() * 1000);
		const sourcePort = service.protocol === 'icmp' ? 8 : 32_768 + Math.floor(random() * 28_232);
		const destinationPort = service.protocol === 'icmp' ? 0 : service.port;
		let state: ConnectionState = 'SF';
		let history = 'Dd';
		if (service.protocol === 'tcp') {
			[state, history] = this.pickTcpState();
		} else if (service.protocol === 'udp') {
			state = service.received > 0 && random() < 0.88 ? 'SF' : 'S0';
			history = state === 'SF' ? 'Dd' : 'D';
		} else {
			state = 'OTH';
			history = '-';
		}

		const answered = state === 'SF' || state === 'RSTO' || state === 'RSTR' || state === 'OTH';
		let duration: number | undefined = Math.min(maxDuration, Math.round(logNormal(random, service.seconds, service.spread) * 1_000_000));
		let sourceBytes = Math.round(logNormal(random, service.sent, 1));
		let destinationBytes = answered && service.received > 0 ? Math.round(logNormal(random, service.received, 1.3)) : 0;
		if (state === 'S0' || state === 'REJ') {
			// A SYN (maybe retried) and nothing, or a reset at once: no payload.
			duration = state === 'REJ' ? 60 + Math.floor(random() * 500) : (random() < 0.4 ? undefined : Math.round(random() * 6_000_000));
			sourceBytes = service.protocol === 'udp' ? sourceBytes : 0;
			destinationBytes = 0;
		}

		const sourcePackets = Math.max(1, Math.ceil(sourceBytes / 1200) + (service.protocol === 'tcp' ? 3 : 0));
		const destinationPackets = state === 'S0' ? 0 : Math.max(state === 'REJ' ? 1 : 0, Math.ceil(destinationBytes / 1400) + (service.protocol === 'tcp' ? 2 : 0));
		return {
			start,
			micros,
			source,
			destination,
			protocol: service.protocol,
			sourcePort,
			destinationPort,
			service: answered ? service.name : undefined,
			duration,
			sourceBytes,
			destinationBytes,
			sourcePackets,
			destinationPackets,
			state,
			history,
		};
	}

	private pickService(): Service {
		let draw = this.random() * this.total;
		for (const service of services) {
			draw -= service.weight;
			if (draw < 0) {
				return service;
			}
		}

		return services[0]!;
	}

	private pickTcpState(): readonly [ConnectionState, string] {
		let draw = this.random() * 100;
		for (const [state, weight, history] of tcpStates) {
			draw -= weight;
			if (draw < 0) {
				return [state, history];
			}
		}

		return ['SF', 'ShADadFf'];
	}
}

/** A log-normal draw with the given median: most values near it, a long tail above. */
function logNormal(random: Random, median: number, spread: number): number {
	// Box-Muller; 1 - random() is never 0.
	const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
	return median * Math.exp(spread * normal);
}

/**
`count` unique addresses as a sensor would see them: mostly IPv4 of private networks (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) and some public, and about one in eight IPv6 (unique-local `fd..` and the documentation prefix 2001:db8::/32), written as `inet_ntop` writes them. The same for the same random source.
*/
export function generateAddresses(count: number, random: Random): string[] {
	const addresses = new Set<string>();
	while (addresses.size < count) {
		addresses.add(address(random));
	}

	return [...addresses];
}

function address(random: Random): string {
	const kind = random();
	const byte = () => Math.floor(random() * 256);
	const host = () => 1 + Math.floor(random() * 254);
	if (kind < 0.45) {
		return `10.0.${Math.floor(random() * 8)}.${host()}`;
	}

	if (kind < 0.58) {
		return `10.${1 + Math.floor(random() * 254)}.${byte()}.${host()}`;
	}

	if (kind < 0.66) {
		return `192.168.${Math.floor(random() * 4)}.${host()}`;
	}

	if (kind < 0.71) {
		return `172.${16 + Math.floor(random() * 16)}.${byte()}.${host()}`;
	}

	if (kind < 0.88) {
		// Public unicast: not 0, 10, 127, 169.254, 172.16/12, 192.168, multicast or above.
		const first = [23, 31, 34, 35, 44, 52, 54, 64, 66, 81, 91, 93, 104, 142, 151, 157, 185, 199, 203, 212][Math.floor(random() * 20)]!;
		return `${first}.${byte()}.${byte()}.${host()}`;
	}

	const group = () => Math.floor(random() * 65_536);
	const groups = random() < 0.5
		? [0xFD_00 + Math.floor(random() * 256), group(), group(), Math.floor(random() * 16), 0, 0, 0, 1 + Math.floor(random() * 4095)]
		: [0x20_01, 0x0D_B8, group(), Math.floor(random() * 256), 0, 0, group(), group()];
	return formatIpv6(groups);
}

/** Eight groups as RFC 5952 writes them: lower-case hex, no leading zeros, the longest run of two or more zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
	let bestStart = -1;
	let bestLength = 1;
	for (let i = 0; i < groups.length;) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}

		let j = i;
		while (j < groups.length && groups[j] === 0) {
			j++;
		}

		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}

		i = j;
	}

	const hex = groups.map(group => group.toString(16));
	if (bestStart < 0) {
		return hex.join(':');
	}

	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
