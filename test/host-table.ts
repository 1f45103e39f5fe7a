import test from 'ava';
import {hashBytes, HostTable} from '../source/core/host-table.js';

const bytes = (text: string) => Buffer.from(text);

test('interning gives dense ids in order of first sight, and the same id again', t => {
	const hosts = new HostTable();
	const line = bytes('Hannibal Samatchi Hannibal');
	t.is(hosts.intern(line, 0, 8), 0);
	t.is(hosts.intern(line, 9, 17), 1);
	t.is(hosts.intern(line, 18, 26), 0);
	t.is(hosts.size, 2);
	t.is(hosts.name(1), 'Samatchi');
});

test('names are compared byte for byte and case-sensitively', t => {
	const hosts = new HostTable();
	const a = hosts.intern(bytes('Hanny'), 0, 5);
	const b = hosts.intern(bytes('hanny'), 0, 5);
	const c = hosts.intern(bytes('Hanny\u00A0'), 0, 7);
	t.not(a, b);
	t.not(a, c);
	t.is(hosts.findName('Hanny'), a);
	t.is(hosts.findName('HANNY'), -1);
});

test('find does not add a host', t => {
	const hosts = new HostTable();
	t.is(hosts.find(bytes('Steeve')), -1);
	t.is(hosts.size, 0);
});

test('invalid UTF-8 is kept as bytes and decoded with U+FFFD only for display', t => {
	const hosts = new HostTable();
	const raw = Uint8Array.from([0x61, 0xFF, 0x62]);
	const id = hosts.intern(raw, 0, raw.length);
	t.deepEqual([...hosts.bytes(id)], [0x61, 0xFF, 0x62]);
	t.is(hosts.name(id), 'a\uFFFDb');
	t.is(hosts.find(Uint8Array.from([0x61, 0xEF, 0xBF, 0xBD, 0x62])), -1, 'the replacement character is another host');
});

test('compare orders by bytes, a prefix first', t => {
	const hosts = new HostTable();
	const ids = ['b', 'a', 'ab', 'B', '\u00E9'].map(name => hosts.intern(bytes(name), 0, Buffer.byteLength(name)));
	const sorted = [...ids].sort((x, y) => hosts.compare(x, y)).map(id => hosts.name(id));
	t.deepEqual(sorted, ['B', 'a', 'ab', 'b', '\u00E9']);
});

test('a hundred thousand hosts survive growing the table and keep their ids', t => {
	const hosts = new HostTable(4);
	for (let i = 0; i < 100_000; i++) {
		const name = bytes(`host-${i}`);
		t.is(hosts.intern(name, 0, name.length), i);
	}

	for (let i = 0; i < 100_000; i += 997) {
		t.is(hosts.findName(`host-${i}`), i);
		t.is(hosts.name(i), `host-${i}`);
	}
});

test('an empty name is a host too', t => {
	const hosts = new HostTable();
	const id = hosts.intern(bytes('x'), 0, 0);
	t.is(hosts.find(bytes('')), id);
	t.is(hosts.name(id), '');
});

test('names of every length up to a few words compare exactly, whatever byte differs', t => {
	// Equality compares four bytes at a time, the last four overlapping: a difference in any byte of any length must show.
	for (let length = 1; length <= 13; length++) {
		const hosts = new HostTable();
		const name = Buffer.alloc(length, 0x61);
		const id = hosts.intern(name, 0, length);
		for (let at = 0; at < length; at++) {
			const other = Buffer.from(name);
			other[at] = 0x62;
			t.is(hosts.find(other), -1, `length ${length}, byte ${at}`);
		}

		// The same name at an odd offset of a larger buffer, as a line gives it.
		const line = Buffer.concat([Buffer.from('x '), name, Buffer.from(' y')]);
		t.is(hosts.intern(line, 2, 2 + length), id);
		t.is(hosts.size, 1);
	}
});

test('a hash given by the caller finds the same host as one computed here', t => {
	const hosts = new HostTable();
	const line = bytes('1 Hannibal Samatchi');
	const id = hosts.intern(line, 2, 10);
	t.is(hosts.intern(line, 2, 10, hashBytes(line, 2, 10)), id);
	t.is(hosts.size, 1);
});

test('compare is byte order across word boundaries, bytes above 0x7f after ASCII', t => {
	const hosts = new HostTable();
	const names = ['host-1000', 'host-999', 'host-1000a', 'host', 'hos', 'Host-1', 'host-\u00E9', 'host-z', '10.0.0.10', '10.0.0.9', '10.0.0.1'];
	const ids = names.map(name => hosts.intern(Buffer.from(name), 0, Buffer.byteLength(name)));
	const sorted = [...ids].sort((x, y) => hosts.compare(x, y)).map(id => hosts.name(id));
	t.deepEqual(sorted, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
});
