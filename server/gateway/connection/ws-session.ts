// A WebSocket accepted on `/ws` becomes a session with the codec its handshake negotiated: STOMP 1.2
// for the `v12.stomp` subprotocol, the JSON protocol for none.
import type { RawData, WebSocket } from 'ws';
import { getMetrics } from '../../../lib/metrics.ts';
import { JsonCodec } from '../codec/json-codec.ts';
import { STOMP_SUBPROTOCOL, StompCodec } from '../stomp/stomp-codec.ts';
import { ClientSession, type SessionOpening } from './client-session.ts';
import type { SessionDeps } from './session-deps.ts';
import { releaseInflater } from '../fanout/ws-internals.ts';
import { WsPort } from './ws-port.ts';

/** `handleProtocols` of the WebSocket server: STOMP when offered (clients offer 1.0 and 1.1 beside it), else none. */
export function selectSubprotocol(offered: Set<string>): string | false {
  return offered.has(STOMP_SUBPROTOCOL) ? STOMP_SUBPROTOCOL : false;
}

/** Opens the session of an accepted socket and wires the socket's events to it. */
export function openWsSession(ws: WebSocket, who: Pick<SessionOpening, 'ip' | 'userId' | 'session'>, deps: SessionDeps, afterClose: (session: ClientSession) => void): ClientSession {
  const isStomp = ws.protocol === STOMP_SUBPROTOCOL;
  const opening: SessionOpening = {
    ...who,
    transport: isStomp ? 'stomp' : 'ws',
    codec: isStomp ? (host) => new StompCodec(host, deps.options) : (host) => new JsonCodec(host),
  };
  const session = new ClientSession(new WsPort(ws), opening, deps, afterClose);
  ws.on('message', (data, isBinary) => {
    // A browser compresses what it sends: no zlib stream stays behind for the socket's idle life.
    releaseInflater(ws);
    session.receive(bytesOf(data), isBinary);
  });
  ws.on('pong', () => {
    session.isAlive = true;
  });
  ws.on('error', (error) => {
    // ws already closes the socket with the right code (1009 too big, 1007 bad UTF-8, 1002 protocol).
    deps.logger.debug({ err: error, ip: who.ip }, 'websocket error');
    getMetrics().badInput.inc({ source: 'ws', reason: 'PROTOCOL' });
  });
  return session;
}

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
