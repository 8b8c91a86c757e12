// A placement whose write committed but whose outcome was never applied nor published (the engine
// crashed after the commit, or its batch threw after committing and the entries went through alone)
// is replayed when its queue entry comes again. The replay must then teach the engine's index a
// resting order (or it never fills until a restart) and tell the user what the lost outcome held.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { QueueEntry } from '../../lib/broker/broker.ts';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getMetrics } from '../../lib/metrics.ts';
import { tradesChannel } from '../../lib/protocol/channels.ts';
import { REJECT_CODES, type OrderPlaceRequest, type OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { type OrderEvent } from '../../lib/protocol/order-events.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../workers/engine/engine-limits.ts';
import { startEngine, type Engine } from '../../workers/engine/engine-worker.ts';
import { createOrderEntryHandler } from '../../workers/engine/order-entry-handler.ts';
import type { Outcome } from '../../workers/engine/outcome.ts';
import { placeOrders } from '../../workers/engine/place-orders.ts';
import { RateLimiter } from '../../workers/engine/rate-limiter.ts';
import { OpenOrderIndex } from '../../workers/engine/open-order-index.ts';
import { openEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';
import { metricValue } from '../helpers/metrics-text.ts';
import { instrument, orderBook, SyntheticBook } from '../helpers/synthetic-book.ts';

const bids: [string, string][] = [['189.95', '10']];
const asks: [string, string][] = [['190.00', '10'], ['190.05', '20']];
const limits = { ...DEFAULT_ENGINE_LIMITS, opsPerSecond: 1000, opsBurst: 1000 };
// None of these entries arms the dead-man's switch.
const deadman = { arm: (): Promise<never> => Promise.reject(new Error('not armed in these tests')) };
let nextId = 1;

function place(clientOrderId: string, fields: Partial<OrderPlaceRequest>): OrderPlaceRequest {
  return { op: 'order.place', id: `req-${clientOrderId}`, clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1', ...fields };
}

function queueEntry(userId: string, request: OrderPlaceRequest, deliveries: number): QueueEntry {
  const data: OrderQueueEntry = { userId, request, receivedAt: Date.now(), node: 'test' };
  return { id: `${nextId++}-0`, data: JSON.stringify(data), deliveries };
}

// Events whose ts is the time they were built (not a stored time) compare without it.
const comparable = (event: OrderEvent): OrderEvent =>
  event.type === 'position' || event.type === 'balance' || event.type === 'order.cancelled' ? { ...event, ts: 0 } : event;

describe('engine replay of a committed placement whose outcome was lost (PostgreSQL)', () => {
  let h: EngineHarness;
  let engine: Engine;
  const place_ = () => ({ liveBook: () => orderBook('AAPL', bids, asks), lastTrade: () => undefined, limits, rateLimiter: new RateLimiter(limits.opsPerSecond, limits.opsBurst) });

  before(async () => {
    h = await openEngineHarness('memory');
    await h.storeSnapshot(new SyntheticBook('AAPL', bids, asks));
    engine = await startEngine(h.runtime, { instruments: [instrument('AAPL')], waitForBooksMs: 300, limits });
  });
  after(async () => {
    await engine.close();
    await h.close();
  });

  // Writes the order as the engine's batch does, then drops its outcome: nothing indexed, nothing published.
  async function commitAndLose(userId: string, request: OrderPlaceRequest): Promise<Outcome> {
    const [outcome] = await placeOrders(h.db.prisma, place_(), [{ userId, request, receivedAt: Date.now() }]);
    return ensureDefined(outcome, 'the lost outcome');
  }

  it('a resting limit order is indexed by its replay and then fills when a trade prints through its price', async () => {
    const user = await createDemoUser(h.db.prisma, 'replay-rester');
    const log = await h.listen(user);
    const request = place('rest-1', { type: 'limit', price: '189.00', quantity: '3' });
    const lost = await commitAndLose(user, request);
    // The running engine never saw it; the queue entry comes again.
    await h.enqueue(user, request);
    const [accepted] = await log.waitForType('order.accepted');
    assert.deepEqual(accepted, lost.events[0]);
    const trade = { type: 'trade', symbol: 'AAPL', id: 't-replay', price: '188.50', size: '10', side: 'sell', ts: Date.now() };
    await h.broker.publish(tradesChannel('AAPL'), JSON.stringify(trade));
    const [fill] = await log.waitForType('order.filled', 1, 3000);
    assert.deepEqual([fill?.orderId, fill?.price, fill?.size, fill?.liquidity, fill?.status], [accepted?.orderId, '189.00', '3', 'maker', 'filled']);
    const order = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user } });
    assert.equal(order.status, 'filled');
  });

  for (const [name, request, types] of [
    ['a market order that walked two levels', place('take-1', { quantity: '12' }), ['order.accepted', 'order.filled', 'order.filled', 'position', 'balance']],
    ['an IOC limit order cut short', place('ioc-1', { type: 'limit', timeInForce: 'IOC', price: '190.00', quantity: '15' }), ['order.accepted', 'order.filled', 'order.cancelled', 'position', 'balance']],
  ] as const) {
    it(`${name} is told again on replay: the same fills (their stored ids), end, position and balance`, async () => {
      const user = await createDemoUser(h.db.prisma, `replay-${request.clientOrderId}`);
      const log = await h.listen(user);
      const lost = await commitAndLose(user, request);
      assert.deepEqual(lost.events.map((e) => e.type), types);
      await h.enqueue(user, request);
      await log.waitForType('balance');
      assert.deepEqual(log.events.map(comparable), lost.events.map(comparable));
      const fills = await h.db.prisma.fill.findMany({ where: { userId: user }, orderBy: { id: 'asc' } });
      assert.deepEqual(log.ofType('order.filled').map((f) => f.fillId), fills.map((f) => f.id.toString()));
      // Nothing was applied twice.
      assert.equal(await h.db.prisma.order.count({ where: { userId: user } }), 1);
    });
  }

  it('through the handler: the replay puts the order in its index, uncounted; other terms under the same id change nothing', async () => {
    const user = await createDemoUser(h.db.prisma, 'replay-handler');
    const log = await h.listen(user);
    const index = new OpenOrderIndex();
    const handler = createOrderEntryHandler({ prisma: h.db.prisma, broker: h.broker, logger: pino({ level: 'silent' }), index, place: place_(), deadman, transactionTimeoutMs: 10_000 });
    const request = place('rest-2', { type: 'limit', price: '188.00', quantity: '2' });
    await commitAndLose(user, request);
    await handler.handleOne(queueEntry(user, { ...request, price: '188.01' }, 1));
    const [rejected] = await log.waitForType('order.rejected');
    assert.equal(rejected?.code, REJECT_CODES.DUPLICATE_CLIENT_ORDER_ID);
    assert.equal(index.size, 0);
    const resting = async (): Promise<number | undefined> => metricValue(await getMetrics().registry.metrics(), 'tickwire_engine_orders_total', 'outcome="resting",code=""');
    const restingBefore = await resting();
    await handler.handleBatch([queueEntry(user, request, 2)]);
    // A replay may answer a client's retry of an outcome counted already: it is not counted again.
    assert.equal(await resting(), restingBefore);
    assert.notEqual(restingBefore, undefined);
    const stored = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user } });
    assert.deepEqual(index.restingOf('AAPL').map((o) => [o.id, o.userId, o.side, o.priceTicks, o.remainingLots]), [[stored.id, user, 'buy', 18_800, 2]]);
  });
});
