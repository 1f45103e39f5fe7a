import type {LiveOptions} from '../../source/commands/options.js';
import {defaultTolerances} from '../../source/core/formats/log-format.js';

/** A fixed now for tests: 2020-12-13T17:27:18.820Z. */
export const testNow = 1_607_880_438_820;

/** Live options as the command line would hand them over; long refresh period so only keys refresh unless a test says otherwise. */
export function liveOptions(overrides: Partial<LiveOptions> = {}): LiveOptions {
	return {
		every: 3_600_000,
		window: 600_000,
		files: ['app.log'],
		generate: false,
		format: 'auto',
		tolerance: 300_000,
		tolerances: defaultTolerances,
		topBy: 'source',
		clock: 'wall',
		now: testNow,
		once: false,
		json: false,
		plain: false,
		...overrides,
	};
}
