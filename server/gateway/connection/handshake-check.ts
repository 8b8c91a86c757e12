// Upgrade guards, one clause each, answering a refused handshake with the exact HTTP status.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { HANDSHAKE_STATUS, type HandshakeStatus } from '../../../lib/protocol/codes.ts';
import { isOriginAllowed, siteOf, type OriginPolicy } from './origin-policy.ts';

/** The request's path without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The client's address for the per-IP limit: the TCP peer, unless the gateway sits behind our own
 * load balancer (TRUST_PROXY): then the right-most X-Forwarded-For entry, the one that proxy appended
 * itself. Entries further left came from the client and can be forged.
 */
export function clientIpOf(req: IncomingMessage, trustProxy = false): string {
  const forwarded = req.headers['x-forwarded-for'];
  const lastHop = trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return lastHop || (req.socket.remoteAddress ?? 'unknown');
}

/** Why a handshake is refused, or undefined when it may proceed to the per-IP limit. */
export function refusalOf(req: IncomingMessage, policy: OriginPolicy, isClosing: boolean): { status: HandshakeStatus; reason: string } | undefined {
  if (isClosing) return { status: HANDSHAKE_STATUS.SHUTTING_DOWN, reason: 'shutting-down' };
  const origin = req.headers.origin;
  if (!isOriginAllowed(origin, siteOf(req), policy)) return { status: HANDSHAKE_STATUS.FORBIDDEN_ORIGIN, reason: 'origin' };
  return undefined;
}

/** Answers a refused upgrade with a bare HTTP response and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: HandshakeStatus): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}
