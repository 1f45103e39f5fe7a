/**
A mistake in how the program was called: a bad flag, value or argument. Exit code 2.
*/
export class UsageError extends Error {
	override name = 'UsageError';
}

/**
Something went wrong while working: a file that cannot be read or written. Exit code 1.
*/
export class RuntimeError extends Error {
	override name = 'RuntimeError';
}
