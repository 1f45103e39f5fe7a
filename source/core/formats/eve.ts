import {type LineResult, lineResult} from '../line-cursor.js';
import {blankLine, isBlank, RecordCursor} from './connection-cursor.js';
import {JsonScanner, member} from './json-scan.js';
import {parseIsoTimestamp} from './timestamps.js';

/*
Suricata's eve.json (SPEC section 6): one JSON object a line, of many event types. Only `"event_type":"flow"` is a connection: `src_ip` to `dest_ip`, at `flow.start` (ISO 8601 with fraction and offset, `2017-04-07T22:24:37.251547+0100`). Other events (dns, alert, http, stats, ...) are skipped.

Suricata writes `event_type` among the first members, so another event is skipped after a few dozen bytes, and a flow's record is read up to its `flow` object: the rest of a line is not looked at once the four values are in hand.
*/

const eventTypeKey = Buffer.from('event_type');
const sourceKey = Buffer.from('src_ip');
const destinationKey = Buffer.from('dest_ip');
const flowKey = Buffer.from('flow');
const startKey = Buffer.from('start');
const flowType = Buffer.from('flow');

/**
Reads eve.json flow events; each line stands alone, so there is no state across lines.
*/
export class EveCursor extends RecordCursor {
	private readonly json = new JsonScanner();

	protected readRecord(buffer: Uint8Array, start: number, end: number): LineResult | typeof blankLine {
		const json = this.json;
		if (!json.begin(buffer, start, end)) {
			return isBlank(buffer, start, end) ? blankLine : lineResult.malformed;
		}

		let found = 0;
		let timestamp = -1;
		let sourceStart = 0;
		let sourceEnd = 0;
		let sourceEscaped = false;
		let destinationStart = 0;
		let destinationEnd = 0;
		let destinationEscaped = false;
		while (found !== 15) {
			if (json.nextMember() !== member.found) {
				return lineResult.malformed;
			}

			if (json.keyIs(eventTypeKey)) {
				if (!json.readString()) {
					return lineResult.malformed;
				}

				if (json.valueEnd - json.valueStart !== 4 || !sameAsFlow(buffer, json.valueStart)) {
					return lineResult.skipped;
				}

				found |= 1;
			} else if (json.keyIs(sourceKey)) {
				if (!json.readString()) {
					return lineResult.malformed;
				}

				sourceStart = json.valueStart;
				sourceEnd = json.valueEnd;
				sourceEscaped = json.escaped;
				found |= 2;
			} else if (json.keyIs(destinationKey)) {
				if (!json.readString()) {
					return lineResult.malformed;
				}

				destinationStart = json.valueStart;
				destinationEnd = json.valueEnd;
				destinationEscaped = json.escaped;
				found |= 4;
			} else if (json.keyIs(flowKey) && (found & 8) === 0) {
				// Once the addresses are in hand (Suricata writes them first) the rest of the flow object, and of the line, is not read.
				timestamp = readFlowStart(json, found !== 7);
				if (timestamp < 0) {
					return lineResult.malformed;
				}

				found |= 8;
			} else if (!json.skipValue()) {
				return lineResult.malformed;
			}
		}

		return this.takeJsonHosts(buffer, timestamp, sourceStart, sourceEnd, destinationStart, destinationEnd, sourceEscaped || destinationEscaped);
	}
}

function sameAsFlow(buffer: Uint8Array, start: number): boolean {
	return buffer[start] === flowType[0] && buffer[start + 1] === flowType[1] && buffer[start + 2] === flowType[2] && buffer[start + 3] === flowType[3];
}

/** The `flow` object's `start`, in ms (-1 when it is not there or not a time), leaving the scanner after the object when `leave` (more members are wanted). */
function readFlowStart(json: JsonScanner, leave: boolean): number {
	if (!json.enterObject()) {
		return -1;
	}

	for (;;) {
		if (json.nextMember() !== member.found) {
			return -1;
		}

		if (json.keyIs(startKey)) {
			if (!json.readString()) {
				return -1;
			}

			const timestamp = parseIsoTimestamp(json.buffer, json.valueStart, json.valueEnd);
			return timestamp >= 0 && (!leave || json.leaveObject()) ? timestamp : -1;
		}

		if (!json.skipValue()) {
			return -1;
		}
	}
}
