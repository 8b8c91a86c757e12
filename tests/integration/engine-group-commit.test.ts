// Group commit against PostgreSQL: a batch of queue entries is one transaction, a batch that fails
// leaves nothing behind and its entries go through alone, and a batch committed but never
// acknowledged (a crash) is answered again on redelivery without applying anything twice.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { QueueEntry } from '../../lib/broker/broker.ts';
import { lockAccount } from '../../lib/accounts/account-lock.ts';
import { createDemoUser, resetAccount } from '../../lib/accounts/demo-accounts.ts';
import type { OrderPlaceRequest, OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { AccountGuess } from '../../workers/engine/account-guess.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../workers/engine/engine-limits.ts';
import { GroupCommit } from '../../workers/engine/group-commit.ts';
import { createOrderEntryHandler, type OrderEntryHandler } from '../../workers/engine/order-entry-handler.ts';
import { RateLimiter } from '../../workers/engine/rate-limiter.ts';
import { OpenOrderIndex } from '../../workers/engine/open-order-index.ts';
import { SerialQueue } from '../../workers/engine/serial-queue.ts';
import { openEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';
import { orderBook } from '../helpers/synthetic-book.ts';

const book = orderBook('AAPL', [['189.95', '10']], [['190.00', '1000']]);
// None of these entries arms the dead-man's switch.
const deadman = { arm: (): Promise<never> => Promise.reject(new Error('not armed in these tests')) };
let nextId = 1;

function entry(userId: string, clientOrderId: string, deliveries = 1): QueueEntry {
  const request: OrderPlaceRequest = { op: 'order.place', clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' };
  const data: OrderQueueEntry = { userId, request, receivedAt: Date.now(), node: 'test' };
  return { id: `${nextId++}-0`, data: JSON.stringify(data), deliveries };
}


describe('engine group commit (PostgreSQL)', () => {
  let h: EngineHarness;
  let handler: OrderEntryHandler;

  before(async () => {
    h = await openEngineHarness('memory');
    const limits = { ...DEFAULT_ENGINE_LIMITS, opsPerSecond: 1000, opsBurst: 1000 };
    const place = { liveBook: (symbol: string) => (symbol === 'AAPL' ? book : undefined), lastTrade: () => undefined, limits, rateLimiter: new RateLimiter(limits.opsPerSecond, limits.opsBurst) };
    const logger = pino({ level: 'silent' });
    handler = createOrderEntryHandler({ prisma: h.db.prisma, broker: h.broker, logger, index: new OpenOrderIndex(), place, deadman, transactionTimeoutMs: 10_000 });
  });
  after(async () => {
    await h.close();
  });

  it('writes several entries of several users in one statement, each answered in order', async () => {
    const [alice, bob] = [await createDemoUser(h.db.prisma, 'alice'), await createDemoUser(h.db.prisma, 'bob')];
    const [aliceLog, bobLog] = [await h.listen(alice), await h.listen(bob)];
    const commit = new GroupCommit(new SerialQueue(), handler);
    // Counts the raw statements sent (a run of orders sends all of its own). Only for this test: a
    // transaction's client would reach this wrapper too, and it runs outside the transaction.
    const queryRaw = h.db.prisma.$queryRaw;
    let statements = 0;
    Object.assign(h.db.prisma, { $queryRaw: (...args: Parameters<typeof queryRaw>) => ((statements += 1), queryRaw.apply(h.db.prisma, args)) });
    try {
      await Promise.all([entry(alice, 'a1'), entry(bob, 'b1'), entry(alice, 'a2')].map((e) => commit.submit(e)));
    } finally {
      Object.assign(h.db.prisma, { $queryRaw: queryRaw });
    }
    assert.equal(statements, 2, 'one read and one write for the whole batch');
    assert.equal(await h.db.prisma.order.count({ where: { userId: { in: [alice, bob] } } }), 3);
    await aliceLog.waitForType('balance', 2);
    await bobLog.waitForType('balance', 1);
    assert.deepEqual(aliceLog.ofType('order.accepted').map((e) => e.clientOrderId), ['a1', 'a2']);
    assert.deepEqual(aliceLog.ofType('balance').map((e) => e.cash), ['99809.81000000', '99619.62000000']);
  });

  it('a bad entry fails its batch, which commits nothing; the others then go through alone', async () => {
    const carol = await createDemoUser(h.db.prisma, 'carol');
    const log = await h.listen(carol);
    const failed: number[] = [];
    const commit = new GroupCommit(new SerialQueue(), handler, { onBatchFailed: (_error, size) => failed.push(size) });
    // A user that does not exist aborts the batch's transaction; alone, it is dropped (acknowledged).
    const ghost = entry('00000000-0000-4000-8000-000000000000', 'g1');
    const results = await Promise.allSettled([entry(carol, 'c1'), ghost, entry(carol, 'c2')].map((e) => commit.submit(e)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled']);
    assert.deepEqual(failed, [3]);
    const orders = await h.db.prisma.order.findMany({ where: { userId: carol }, orderBy: { id: 'asc' } });
    assert.deepEqual(orders.map((o) => o.clientOrderId), ['c1', 'c2']);
    await log.waitForType('balance', 2);
    assert.deepEqual(log.ofType('order.accepted').map((e) => e.clientOrderId), ['c1', 'c2']);
  });

  it('a batch that rolls back gives back the rate-limit tokens its entries took', async () => {
    const erin = await createDemoUser(h.db.prisma, 'erin');
    const log = await h.listen(erin);
    // Two ops at once and hardly any refill: without the tokens back, the retries would be RATE_LIMITED.
    const limits = { ...DEFAULT_ENGINE_LIMITS, opsPerSecond: 0.001, opsBurst: 2 };
    const place = { liveBook: () => book, lastTrade: () => undefined, limits, rateLimiter: new RateLimiter(limits.opsPerSecond, limits.opsBurst) };
    const tight = createOrderEntryHandler({ prisma: h.db.prisma, broker: h.broker, logger: pino({ level: 'silent' }), index: new OpenOrderIndex(), place, deadman, transactionTimeoutMs: 10_000 });
    const ghost = entry('00000000-0000-4000-8000-000000000001', 'g2');
    const commit = new GroupCommit(new SerialQueue(), tight);
    await Promise.all([entry(erin, 'e1'), ghost, entry(erin, 'e2')].map((e) => commit.submit(e)));
    await log.waitForType('balance', 2);
    assert.deepEqual(log.ofType('order.rejected'), []);
    assert.equal(await h.db.prisma.order.count({ where: { userId: erin } }), 2);
  });

  it('redelivered entries of a committed but unacknowledged batch replay their acceptance and fills, applying nothing twice', async () => {
    const dave = await createDemoUser(h.db.prisma, 'dave');
    const log = await h.listen(dave);
    const batch = [entry(dave, 'd1'), entry(dave, 'd2')];
    await handler.handleBatch(batch);
    await log.waitForType('balance', 2);
    const cashAfter = (await h.db.prisma.user.findUniqueOrThrow({ where: { id: dave } })).cash.toFixed(8);
    // The crash: no ack, so the consumer hands the same entries over again.
    await handler.handleBatch(batch.map((e) => ({ ...e, deliveries: 2 })));
    await log.waitForType('balance', 4);
    assert.equal(await h.db.prisma.order.count({ where: { userId: dave } }), 2);
    assert.equal(await h.db.prisma.fill.count({ where: { userId: dave } }), 2);
    assert.equal((await h.db.prisma.user.findUniqueOrThrow({ where: { id: dave } })).cash.toFixed(8), cashAfter);
    const accepted = log.ofType('order.accepted');
    assert.deepEqual([accepted[2]?.orderId, accepted[3]?.orderId], [accepted[0]?.orderId, accepted[1]?.orderId]);
    // The fills are told again under the ids they were stored with, so a client that has them drops them.
    const filled = log.ofType('order.filled');
    assert.deepEqual(filled.slice(2), filled.slice(0, 2));
  });

  it('orders of one batch see what the orders before them did: positions, reservations, client order ids', async () => {
    const gina = await createDemoUser(h.db.prisma, 'gina');
    const log = await h.listen(gina);
    const request = (clientOrderId: string, fields: Partial<OrderPlaceRequest>): QueueEntry => {
      const data = { userId: gina, request: { op: 'order.place', clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1', ...fields }, receivedAt: Date.now(), node: 'test' };
      return { id: `${nextId++}-0`, data: JSON.stringify(data), deliveries: 1 };
    };
    await handler.handleBatch([
      request('g1', { quantity: '2' }), // buys 2 at 190.00
      request('g2', { side: 'sell', quantity: '2' }), // sells the 2 just bought: no shorting, so it needs g1's position
      request('g1', { quantity: '2' }), // a retry of g1 in the same batch: g1's acceptance again
      request('g3', { side: 'sell', quantity: '1' }), // nothing left to sell
      request('g4', { type: 'limit', price: '189.00', quantity: '525' }), // rests, holding back 99,324.23 (525 × 189.00 + fee)
      request('g5', { quantity: '5' }), // 950.95 needed, 675.01 left after the reservation
    ]);
    const accepted = await log.waitForType('order.accepted', 4);
    assert.deepEqual(accepted.map((e) => e.clientOrderId), ['g1', 'g2', 'g1', 'g4']);
    assert.equal(accepted[2]?.orderId, accepted[0]?.orderId);
    const rejected = await log.waitForType('order.rejected', 2);
    assert.deepEqual(rejected.map((e) => [e.clientOrderId, e.code]), [['g3', 'INSUFFICIENT_POSITION'], ['g5', 'INSUFFICIENT_FUNDS']]);
    const orders = await h.db.prisma.order.findMany({ where: { userId: gina }, orderBy: { id: 'asc' } });
    assert.deepEqual(orders.map((o) => [o.clientOrderId, o.status]), [['g1', 'filled'], ['g2', 'filled'], ['g4', 'open']]);
    const position = await h.db.prisma.position.findUniqueOrThrow({ where: { userId_symbol: { userId: gina, symbol: 'AAPL' } } });
    assert.equal(position.quantity.toFixed(0), '0');
  });

  it('orders decided before a reset committed are decided again after it', async () => {
    const frank = await createDemoUser(h.db.prisma, 'frank');
    const log = await h.listen(frank);
    await handler.handleOne(entry(frank, 'f1'));
    await log.waitForType('balance', 1);
    // A reset holds the account lock while the engine reads the account and writes its batch, then commits.
    let resetLocked: () => void = () => {};
    const locked = new Promise<void>((resolve) => (resetLocked = resolve));
    const reset = resetAccountSlowly(h.db.prisma, frank, resetLocked);
    await locked;
    const sell: OrderPlaceRequest = { op: 'order.place', clientOrderId: 'f2', symbol: 'AAPL', side: 'sell', type: 'market', quantity: '1' };
    const sellEntry = { id: `${nextId++}-0`, data: JSON.stringify({ userId: frank, request: sell, receivedAt: Date.now(), node: 'test' }), deliveries: 1 };
    const placing = handler.handleBatch([sellEntry, entry(frank, 'f3')]);
    await reset;
    await placing;
    // The share bought by f1 went with the reset: selling it must be refused, and f3 buys from the reset cash.
    const rejected = await log.waitForType('order.rejected', 1);
    assert.deepEqual(rejected.map((e) => [e.clientOrderId, e.code]), [['f2', 'INSUFFICIENT_POSITION']]);
    const position = await h.db.prisma.position.findUniqueOrThrow({ where: { userId_symbol: { userId: frank, symbol: 'AAPL' } } });
    assert.equal(position.quantity.toFixed(0), '1');
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { id: frank } });
    assert.equal(user.cash.toFixed(8), '99809.81000000');
  });
});

describe('engine group commit with the account guess (PostgreSQL)', () => {
  let h: EngineHarness;
  let handler: OrderEntryHandler;
  const guess = new AccountGuess();
  const queryRaw = (): EngineHarness['db']['prisma']['$queryRaw'] => h.db.prisma.$queryRaw;

  before(async () => {
    h = await openEngineHarness('memory');
    const limits = { ...DEFAULT_ENGINE_LIMITS, opsPerSecond: 1000, opsBurst: 1000 };
    const place = { liveBook: () => book, lastTrade: () => undefined, limits, rateLimiter: new RateLimiter(limits.opsPerSecond, limits.opsBurst), guess };
    handler = createOrderEntryHandler({ prisma: h.db.prisma, broker: h.broker, logger: pino({ level: 'silent' }), index: new OpenOrderIndex(), place, deadman, transactionTimeoutMs: 10_000 });
  });
  after(async () => {
    await h.close();
  });

  /** Runs `work`, counting the raw statements it sends (no transactions run in these tests). */
  async function countingStatements(work: () => Promise<void>): Promise<number> {
    const original = queryRaw();
    let statements = 0;
    Object.assign(h.db.prisma, { $queryRaw: (...args: Parameters<typeof original>) => ((statements += 1), original.apply(h.db.prisma, args)) });
    try {
      await work();
    } finally {
      Object.assign(h.db.prisma, { $queryRaw: original });
    }
    return statements;
  }

  const order = (userId: string, clientOrderId: string, fields: Partial<OrderPlaceRequest> = {}): QueueEntry => {
    const request = { op: 'order.place', clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1', ...fields };
    return { id: `${nextId++}-0`, data: JSON.stringify({ userId, request, receivedAt: Date.now(), node: 'test' }), deliveries: 1 };
  };

  it('a run for accounts it wrote last skips the read: one statement', async () => {
    const ivan = await createDemoUser(h.db.prisma, 'ivan');
    const log = await h.listen(ivan);
    assert.equal(await countingStatements(() => handler.handleOne(order(ivan, 'i1'))), 2);
    assert.equal(await countingStatements(() => handler.handleOne(order(ivan, 'i2'))), 1);
    const balances = await log.waitForType('balance', 2);
    assert.deepEqual(balances.map((e) => e.cash), ['99809.81000000', '99619.62000000']);
    assert.equal((await h.db.prisma.user.findUniqueOrThrow({ where: { id: ivan } })).cash.toFixed(8), '99619.62000000');
  });

  it('a guess another writer made stale is refused by the write and the run decided from a fresh read', async () => {
    const judy = await createDemoUser(h.db.prisma, 'judy');
    const log = await h.listen(judy);
    await handler.handleOne(order(judy, 'j1'));
    await resetAccount(h.db.prisma, judy);
    // The guess still holds j1's share: selling it must be refused from what the reset left.
    assert.equal(await countingStatements(() => handler.handleBatch([order(judy, 'j2', { side: 'sell' }), order(judy, 'j3')])), 3);
    const rejected = await log.waitForType('order.rejected', 1);
    assert.deepEqual(rejected.map((e) => [e.clientOrderId, e.code]), [['j2', 'INSUFFICIENT_POSITION']]);
    assert.equal((await h.db.prisma.user.findUniqueOrThrow({ where: { id: judy } })).cash.toFixed(8), '99809.81000000');
  });

  it('a refusal decided against the guess is confirmed by a fresh read', async () => {
    const kim = await createDemoUser(h.db.prisma, 'kim');
    const log = await h.listen(kim);
    await handler.handleOne(order(kim, 'k1', { quantity: '500' })); // 95,000 and its fee: about 4,900 left
    await resetAccount(h.db.prisma, kim);
    // The guess says 100 shares (19,000) are beyond the cash; the reset gave it back.
    await handler.handleOne(order(kim, 'k2', { quantity: '100' }));
    const accepted = await log.waitForType('order.accepted', 2);
    assert.deepEqual(accepted.map((e) => e.clientOrderId), ['k1', 'k2']);
    assert.deepEqual(log.ofType('order.rejected'), []);
  });

  it('a client order id stored by an earlier run is replayed, not placed again', async () => {
    const liam = await createDemoUser(h.db.prisma, 'liam');
    const log = await h.listen(liam);
    await handler.handleOne(order(liam, 'l1'));
    await handler.handleOne(order(liam, 'l1'));
    const accepted = await log.waitForType('order.accepted', 2);
    assert.equal(accepted[1]?.orderId, accepted[0]?.orderId);
    assert.equal(await h.db.prisma.order.count({ where: { userId: liam } }), 1);
    assert.equal((await h.db.prisma.user.findUniqueOrThrow({ where: { id: liam } })).cash.toFixed(8), '99809.81000000');
  });
});

// Resets like POST /api/account/reset (resetAccount), but holds the lock a while before committing.
// Taking the lock is what bumps the version the engine checks.
async function resetAccountSlowly(prisma: Parameters<typeof createDemoUser>[0], userId: string, onLocked: () => void): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockAccount(tx, userId);
    onLocked();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await tx.order.updateMany({ where: { userId, status: { in: ['open', 'partially_filled'] } }, data: { status: 'cancelled', reason: 'ACCOUNT_RESET' } });
    await tx.position.deleteMany({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { cash: '100000' } });
  });
}
