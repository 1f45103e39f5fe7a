import type {Connection, ConnectionState} from './connection-model.js';
import type {LogFormat} from './formats/log-format.js';
import type {Random} from './traffic-model.js';

/*
How the sensors of each format write a connection (SPEC section 6): the lines, when each is written, and a file's header and footer. Lateness is the format's own, all within its default tolerance:

- Zeek writes a connection when it is over: its end plus the delay before Zeek lets go of it (5 s after a close or a reset, the inactivity timeout otherwise: 5 min for TCP, 1 min for UDP and ICMP).
- VPC Flow Logs write a flow when the aggregation interval (10 min, each interface on its own clock) closes, published 1 to 5 min later.
- Suricata writes a flow event when the flow times out (60 s after a TCP close, 10 min for an established flow, 30 s to 5 min for UDP and ICMP); its other events (dns, alert) at once.

Connections last at most 45 minutes (`maxDuration`), so the latest record is 50 min (Zeek), 15 min (VPC) or 55 min (eve) behind its timestamp.
*/

export type RecordFormat = Exclude<LogFormat, 'native'>;

/**
Hand over one line to be written at `at` (ms): `text` makes it (without newline) when it is written, so that what waits is a small closure rather than the text; `connection` tells a record the dashboard counts from one it skips. What is random about a record is drawn before, in the order the records come in.

`text` gets the time the record is written: `at`, or earlier when the sensor stops first and writes what it holds, as it stands then (a connection not over yet ends at the stop).
*/
export type PushRecord = (at: number, text: (written: number) => string, connection: boolean) => void;

export type FormatRecords = {
	/** Lines that open each file (with newlines), given the time of its first record. */
	header?(time: number): string;
	/** Lines that close each file. */
	footer?(time: number): string;
	/** The record(s) of one connection, and any other records the sensor writes about it. */
	records(connection: Connection, push: PushRecord): void;
};

const second = 1000;
const minute = 60_000;

/**
The record maker of `format` over these host names.

@param random For what is not in the connection: Zeek's uids, Suricata's flow ids, the events around a flow.
*/
export function createFormatRecords(format: RecordFormat, hosts: readonly string[], random: Random): FormatRecords {
	switch (format) {
		case 'zeek': {
			return zeekRecords(hosts, random);
		}

		case 'vpc': {
			return vpcRecords(hosts, random);
		}

		case 'eve': {
			return eveRecords(hosts, random);
		}
	}
}

const zeekFields = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'];
const zeekTypes = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'];

function zeekRecords(hosts: readonly string[], random: Random): FormatRecords {
	const local = hosts.map(host => isLocal(host) ? 'T' : 'F');
	return {
		header: time => `#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t${zeekTime(time)}\n#fields\t${zeekFields.join('\t')}\n#types\t${zeekTypes.join('\t')}\n`,
		footer: time => `#close\t${zeekTime(time)}\n`,
		records(c, push) {
			// A connection of one packet has no duration, and Zeek leaves its byte counts unset too.
			const unset = c.duration === undefined;
			const ipHeader = c.protocol === 'tcp' ? 40 : 28;
			const id = uid(random);
			push(c.start + ((c.duration ?? 0) / 1000) + zeekDelay(c), written => [
				decimalSeconds(c.start, c.micros),
				id,
				hosts[c.source],
				c.sourcePort,
				hosts[c.destination],
				c.destinationPort,
				c.protocol,
				c.service ?? '-',
				unset ? '-' : (Math.min(c.duration!, Math.max(0, written - c.start) * 1000) / 1_000_000).toFixed(6),
				unset ? '-' : c.sourceBytes,
				unset ? '-' : c.destinationBytes,
				c.state,
				local[c.source],
				local[c.destination],
				0,
				c.history,
				c.sourcePackets,
				c.sourceBytes + (c.sourcePackets * ipHeader),
				c.destinationPackets,
				c.destinationBytes + (c.destinationPackets * ipHeader),
				'(empty)',
			].join('\t'), true);
		},
	};
}

function zeekDelay(c: Connection): number {
	if (c.protocol !== 'tcp') {
		return minute;
	}

	return c.state === 'SF' || c.state === 'REJ' || c.state === 'RSTO' || c.state === 'RSTR' ? 5 * second : 5 * minute;
}

const aggregationInterval = 10 * minute;
const vpcFields = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const protocolNumbers = {tcp: 6, udp: 17, icmp: 1} as const;

function vpcRecords(hosts: readonly string[], random: Random): FormatRecords {
	const account = String(100_000_000_000 + Math.floor(random() * 899_999_999_999));
	const salt = Math.floor(random() * 4_294_967_296);
	const interfaceOf = (host: number) => {
		const id = mix(host ^ salt);
		return `eni-${hex(id, 8)}${hex(mix(id), 8)}${hex(mix(id + 1) & 0xF, 1)}`;
	};
	// Each interface's intervals start at its own offset; the delivery delay is one per interface and interval, so its records come together.
	const window = (host: number, time: number) => {
		const offset = mix(host ^ (salt >>> 1)) % aggregationInterval;
		const index = Math.floor((time - offset) / aggregationInterval);
		const start = (index * aggregationInterval) + offset;
		return {start, end: start + aggregationInterval, published: start + aggregationInterval + minute + (mix(index ^ host ^ salt) % (4 * minute))};
	};

	return {
		header: () => `${vpcFields}\n`,
		records(c, push) {
			const {end, published} = window(c.source, c.start);
			const startSeconds = Math.floor(c.start / 1000);
			const endSeconds = Math.min(Math.floor((end - 1) / 1000), Math.floor((c.start + ((c.duration ?? 0) / 1000)) / 1000));
			const action = c.state === 'REJ' ? 'REJECT' : 'ACCEPT';
			const packets = c.sourcePackets;
			const bytes = c.sourceBytes + (packets * 40);
			// Flow Logs have no ICMP type or code: its ports are 0.
			const ports = c.protocol === 'icmp' ? '0 0' : `${c.sourcePort} ${c.destinationPort}`;
			push(published, written => `2 ${account} ${interfaceOf(c.source)} ${hosts[c.source]} ${hosts[c.destination]} ${ports} ${protocolNumbers[c.protocol]} ${packets} ${bytes} ${startSeconds} ${Math.max(startSeconds, Math.min(endSeconds, Math.floor(written / 1000)))} ${action} OK`, true);
			// Now and then an interface with nothing to log in an interval, or whose records were lost, says so.
			const draw = random();
			if (draw < 0.01) {
				const idle = Math.floor(random() * hosts.length);
				const idleWindow = window(idle, c.start);
				const status = draw < 0.0005 ? 'SKIPDATA' : 'NODATA';
				push(idleWindow.published, () => `2 ${account} ${interfaceOf(idle)} - - - - - - - ${Math.floor(idleWindow.start / 1000)} ${Math.floor(idleWindow.end / 1000)} - ${status}`, false);
			}
		},
	};
}

const applicationProtocols: Readonly<Record<string, string>> = {ssl: 'tls', http: 'http', dns: 'dns', ssh: 'ssh', smtp: 'smtp', ntp: 'ntp', dhcp: 'dhcp'};
const names = ['www.example.com', 'api.example.org', 'time.example.net', 'updates.example.com', 'mail.example.org', 'cdn.example.net', 'login.example.com'];
const signatures = [
	[2_013_028, 7, 'ET POLICY curl User-Agent Outbound', 'Attempted Information Leak', 2],
	[2_210_045, 2, 'SURICATA STREAM Packet with invalid ack', 'Generic Protocol Command Decode', 3],
	[2_027_865, 4, 'ET INFO Observed DNS Query to .cloud TLD', 'Potentially Bad Traffic', 2],
	[2_001_219, 20, 'ET SCAN Potential SSH Scan', 'Attempted Information Leak', 2],
] as const;
/** Suricata writes local time with its offset; this sensor is an hour east of UTC. */
const eveOffset = 60;

function eveRecords(hosts: readonly string[], random: Random): FormatRecords {
	const quoted = hosts.map(host => JSON.stringify(host));
	/** The members every event of a flow shares, made when an event is written. */
	const shared = (c: Connection, flowId: number) => {
		const proto = c.protocol === 'icmp' ? (hosts[c.source]!.includes(':') ? 'IPv6-ICMP' : 'ICMP') : c.protocol.toUpperCase();
		const addresses = c.protocol === 'icmp'
			? `"src_ip":${quoted[c.source]!},"dest_ip":${quoted[c.destination]!},"proto":"${proto}","icmp_type":8,"icmp_code":0`
			: `"src_ip":${quoted[c.source]!},"src_port":${c.sourcePort},"dest_ip":${quoted[c.destination]!},"dest_port":${c.destinationPort},"proto":"${proto}"`;
		const application = c.service === undefined ? undefined : applicationProtocols[c.service];
		return {
			head: `"flow_id":${flowId},"in_iface":"eth0"`,
			addresses,
			app: application ? `,"app_proto":"${application}"` : '',
			start: isoTime(c.start, c.micros),
		};
	};

	return {
		records(c, push) {
			const flowId = 1_000_000_000_000_000 + Math.floor(random() * 1_000_000_000_000_000);
			const durationMs = (c.duration ?? 0) / 1000;
			push(c.start + durationMs + eveTimeout(c.protocol, c.state), written => {
				const {head, addresses, app, start} = shared(c, flowId);
				// A flow written at a stop is as it stands then, still open if it was: Suricata's reason is then "shutdown".
				const planned = c.start + durationMs + eveTimeout(c.protocol, c.state);
				const last = Math.min(c.start + Math.floor(durationMs), Math.max(c.start, Math.floor(written)));
				const open = last < c.start + Math.floor(durationMs);
				const end = isoTime(last, c.micros);
				const reason = written < planned ? 'shutdown' : 'timeout';
				const state = open ? 'established' : (c.protocol !== 'tcp' ? (c.state === 'S0' ? 'new' : 'established') : (c.state === 'S0' ? 'new' : (c.state === 'SH' || c.state === 'OTH' ? 'established' : 'closed')));
				const tcp = c.protocol === 'tcp' ? `,"tcp":${tcpObject(open ? 'open' : c.state, state)}` : '';
				return `{"timestamp":"${isoTime(written, c.micros)}",${head},"event_type":"flow",${addresses}${app},"flow":{"pkts_toserver":${c.sourcePackets},"pkts_toclient":${c.destinationPackets},"bytes_toserver":${c.sourceBytes + (c.sourcePackets * 54)},"bytes_toclient":${c.destinationBytes + (c.destinationPackets * 54)},"start":"${start}","end":"${end}","age":${Math.floor((last - c.start) / 1000)},"state":"${state}","reason":"${reason}","alerted":false}${tcp}}`;
			}, true);
			if (c.service === 'dns') {
				const query = Math.floor(random() * 65_536);
				const name = names[Math.floor(random() * names.length)]!;
				push(c.start, () => {
					const {head, addresses, start} = shared(c, flowId);
					return `{"timestamp":"${start}",${head},"event_type":"dns",${addresses},"dns":{"type":"query","id":${query},"rrname":"${name}","rrtype":"A","tx_id":0}}`;
				}, false);
			}

			if (random() < 0.01) {
				const [id, rev, signature, category, severity] = signatures[Math.floor(random() * signatures.length)]!;
				const at = c.start + Math.min(durationMs, 50);
				push(at, () => {
					const {head, addresses, app, start} = shared(c, flowId);
					return `{"timestamp":"${isoTime(at, c.micros)}",${head},"event_type":"alert",${addresses},"alert":{"action":"allowed","gid":1,"signature_id":${id},"rev":${rev},"signature":"${signature}","category":"${category}","severity":${severity}}${app},"flow":{"pkts_toserver":${Math.min(3, c.sourcePackets)},"pkts_toclient":${Math.min(2, c.destinationPackets)},"bytes_toserver":${Math.min(c.sourceBytes, 400)},"bytes_toclient":${Math.min(c.destinationBytes, 300)},"start":"${start}"}}`;
				}, false);
			}
		},
	};
}

function eveTimeout(protocol: Connection['protocol'], state: ConnectionState): number {
	if (protocol === 'tcp') {
		return state === 'SH' || state === 'OTH' ? 10 * minute : minute;
	}

	return state === 'S0' ? 30 * second : 5 * minute;
}

/** Suricata's tcp object: the flags seen each way, given how the connection ended (`open`: it had not, at a stop). */
function tcpObject(connectionState: ConnectionState | 'open', state: string): string {
	const flags = {SF: '1b', S0: '02', REJ: '16', RSTO: '1e', RSTR: '1e', SH: '1b', OTH: '10', open: '1a'}[connectionState];
	const fin = connectionState === 'SF' || connectionState === 'SH';
	const rst = connectionState === 'REJ' || connectionState === 'RSTO' || connectionState === 'RSTR';
	return `{"tcp_flags":"${flags}","tcp_flags_ts":"${flags}","tcp_flags_tc":"${connectionState === 'S0' ? '00' : flags}","syn":true${fin ? ',"fin":true' : ''}${rst ? ',"rst":true' : ''}${connectionState === 'S0' ? '' : ',"psh":true,"ack":true'},"state":"${state}"}`;
}

/** `1331901000.486539`: Zeek's `ts`. */
function decimalSeconds(milliseconds: number, micros: number): string {
	const seconds = Math.floor(milliseconds / 1000);
	const fraction = ((milliseconds - (seconds * 1000)) * 1000) + micros;
	return `${seconds}.${String(fraction).padStart(6, '0')}`;
}

/** `2017-04-07T22:24:37.251547+0100`: Suricata's times, in the sensor's local time. */
function isoTime(milliseconds: number, micros: number): string {
	const whole = Math.floor(milliseconds);
	const local = new Date(whole + (eveOffset * minute)).toISOString();
	const hours = String(Math.floor(eveOffset / 60)).padStart(2, '0');
	const minutes = String(eveOffset % 60).padStart(2, '0');
	return `${local.slice(0, 23)}${String(micros).padStart(3, '0')}+${hours}${minutes}`;
}

/** `2020-12-13-17-00-00`: the time in Zeek's `#open` and `#close` lines. */
function zeekTime(milliseconds: number): string {
	return new Date(milliseconds).toISOString().slice(0, 19).replaceAll(/[T:]/g, '-');
}

const uidAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Zeek's connection uid: `C` and 17 letters and digits. */
function uid(random: Random): string {
	let text = 'C';
	for (let i = 0; i < 17; i++) {
		text += uidAlphabet[Math.floor(random() * uidAlphabet.length)]!;
	}

	return text;
}

/** Private (RFC 1918) and unique-local addresses are the site's own: Zeek's `local_orig` and `local_resp`. */
function isLocal(host: string): boolean {
	return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|f[cd])/i.test(host);
}

/** A 32-bit integer hash (the murmur3 finalizer): ids and offsets that follow from a host's index without a table. */
function mix(value: number): number {
	let x = value | 0;
	x = Math.imul(x ^ (x >>> 16), 0x85_EB_CA_6B);
	x = Math.imul(x ^ (x >>> 13), 0xC2_B2_AE_35);
	return (x ^ (x >>> 16)) >>> 0;
}

function hex(value: number, digits: number): string {
	return value.toString(16).padStart(digits, '0').slice(-digits);
}
