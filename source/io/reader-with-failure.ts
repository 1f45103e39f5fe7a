import type {LiveReader, ReaderStatus} from './live-reader-contract.js';

/**
A reader whose state is an error once `failure` gives one: for what writes the files being read (the generator of `--generate`), so that its failure (a full disk) shows as an error in words instead of a count that silently stops.
*/
export function readerWithFailure(reader: LiveReader, failure: () => Error | undefined): LiveReader {
	return {
		update: async () => reader.update(),
		report: options => reader.report(options),
		hosts: () => reader.hosts(),
		setWindow(milliseconds) {
			reader.setWindow(milliseconds);
		},
		close: async () => reader.close(),
		get status(): ReaderStatus {
			const status = reader.status;
			const error = failure();
			return error ? {...status, state: {kind: 'error', message: error.message}} : status;
		},
	};
}
