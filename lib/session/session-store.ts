// Sessions in the database: open one for a user, find the user a presented token belongs to (a session
// past its idle timeout or absolute expiry counts as absent), refresh when it was seen, and end one.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { absoluteExpiryMs, DEFAULT_SESSION_POLICY, isExpired, needsSeenRefresh, seenRefreshMs, type SessionPolicy } from './session-policy.ts';
import { generateToken, hashToken, isWellFormedToken } from './session-token.ts';

/** The user a session belongs to, and which session it is. */
export interface SessionUser {
  userId: string;
  displayName: string;
  /** The stored SHA-256 of the token: names the session on the broker without revealing it. */
  tokenHash: string;
  /** Epoch ms of the session's absolute end. */
  expiresAtMs: number;
}

/** A session just opened: its token (the only time it exists in clear) and its absolute end. */
export interface OpenedSession {
  token: string;
  expiresAtMs: number;
}

/** Stores a new session for `userId`, ending `policy.maxAgeMs` from now. */
export async function openStoredSession(prisma: PrismaClient, userId: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<OpenedSession> {
  const token = generateToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + policy.maxAgeMs);
  await prisma.session.create({ data: { tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, expiresAtMs: expiresAt.getTime() };
}

/** Stores a new session for `userId` and returns its token. */
export async function createSession(prisma: PrismaClient, userId: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<string> {
  return (await openStoredSession(prisma, userId, policy)).token;
}

/**
 * The session's user, or undefined for a malformed, unknown, deleted or expired session. A use writes
 * "seen" only when it is older than `seenRefreshMs`, so a busy client costs no write per request.
 */
export async function findSessionUser(prisma: PrismaClient, token: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<SessionUser | undefined> {
  if (!isWellFormedToken(token)) return undefined;
  const tokenHash = hashToken(token);
  const session = await prisma.session.findUnique({
    where: { tokenHash },
    select: { createdAt: true, lastSeenAt: true, expiresAt: true, user: { select: { id: true, displayName: true } } },
  });
  const nowMs = Date.now();
  if (session === null || isExpired(session, policy, nowMs)) return undefined;
  if (needsSeenRefresh(session, policy, nowMs)) await refreshSeen(prisma, tokenHash, new Date(nowMs - seenRefreshMs(policy)));
  return { userId: session.user.id, displayName: session.user.displayName, tokenHash, expiresAtMs: absoluteExpiryMs(session, policy) };
}

/** Writes "seen" now (a page load: always). */
export async function markSeen(prisma: PrismaClient, tokenHash: string): Promise<void> {
  await prisma.session.updateMany({ where: { tokenHash }, data: { lastSeenAt: new Date() } });
}

/** Writes "seen" now unless another use already did since `staleBefore`, so concurrent uses write once. */
async function refreshSeen(prisma: PrismaClient, tokenHash: string, staleBefore: Date): Promise<void> {
  await prisma.session.updateMany({ where: { tokenHash, lastSeenAt: { lte: staleBefore } }, data: { lastSeenAt: new Date() } });
}

/** Deletes the session a token names; true when there was one (expired or not). */
export async function endSession(prisma: PrismaClient, token: string): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  const { count } = await prisma.session.deleteMany({ where: { tokenHash: hashToken(token) } });
  return count > 0;
}
