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

/** The socket events' listeners, one set per gateway; ws calls each with the socket as `this`. */
interface SocketListeners {
  message(this: WebSocket, data: RawData, isBinary: boolean): void;
  pong(this: WebSocket): void;
  error(this: WebSocket, error: Error): void;
}

// Per connection, only an entry in `sessions`: no closures (thousands of sockets sit idle at once).
const sessions = new WeakMap<WebSocket, ClientSession>();
const listenersByDeps = new WeakMap<SessionDeps, SocketListeners>();

/** Opens the session of an accepted socket and wires the socket's events to it. */
export function openWsSession(ws: WebSocket, who: Pick<SessionOpening, 'ip' | 'userId' | 'session'>, deps: SessionDeps, afterClose: (session: ClientSession) => void): ClientSession {
  const isStomp = ws.protocol === STOMP_SUBPROTOCOL;
  const opening: SessionOpening = {
    ...who,
    transport: isStomp ? 'stomp' : 'ws',
    codec: isStomp ? (host) => new StompCodec(host, deps.options) : (host) => new JsonCodec(host),
  };
  const session = new ClientSession(new WsPort(ws), opening, deps, afterClose);
  sessions.set(ws, session);
  const listeners = listenersOf(deps);
  ws.on('message', listeners.message);
  ws.on('pong', listeners.pong);
  ws.on('error', listeners.error);
  return session;
}

function listenersOf(deps: SessionDeps): SocketListeners {
  let listeners = listenersByDeps.get(deps);
  if (listeners) return listeners;
  listeners = {
    message(data, isBinary) {
      // A browser compresses what it sends: no zlib stream stays behind for the socket's idle life.
      releaseInflater(this);
      sessions.get(this)?.receive(bytesOf(data), isBinary);
    },
    pong() {
      const session = sessions.get(this);
      if (session) session.isAlive = true;
    },
    error(error) {
      // ws already closes the socket with the right code (1009 too big, 1007 bad UTF-8, 1002 protocol).
      deps.logger.debug({ err: error, ip: sessions.get(this)?.ip }, 'websocket error');
      getMetrics().badInput.inc({ source: 'ws', reason: 'PROTOCOL' });
    },
  };
  listenersByDeps.set(deps, listeners);
  return listeners;
}

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
