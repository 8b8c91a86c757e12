// The fence on real PostgreSQL: an engine whose term was superseded (a paused old leader waking up)
// can write nothing — neither a run of new orders nor a locked transaction — while the new leader
// writes; a raise waits for a write of the old term already under way, so no write of the old term
// lands after the new term began.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { FencedError, raiseFence } from '../../lib/leadership/fence.ts';
import type { OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../workers/engine/engine-limits.ts';
import { inLockedTransaction } from '../../workers/engine/locked-transaction.ts';
import { placeOrders, type PlaceContext } from '../../workers/engine/place-orders.ts';
import { RateLimiter } from '../../workers/engine/rate-limiter.ts';
import { openEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';
import { orderBook } from '../helpers/synthetic-book.ts';
import { sleep } from '../helpers/wait-for.ts';

const limits = { ...DEFAULT_ENGINE_LIMITS, opsPerSecond: 1000, opsBurst: 1000 };

function limitBuy(clientOrderId: string): OrderPlaceRequest {
  return { op: 'order.place', id: clientOrderId, clientOrderId, symbol: 'AAPL', side: 'buy', type: 'limit', price: '189.50', quantity: '1' };
}

describe('engine fencing (PostgreSQL)', () => {
  let h: EngineHarness;
  let userId: string;

  before(async () => {
    h = await openEngineHarness('memory');
    userId = await createDemoUser(h.db.prisma, 'fenced');
  });
  after(async () => {
    await h?.close();
  });

  const context = (fence: PlaceContext['fence'], onFenced?: () => void): PlaceContext => ({
    liveBook: () => orderBook('AAPL', [['189.95', '10']], [['190.00', '10']]),
    lastTrade: () => undefined,
    limits,
    rateLimiter: new RateLimiter(limits.opsPerSecond, limits.opsBurst),
    fence,
    onFenced,
  });
  const orders = (): Promise<number> => h.db.prisma.order.count({ where: { userId } });

  it('raises tokens that only grow, and never below the clock in ms (above the start-time epochs of old)', async () => {
    const before = Date.now();
    const first = await raiseFence(h.db.prisma, 'engine', 'a');
    const second = await raiseFence(h.db.prisma, 'engine', 'b');
    assert.ok(first.token >= BigInt(before), `${first.token} >= ${before}`);
    assert.ok(second.token > first.token);
    const row = await h.db.prisma.leaderFence.findUniqueOrThrow({ where: { role: 'engine' } });
    assert.equal(row.token, second.token);
    assert.equal(row.holder, 'b');
  });

  it('refuses every write of a superseded term and tells the engine, while the new term writes', async () => {
    const old = await raiseFence(h.db.prisma, 'engine', 'old');
    const entry = (id: string) => ({ userId, request: limitBuy(id), receivedAt: Date.now() });
    await placeOrders(h.db.prisma, context(old), [entry('under-old-term')]);
    assert.equal(await orders(), 1);

    const current = await raiseFence(h.db.prisma, 'engine', 'new');
    let fencedCalls = 0;
    await assert.rejects(placeOrders(h.db.prisma, context(old, () => (fencedCalls += 1)), [entry('stale-1'), entry('stale-2')]), FencedError);
    assert.equal(fencedCalls, 1);
    assert.equal(await orders(), 1, 'nothing of the stale run was written');
    const cashBefore = (await h.db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).cash.toString();
    await assert.rejects(
      inLockedTransaction({ prisma: h.db.prisma, transactionTimeoutMs: 5000, fence: old, onFenced: () => (fencedCalls += 1) }, userId, async (tx) => {
        await tx.user.update({ where: { id: userId }, data: { cash: 0 } });
      }),
      FencedError,
    );
    assert.equal(fencedCalls, 2);
    assert.equal((await h.db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).cash.toString(), cashBefore, 'the locked transaction wrote nothing');

    await placeOrders(h.db.prisma, context(current), [entry('under-new-term')]);
    assert.equal(await orders(), 2);
  });

  it('makes a raise wait for a write of the old term under way: the old write lands before the new term, never after', async () => {
    const old = await raiseFence(h.db.prisma, 'engine', 'old');
    const events: string[] = [];
    const slowWrite = inLockedTransaction({ prisma: h.db.prisma, transactionTimeoutMs: 5000, fence: old }, userId, async () => {
      await sleep(400);
      events.push('old write committing');
    });
    await sleep(100);
    const raised = raiseFence(h.db.prisma, 'engine', 'new').then((fence) => {
      events.push('new term raised');
      return fence;
    });
    await Promise.all([slowWrite, raised]);
    assert.deepEqual(events, ['old write committing', 'new term raised']);
  });
});
