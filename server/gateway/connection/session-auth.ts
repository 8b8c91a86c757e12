// Who opens a socket: the session token of the upgrade request (the tw_session cookie a browser
// sends, or `Authorization: Bearer` from other clients), looked up before the handshake completes.
import type { IncomingMessage } from 'node:http';
import { HANDSHAKE_STATUS, type HandshakeStatus } from '../../../lib/protocol/codes.ts';
import { presentedToken } from '../../../lib/session/session-cookie.ts';

/** The session a user's socket was opened with: it is closed when that session ends. */
export interface SocketSession {
  /** The SHA-256 of the token, as a sign-out names the session on the broker. */
  tokenHash: string;
  /** Epoch ms of the session's absolute end. */
  expiresAtMs: number;
}

/** Finds the user a token belongs to; undefined for no live session (unknown, ended or expired). */
export type SessionLookup = (token: string) => Promise<({ userId: string } & SocketSession) | undefined>;

/** A socket for a user, an anonymous one (market data only), or a refused handshake. */
export type UpgradeIdentity = { kind: 'user'; userId: string; session: SocketSession } | { kind: 'anonymous' } | { kind: 'refused'; status: HandshakeStatus; reason: string };

/** Whether the request presents a token at all (only those need the asynchronous lookup). */
export function hasToken(req: Pick<IncomingMessage, 'headers'>): boolean {
  return presentedToken(req.headers) !== undefined;
}

/**
 * Resolves the upgrade's identity. A stale, unknown or expired cookie still gets market data (a browser should
 * not lose its book over an old cookie); a Bearer token that names no session is refused with 401, as
 * a client that explicitly tried to authenticate should learn that it failed.
 */
export async function identify(req: Pick<IncomingMessage, 'headers'>, lookup: SessionLookup | undefined): Promise<UpgradeIdentity> {
  const presented = presentedToken(req.headers);
  if (presented === undefined || lookup === undefined) return { kind: 'anonymous' };
  let user: Awaited<ReturnType<SessionLookup>>;
  try {
    user = await lookup(presented.token);
  } catch {
    return { kind: 'refused', status: HANDSHAKE_STATUS.AUTH_UNAVAILABLE, reason: 'session-lookup-failed' };
  }
  if (user !== undefined) return { kind: 'user', userId: user.userId, session: { tokenHash: user.tokenHash, expiresAtMs: user.expiresAtMs } };
  if (presented.via === 'bearer') return { kind: 'refused', status: HANDSHAKE_STATUS.UNAUTHORIZED, reason: 'unknown-session' };
  return { kind: 'anonymous' };
}
