/*
What the `/` prompt offers for what was typed (SPEC section 4): the hosts seen that start with it first, then those that hold it, and where in each name the typed text is, to highlight it.
*/

/** Most candidates the prompt keeps: more than any screen shows. */
export const maxCandidates = 1000;

/**
Hosts offered for `text`, from `hosts` in activity order: the host named exactly first, then those starting with the text (case-sensitive, as hosts compare), then those holding it anywhere in any case, each group in activity order. At most `max`. Nothing typed offers the busiest hosts.
*/
export function completeHost(hosts: readonly string[], text: string, max = maxCandidates): string[] {
	if (text === '') {
		return hosts.slice(0, max);
	}

	let exact = false;
	const prefixed: string[] = [];
	const holding: string[] = [];
	const lower = text.toLowerCase();
	for (const host of hosts) {
		if (host === text) {
			exact = true;
		} else if (host.startsWith(text)) {
			if (prefixed.length < max) {
				prefixed.push(host);
			}
		} else if (holding.length < max && host.toLowerCase().includes(lower)) {
			holding.push(host);
		}
	}

	return [...(exact ? [text] : []), ...prefixed, ...holding].slice(0, max);
}

/** A host name in three parts: before the typed text, the typed text as it is in the name, and after it. */
export type MatchParts = {
	readonly before: string;
	readonly match: string;
	readonly after: string;
};

/**
Where `text` is in `host`, as `completeHost` matched it: at the start (same case), else the first place it is in any case. Undefined when it is not there (or nothing was typed).
*/
export function matchParts(host: string, text: string): MatchParts | undefined {
	if (text === '') {
		return undefined;
	}

	let start = host.startsWith(text) ? 0 : -1;
	if (start < 0) {
		const lower = text.toLowerCase();
		for (let index = 0; index + text.length <= host.length; index++) {
			if (host.slice(index, index + text.length).toLowerCase() === lower) {
				start = index;
				break;
			}
		}
	}

	if (start < 0) {
		return undefined;
	}

	const end = start + text.length;
	return {before: host.slice(0, start), match: host.slice(start, end), after: host.slice(end)};
}
