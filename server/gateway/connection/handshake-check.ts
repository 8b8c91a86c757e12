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

/** Why a handshake is refused, or undefined when it may proceed to the per-IP limit. */
export function refusalOf(req: IncomingMessage, policy: OriginPolicy, isClosing: boolean): { status: HandshakeStatus; reason: string } | undefined {
  if (isClosing) return { status: HANDSHAKE_STATUS.SHUTTING_DOWN, reason: 'shutting-down' };
  const origin = req.headers.origin;
  if (!isOriginAllowed(origin, siteOf(req), policy)) return { status: HANDSHAKE_STATUS.FORBIDDEN_ORIGIN, reason: 'origin' };
  return undefined;
}

/** Answers a refused upgrade with a bare HTTP response (with `Retry-After` when given, in seconds) and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: HandshakeStatus, retryAfterSeconds?: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = STATUS_CODES[status] ?? 'Error';
  const retryAfter = retryAfterSeconds === undefined ? '' : `Retry-After: ${Math.max(1, Math.ceil(retryAfterSeconds))}\r\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n${retryAfter}Content-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}
