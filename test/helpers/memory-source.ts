import type {ByteSource} from '../../source/io/scan-file.js';

/** Positional reads from bytes in memory, as a file would give them. */
export function memorySource(bytes: Uint8Array): ByteSource {
	return {
		async read(buffer, offset, length, position) {
			const count = Math.max(0, Math.min(length, bytes.length - position));
			buffer.set(bytes.subarray(position, position + count), offset);
			return {bytesRead: count};
		},
	};
}
