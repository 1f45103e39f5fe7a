import type {FakeLine} from './fake-reader.js';
import {testNow} from './live-options.js';

function repeat(count: number, source: string, destination: string): Array<[string, string]> {
	return Array.from({length: count}, () => [source, destination]);
}

/**
Twelve lines in the minute before `testNow`. By source: Hannibal 8, Steeve 2, Hanny 1, Mustafa 1. By activity: Hannibal 11, Steeve 8, Hanny 4, Mustafa 1. Connected to Hannibal: Steeve 2, Hanny 1. Received from Hannibal: Steeve 5, Hanny 3.
*/
export const sampleLines: FakeLine[] = [
	...repeat(5, 'Hannibal', 'Steeve'),
	...repeat(3, 'Hannibal', 'Hanny'),
	...repeat(2, 'Steeve', 'Hannibal'),
	...repeat(1, 'Hanny', 'Hannibal'),
	...repeat(1, 'Mustafa', 'Steeve'),
].map(([source, destination], index) => [testNow - 60_000 + (index * 1000), source, destination]);
