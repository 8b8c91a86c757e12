// The STOMP 1.2 a fan-out load client speaks to the gateway (docs/codecs.md): the subprotocol it
// offers, CONNECT, one book SUBSCRIBE under the id every stompjs client starts with, and a walk over
// the frames of one WebSocket message to the JSON bodies of its MESSAGEs. The generator counts deltas
// by counting `{` in whole WebSocket messages, headers included: that is right only while no header
// holds a `{`, so sampled connections check every header they read and stop the run if one does.

/** The subprotocol a client offers to get STOMP on `/ws`. */
export const STOMP_SUBPROTOCOL = 'v12.stomp';

/** The first frame: no heart-beat header, so the gateway sends none (WebSocket pings find dead peers). */
export const STOMP_CONNECT = 'CONNECT\naccept-version:1.2\nhost:x\n\n\0';

/**
 * The book subscription. Every client uses `sub-0`, as stompjs clients number theirs, so the gateway
 * builds one MESSAGE per update and every socket shares it.
 */
export function stompSubscribe(symbol: string, depth: number): string {
  return `SUBSCRIBE\nid:sub-0\ndestination:/topic/book.${symbol}.${depth}\n\n\0`;
}

/** Whether a 101 response took the subprotocol (a gateway that did not would answer STOMP with JSON errors). */
export function acceptsStomp(handshake: string): boolean {
  return /\r\nsec-websocket-protocol:[ \t]*v12\.stomp[ \t]*\r\n/i.test(handshake);
}

/** What a frame received before the book's snapshot means for a client that is setting up. */
export type StompSetupStep = { step: 'subscribe' } | { step: 'subscribed' } | { step: 'refused'; error: string } | { step: 'wait' };

/** Reads the text of a WebSocket message received while connecting and subscribing. */
export function stompSetupStep(text: string): StompSetupStep {
  if (text.startsWith('CONNECTED\n')) return { step: 'subscribe' };
  if (text.startsWith('ERROR\n')) return { step: 'refused', error: `STOMP ERROR: ${/\nmessage:([^\n]*)/.exec(text)?.[1] ?? text.slice(0, 200)}` };
  // The snapshot is a MESSAGE whose body is the JSON protocol's `book.snapshot`.
  return text.startsWith('MESSAGE\n') && text.includes('"type":"book.snapshot"') ? { step: 'subscribed' } : { step: 'wait' };
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const OPEN_BRACE = 0x7b;
const HEADERS_END = Buffer.from('\n\n');
const CONTENT_LENGTH = /\ncontent-length:(\d+)(?:\n|$)/;

/**
 * Hands `onBody` the body of each MESSAGE in one WebSocket message (several frames may share one;
 * heart-beats are bare line ends). Throws if a frame's headers hold a `{`, which would make every
 * unsampled connection's count wrong, or if a frame does not end in the message.
 */
export function forEachStompBody(payload: Buffer, onBody: (body: Buffer) => void): void {
  let at = 0;
  while (at < payload.length) {
    const first = payload[at];
    if (first === LF || first === CR) {
      at++;
      continue;
    }
    const headersEnd = payload.indexOf(HEADERS_END, at);
    if (headersEnd === -1) throw new Error(`STOMP frame without the end of its headers: ${JSON.stringify(payload.toString('utf8', at, at + 80))}`);
    const braceAt = payload.indexOf(OPEN_BRACE, at);
    if (braceAt !== -1 && braceAt < headersEnd) {
      throw new Error(`STOMP headers hold a "{", so counting "{" would count them as deltas: ${JSON.stringify(payload.toString('utf8', at, headersEnd))}`);
    }
    const headers = payload.toString('latin1', at, headersEnd);
    const bodyStart = headersEnd + HEADERS_END.length;
    const length = CONTENT_LENGTH.exec(headers)?.[1];
    const bodyEnd = length === undefined ? payload.indexOf(NUL, bodyStart) : bodyStart + Number(length);
    if (bodyEnd === -1 || bodyEnd >= payload.length || payload[bodyEnd] !== NUL) throw new Error(`STOMP ${headers.slice(0, headers.indexOf('\n'))} frame does not end in its WebSocket message`);
    if (headers.startsWith('MESSAGE\n')) onBody(payload.subarray(bodyStart, bodyEnd));
    at = bodyEnd + 1;
  }
}
