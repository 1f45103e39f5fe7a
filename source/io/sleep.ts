/**
Wait `milliseconds`, or less if `signal` aborts meanwhile: a loop that waits between rounds stops at once when asked to.
*/
export async function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
	if (milliseconds <= 0 || signal.aborted) {
		return;
	}

	await new Promise<void>(resolve => {
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};

		const timer = setTimeout(done, milliseconds);
		signal.addEventListener('abort', done, {once: true});
	});
}
