import {type Key, useApp, useInput, useStdin} from 'ink';
import {type Dispatch, useCallback, useRef} from 'react';
import {type DashboardAction, dashboardReducer, type DashboardState} from '../core/dashboard-state.js';
import type {PaneFits} from '../core/dashboard-view.js';

export type DashboardKeysOptions = {
	readonly state: DashboardState;
	readonly dispatch: Dispatch<DashboardAction>;
	/** Rows each pane shows at once, for moving the selection a page and scrolling with it. */
	readonly fits: PaneFits;
};

/** What one key does: actions for the reducer, or quitting. */
type KeyEffect = DashboardAction | 'quit';

/**
Every key of the dashboard, in one place (SPEC section 4): each key dispatches reducer actions, except `q` and Ctrl-C, which end the app. Up and down (and the page keys) move the focused pane's selection, Enter watches its host, Backspace goes back. The prompt and the help take the keys while open. Inactive when stdin cannot be put in raw mode.

Keys typed faster than the screen redraws arrive as one string (`/Han` then Enter): they are taken one by one, each against the state the ones before it left.
*/
export function useDashboardKeys({state, dispatch, fits}: DashboardKeysOptions): void {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	// Ink subscribes a new handler in a passive effect, which can run after the next key: the handler reads refs set while rendering instead.
	const latest = useRef(state);
	latest.current = state;
	const limits = useRef(fits);
	limits.current = fits;

	const onInput = useCallback(
		(input: string, key: Key) => {
			for (const [char, charKey] of splitKeys(input, key)) {
				const effect = keyEffect(latest.current, char, charKey, limits.current);
				if (effect === 'quit') {
					exit();
					return;
				}

				if (effect !== undefined) {
					latest.current = dashboardReducer(latest.current, effect);
					dispatch(effect);
				}
			}
		},
		[dispatch, exit],
	);
	useInput(onInput, {isActive: isRawModeSupported});
}

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/* Ink hands a run of plain characters over as one input; named keys come alone. */
function splitKeys(input: string, key: Key): Array<[string, Key]> {
	const chars = [...input];
	if (chars.length <= 1 || key.ctrl || key.meta) {
		return [[input, key]];
	}

	return chars.map(char => {
		switch (char) {
			case '\r':
			case '\n': {
				return ['', {...noKey, return: true}];
			}

			case '\t': {
				return ['', {...noKey, tab: true}];
			}

			case '\u007F':
			case '\b': {
				return ['', {...noKey, backspace: true}];
			}

			case '\u0003': {
				return ['c', {...noKey, ctrl: true}];
			}

			default: {
				return [char, noKey];
			}
		}
	});
}

function keyEffect(state: DashboardState, input: string, key: Key, fits: PaneFits): KeyEffect | undefined {
	if (key.ctrl && input === 'c') {
		return 'quit';
	}

	if (state.prompt) {
		return promptKey(input, key);
	}

	if (state.help) {
		if (key.escape || input === '?') {
			return {type: 'closeHelp'};
		}

		return input === 'q' ? 'quit' : undefined;
	}

	const fit = fits[state.focus];
	const scrollBy = (delta: number): DashboardAction => ({type: 'select', delta, visible: fit.visible});
	if (key.tab) {
		return {type: 'focus', direction: key.shift ? -1 : 1};
	}

	if (key.leftArrow) {
		return {type: 'stepHost', direction: -1};
	}

	if (key.rightArrow) {
		return {type: 'stepHost', direction: 1};
	}

	if (key.upArrow) {
		return scrollBy(-1);
	}

	if (key.downArrow) {
		return scrollBy(1);
	}

	if (key.pageUp) {
		return scrollBy(-fit.page);
	}

	if (key.pageDown) {
		return scrollBy(fit.page);
	}

	if (key.home) {
		return scrollBy(-Number.MAX_SAFE_INTEGER);
	}

	if (key.end) {
		return scrollBy(Number.MAX_SAFE_INTEGER);
	}

	if (key.return) {
		return {type: 'watchSelected'};
	}

	// Ink names the Backspace key (DEL, 0x7f) `delete`.
	if (key.backspace || key.delete) {
		return {type: 'back'};
	}

	if (key.ctrl || key.meta) {
		return undefined;
	}

	switch (input) {
		case 'q': {
			return 'quit';
		}

		case ' ':
		case 'p': {
			return {type: 'togglePause'};
		}

		case '/': {
			return {type: 'openPrompt'};
		}

		case '[': {
			return {type: 'stepHost', direction: -1};
		}

		case ']': {
			return {type: 'stepHost', direction: 1};
		}

		case 'r': {
			return {type: 'refresh'};
		}

		case '+':
		case '=': {
			return {type: 'scaleWindow', factor: 2};
		}

		case '-':
		case '_': {
			return {type: 'scaleWindow', factor: 0.5};
		}

		case 't': {
			return {type: 'toggleTopBy'};
		}

		case 'l': {
			return {type: 'toggleScale'};
		}

		case 'k': {
			return scrollBy(-1);
		}

		case 'j': {
			return scrollBy(1);
		}

		case 'g': {
			return scrollBy(-Number.MAX_SAFE_INTEGER);
		}

		case 'G': {
			return scrollBy(Number.MAX_SAFE_INTEGER);
		}

		case '?': {
			return {type: 'toggleHelp'};
		}

		default: {
			return undefined;
		}
	}
}

function promptKey(input: string, key: Key): DashboardAction | undefined {
	if (key.escape) {
		return {type: 'closePrompt'};
	}

	if (key.return) {
		return {type: 'promptSubmit'};
	}

	if (key.tab) {
		return {type: 'promptComplete', direction: key.shift ? -1 : 1};
	}

	if (key.downArrow) {
		return {type: 'promptComplete', direction: 1};
	}

	if (key.upArrow) {
		return {type: 'promptComplete', direction: -1};
	}

	if (key.backspace || key.delete) {
		return {type: 'promptBackspace'};
	}

	if (key.ctrl || key.meta) {
		return undefined;
	}

	const text = stripControls(input);
	return text === '' ? undefined : {type: 'promptType', text};
}

/* Pasted text can carry control characters; a host name typed at the prompt keeps only the rest. */
function stripControls(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0)!;
		if (code >= 0x20 && code !== 0x7F && (code < 0x80 || code > 0x9F)) {
			out += char;
		}
	}

	return out;
}
