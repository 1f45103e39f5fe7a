/** Write to a stream and wait until it is taken; a failed write (a closed pipe) rejects. */
export async function writeText(stream: NodeJS.WritableStream, text: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		stream.write(text, error => {
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		});
	});
}
