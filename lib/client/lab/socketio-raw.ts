// The first Engine.IO packets this page's Socket.IO client exchanged, kept as text for the lab's "on
// the wire" panel: the handshake (`0{"sid":…}`), the namespace connect, the WebSocket probe (`2probe` /
// `3probe`) and upgrade (`5`), the subscribe and its ack, and one `42["index",…]` event. Written by the
// transport's tap, read by the page on its render tick.
import { truncate, visibleControls } from './raw-text.ts';

/** Which Engine.IO transport carried a line. */
export type EngineTransportName = 'polling' | 'websocket';

/** One line of the log: an HTTP request the client made, or one packet sent or received. */
export type SocketIoWireLine =
  | { kind: 'request'; transport: EngineTransportName; method: 'GET' | 'POST'; path: string }
  | { kind: 'sent' | 'received'; transport: EngineTransportName; packet: string };

export interface SocketIoRaw {
  lines: SocketIoWireLine[];
  /** The last `tw.closed` event, whenever it came: why the server ended the connection. */
  closed: string | undefined;
}

/** Enough lines for the handshake, the upgrade and the first events, whatever order they interleave in. */
export const MAX_LINES = 40;
/** Engine.IO v4 separates the packets of one polling payload with a record separator. */
const RECORD_SEPARATOR = '\x1e';
const INDEX_EVENT = '42["index"';
const CLOSED_EVENT = '42["tw.closed"';

export function createSocketIoRaw(): SocketIoRaw {
  return { lines: [], closed: undefined };
}

function hasPacket(raw: SocketIoRaw, test: (packet: string) => boolean): boolean {
  return raw.lines.some((line) => line.kind !== 'request' && test(line.packet));
}

/** Whether the log has what it is for: an index event, and the upgrade to WebSocket. */
export function isComplete(raw: SocketIoRaw): boolean {
  return raw.lines.length >= MAX_LINES || (hasPacket(raw, (p) => p.startsWith(INDEX_EVENT)) && hasPacket(raw, (p) => p === '5'));
}

/** The packets of one payload: a polling body holds several, separated by 0x1E; a WebSocket message holds one. */
export function enginePackets(transport: EngineTransportName, data: string): string[] {
  return transport === 'polling' ? data.split(RECORD_SEPARATOR) : [data];
}

// Heart-beats (a bare `2` or `3`) and index events after the first say nothing new.
function isWorthShowing(raw: SocketIoRaw, packet: string): boolean {
  if (packet === '2' || packet === '3') return false;
  return !(packet.startsWith(INDEX_EVENT) && hasPacket(raw, (p) => p.startsWith(INDEX_EVENT)));
}

/** Logs the packets of a payload the client sent or received, until the log is complete. */
export function recordEnginePayload(raw: SocketIoRaw, kind: 'sent' | 'received', transport: EngineTransportName, data: string): void {
  for (const packet of enginePackets(transport, data)) {
    if (kind === 'received' && packet.startsWith(CLOSED_EVENT)) raw.closed = packet;
    if (!isComplete(raw) && isWorthShowing(raw, packet)) raw.lines.push({ kind, transport, packet });
  }
}

/** Logs an HTTP request (a poll, a POST of packets, the WebSocket handshake), until the log is complete. */
export function recordEngineRequest(raw: SocketIoRaw, transport: EngineTransportName, method: 'GET' | 'POST', path: string): void {
  if (!isComplete(raw)) raw.lines.push({ kind: 'request', transport, method, path });
}

/** One line for the page: requests flush left, packets under them with an arrow and their transport. */
export function showWireLine(line: SocketIoWireLine): string {
  if (line.kind === 'request') return truncate(`${line.method} ${line.path}${line.transport === 'websocket' ? '  (Upgrade: websocket)' : ''}`);
  const arrow = line.kind === 'sent' ? '→' : '←';
  return `  ${arrow} ${line.transport === 'polling' ? 'poll' : 'ws  '} ${visibleControls(truncate(line.packet))}`;
}
