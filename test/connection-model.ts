import {isIP} from 'node:net';
import test from 'ava';
import fc from 'fast-check';
import {ConnectionModel, formatIpv6, generateAddresses, maxDuration} from '../source/core/connection-model.js';
import {RecordSchedule} from '../source/core/record-schedule.js';
import {createRandom} from '../source/core/traffic-model.js';

/* The details a sensor sees of a connection, and the order its records are written in. */

test('IPv6 addresses are written as RFC 5952 says, as the WHATWG URL parser (an independent implementation) writes them', t => {
	const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 0, max: 0xFF_FF}));
	fc.assert(fc.property(fc.array(group, {minLength: 8, maxLength: 8}), groups => {
		const written = formatIpv6(groups);
		const canonical = new URL(`http://[${groups.map(value => value.toString(16)).join(':')}]/`).hostname.slice(1, -1);
		return written === canonical;
	}), {numRuns: 2000});
	t.is(formatIpv6([0x20_01, 0xD_B8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1', 'the first of two equal runs');
	t.is(formatIpv6([1, 0, 2, 3, 4, 5, 6, 7]), '1:0:2:3:4:5:6:7', 'a single zero group stays');
});

test('generated addresses are distinct, valid, mostly IPv4, and the same for the same random source', t => {
	const addresses = generateAddresses(2000, createRandom(5));
	t.is(new Set(addresses).size, 2000);
	t.true(addresses.every(address => isIP(address) !== 0));
	const v6 = addresses.filter(address => isIP(address) === 6).length;
	t.true(v6 > 150 && v6 < 400, String(v6));
	t.deepEqual(generateAddresses(50, createRandom(5)), addresses.slice(0, 50));
});

test('connections are consistent: no longer than the limit, and no payload back without an answer', t => {
	const model = new ConnectionModel(100, createRandom(9));
	for (let index = 0; index < 20_000; index++) {
		const connection = model.draw(1_600_000_000_000 + index, index % 100, (index * 7) % 100);
		t.true((connection.duration ?? 0) <= maxDuration);
		if (connection.state === 'S0' || connection.state === 'REJ') {
			t.is(connection.destinationBytes, 0);
			t.is(connection.service, undefined);
		}

		if (connection.protocol === 'icmp') {
			t.is(connection.destinationPort, 0);
		}
	}
});

test('records come out in the order of their write time, ties in the order they came in, and every one of them', t => {
	// Suricata's `timestamp` is when it wrote the event: it must never go back.
	const schedule = new RecordSchedule('eve', generateAddresses(40, createRandom(2)), createRandom(3));
	const written: string[] = [];
	const write = (text: string) => written.push(text);
	let connections = 0;
	for (let time = 1_600_000_000_000; time < 1_600_000_000_000 + 7_200_000; time += 500) {
		schedule.release(time, write);
		schedule.add(time, connections % 40, (connections * 3) % 40);
		connections++;
	}

	const heldAtEnd = schedule.held;
	schedule.releaseAll(1_600_000_000_000 + 7_200_000, write);
	t.true(heldAtEnd > 0);
	t.is(schedule.held, 0);
	const events = written.map(line => JSON.parse(line) as {timestamp: string; event_type: string});
	t.is(events.filter(event => event.event_type === 'flow').length, connections);
	const times = events.map(event => Date.parse(event.timestamp.replace(/(\d\d)(\d\d)$/, '$1:$2')));
	t.true(times.every((time, index) => index === 0 || time >= times[index - 1]!), 'a record written before an earlier one');
});
