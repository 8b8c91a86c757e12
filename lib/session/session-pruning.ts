// Deletes what sign-outs leave behind: sessions past either limit, then demo accounts that have no
// session left, no open order, and are older than a session can live (so no browser can still hold a
// cookie for them). Every statement is an idempotent delete, so several web nodes may run it at once.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { SessionPolicy } from './session-policy.ts';

/** What one pruning run deleted. */
export interface PruneCounts {
  sessions: number;
  accounts: number;
}

/** Deletes expired sessions and orphaned demo accounts (their orders, fills and positions go with them). */
export async function pruneSessions(prisma: PrismaClient, policy: SessionPolicy, nowMs = Date.now()): Promise<PruneCounts> {
  const now = new Date(nowMs);
  const idleSince = new Date(nowMs - policy.idleTimeoutMs);
  const openedBefore = new Date(nowMs - policy.maxAgeMs);
  const sessions = await prisma.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: idleSince } }, { createdAt: { lte: openedBefore } }] },
  });
  // An account is only ever opened together with its first session: one older than the lifetime with
  // no session left can never be signed in to again. An open order keeps it (it may still fill).
  const accounts = await prisma.user.deleteMany({
    where: { createdAt: { lte: openedBefore }, sessions: { none: {} }, orders: { none: { status: { in: ['open', 'partially_filled'] } } } },
  });
  return { sessions: sessions.count, accounts: accounts.count };
}
