/** A copy of `array` with room for `capacity` elements, the new ones zero. */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, capacity: number): T {
	const bigger = new (array.constructor as new (length: number) => T)(capacity);
	bigger.set(array);
	return bigger;
}
