// The session store against PostgreSQL: expiry by either limit, "seen" written at most once per
// refresh period (no write per request), sign-out, and pruning by a given clock.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { pruneSessions } from '../../lib/session/session-pruning.ts';
import { endSession, findSessionUser, openStoredSession, type OpenedSession } from '../../lib/session/session-store.ts';
import { hashToken } from '../../lib/session/session-token.ts';
import { createTestDatabase } from '../helpers/services.ts';

const MINUTE = 60_000;
const policy = { idleTimeoutMs: 10 * MINUTE, maxAgeMs: 60 * MINUTE };

describe('session store', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let db: Database;

  const seenAt = async (token: string): Promise<number> => (await db.prisma.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).lastSeenAt.getTime();
  /** Moves a session's times into the past, as if it had been opened and last seen that long ago. */
  const age = async (token: string, times: { openedAgoMs?: number; seenAgoMs?: number; expiresInMs?: number }): Promise<void> => {
    const now = Date.now();
    await db.prisma.session.update({
      where: { tokenHash: hashToken(token) },
      data: {
        ...(times.openedAgoMs === undefined ? {} : { createdAt: new Date(now - times.openedAgoMs) }),
        ...(times.seenAgoMs === undefined ? {} : { lastSeenAt: new Date(now - times.seenAgoMs) }),
        ...(times.expiresInMs === undefined ? {} : { expiresAt: new Date(now + times.expiresInMs) }),
      },
    });
  };
  const open = async (name: string): Promise<{ userId: string } & OpenedSession> => {
    const userId = await createDemoUser(db.prisma, name);
    return { userId, ...(await openStoredSession(db.prisma, userId, policy)) };
  };

  before(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'tickwire-sessions-'));
    db = await openDatabase({ databaseUrl: database.url, dataDir, migrate: true });
  });

  after(async () => {
    await db?.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('finds a live session with its hash and absolute end, and writes "seen" at most once a minute', async () => {
    const { userId, token, expiresAtMs } = await open('ann');
    assert.ok(Math.abs(expiresAtMs - (Date.now() + policy.maxAgeMs)) < 5000);
    const opened = await seenAt(token);
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await findSessionUser(db.prisma, token, policy), { userId, displayName: 'ann', tokenHash: hashToken(token), expiresAtMs });
    }
    assert.equal(await seenAt(token), opened, 'no write per use');
    await age(token, { seenAgoMs: MINUTE + 1000 });
    const before = Date.now();
    assert.ok(await findSessionUser(db.prisma, token, policy));
    assert.ok((await seenAt(token)) >= before - 5, 'a use over a minute after the last mark writes it');
  });

  it('treats a session past its idle timeout or its absolute end as absent', async () => {
    const idle = await open('idle');
    await age(idle.token, { seenAgoMs: policy.idleTimeoutMs + 1000 });
    assert.equal(await findSessionUser(db.prisma, idle.token, policy), undefined);

    const old = await open('old');
    await age(old.token, { expiresInMs: -1 });
    assert.equal(await findSessionUser(db.prisma, old.token, policy), undefined);

    // A lifetime lowered after the session was opened ends it sooner.
    const lowered = await open('lowered');
    await age(lowered.token, { openedAgoMs: 20 * MINUTE });
    assert.ok(await findSessionUser(db.prisma, lowered.token, policy));
    assert.equal(await findSessionUser(db.prisma, lowered.token, { idleTimeoutMs: 10 * MINUTE, maxAgeMs: 15 * MINUTE }), undefined);
  });

  it('ends a session once: true for the row it deleted, false after', async () => {
    const { token } = await open('bye');
    assert.equal(await endSession(db.prisma, token), true);
    assert.equal(await endSession(db.prisma, token), false);
    assert.equal(await endSession(db.prisma, 'not a token'), false);
    assert.equal(await findSessionUser(db.prisma, token, policy), undefined);
  });

  it('prunes sessions past either limit and accounts left without a session or an open order once older than the lifetime', async () => {
    const live = await open('live');
    const idle = await open('idle-prune');
    const orphan = await open('orphan');
    const trader = await open('trader');
    await db.prisma.order.create({
      data: { userId: trader.userId, clientOrderId: 'rest-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'GTC', quantity: '1', price: '1', status: 'open' },
    });
    await age(idle.token, { seenAgoMs: policy.idleTimeoutMs + 1000 });
    // An hour and a bit later: every session but `live` (as if opened and seen then) has lapsed, and every account is older than the lifetime.
    const later = Date.now() + policy.maxAgeMs + MINUTE;
    await db.prisma.session.update({ where: { tokenHash: hashToken(live.token) }, data: { createdAt: new Date(later), lastSeenAt: new Date(later), expiresAt: new Date(later + MINUTE) } });
    const counts = await pruneSessions(db.prisma, policy, later);
    const users = new Set((await db.prisma.user.findMany({ select: { id: true } })).map((u) => u.id));
    assert.ok(users.has(live.userId), 'an account with a live session stays');
    assert.ok(users.has(trader.userId), 'an account with an open order stays');
    assert.ok(!users.has(orphan.userId) && !users.has(idle.userId), 'orphaned accounts go');
    assert.equal(await db.prisma.session.count({ where: { userId: { in: [idle.userId, orphan.userId, trader.userId] } } }), 0);
    assert.ok(counts.sessions >= 3 && counts.accounts >= 2, JSON.stringify(counts));
    // Pruning again (another web node, the next hour) finds nothing more of these.
    const again = await pruneSessions(db.prisma, policy, later);
    assert.deepEqual(again, { sessions: 0, accounts: 0 });
  });
});
