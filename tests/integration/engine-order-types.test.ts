// Stop, post-only and fill-or-kill orders and amends through the engine's public edges: orders on the
// queue, a book and trades on the broker, events on the user's channel and rows in PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tradesChannel } from '../../lib/protocol/channels.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderAmendRequest, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../workers/engine/engine-limits.ts';
import { startEngine, type Engine } from '../../workers/engine/engine-worker.ts';
import { openEngineHarness, type EngineHarness, type EventLog } from '../helpers/engine-harness.ts';
import { instrument, SyntheticBook } from '../helpers/synthetic-book.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const engineOptions = { instruments: [instrument('AAPL')], waitForBooksMs: 300, limits: DEFAULT_ENGINE_LIMITS };

function place(clientOrderId: string, fields: Partial<OrderPlaceRequest> = {}): OrderPlaceRequest {
  return { op: 'order.place', clientOrderId, symbol: 'AAPL', side: 'buy', type: 'limit', quantity: '10', price: '189.00', ...fields };
}

function amend(id: string, fields: Omit<OrderAmendRequest, 'op' | 'id'>): OrderAmendRequest {
  return { op: 'order.amend', id, ...fields };
}

describe('order types and amends in the engine', () => {
  let h: EngineHarness;
  let engine: Engine;
  // Bids 189.95×10, 189.90×20; asks 190.00×10, 190.05×20, 190.10×5.
  const aapl = new SyntheticBook('AAPL', [['189.95', '10'], ['189.90', '20']], [['190.00', '10'], ['190.05', '20'], ['190.10', '5']]);
  let tradeCount = 0;
  const publishTrade = (price: string, size = '1') =>
    h.broker.publish(tradesChannel('AAPL'), JSON.stringify({ type: 'trade', symbol: 'AAPL', id: `t${++tradeCount}`, price, size, side: 'buy', ts: Date.now() }));
  const newUser = async (name: string, cash?: bigint): Promise<{ user: string; log: EventLog }> => {
    const user = await createDemoUser(h.db.prisma, name, cash);
    return { user, log: await h.listen(user) };
  };
  const answerTo = async (log: EventLog, requestId: string) =>
    // The op's own answer, not a cancel it caused (FOK, IOC) that carries its request id too.
    waitFor(`the answer to ${requestId}`, () => log.events.find((e) => 'requestId' in e && e.requestId === requestId && e.type !== 'order.cancelled'));

  before(async () => {
    h = await openEngineHarness('memory');
    await h.storeSnapshot(aapl);
    engine = await startEngine(h.runtime, engineOptions);
    await publishTrade('190.00');
    await sleep(50);
  });
  after(async () => {
    await engine.close();
    await h.close();
  });

  it('waits with a stop-market until a trade reaches its stop, then takes the book within its protection price', async () => {
    const { user, log } = await newUser('stop-buyer');
    await h.enqueue(user, { ...place('s1', { type: 'stop_market', price: undefined, stopPrice: '191.00', quantity: '15' }), id: 'p1' });
    const [accepted] = await log.waitForType('order.accepted');
    assert.deepEqual([accepted?.orderType, accepted?.stopPrice, accepted?.price, accepted?.timeInForce], ['stop_market', '191.00', '210.10', 'IOC']);
    await publishTrade('190.99');
    await sleep(100);
    assert.equal(log.ofType('order.triggered').length, 0, 'a trade short of the stop does not trigger it');
    await publishTrade('191.00');
    const [triggered] = await log.waitForType('order.triggered');
    assert.deepEqual([triggered?.stopPrice, triggered?.lastPrice], ['191.00', '191.00']);
    await log.waitForType('balance');
    assert.deepEqual(log.events.map((e) => e.type), ['order.accepted', 'order.triggered', 'order.filled', 'order.filled', 'position', 'balance']);
    assert.deepEqual(log.ofType('order.filled').map((f) => [f.price, f.size, f.liquidity]), [['190.00', '10', 'taker'], ['190.05', '5', 'taker']]);
    const row = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user } });
    assert.equal(row.status, 'filled');
    assert.ok(row.triggeredAt !== null);
    await publishTrade('191.50');
    await sleep(100);
    assert.equal(log.ofType('order.triggered').length, 1, 'a stop triggers once');
  });

  it('turns a triggered GTC stop-limit into a resting limit that later prints fill as maker', async () => {
    const { user, log } = await newUser('stop-seller');
    await h.enqueue(user, { ...place('b1', { type: 'market', price: undefined }) });
    await log.waitForType('balance');
    await h.enqueue(user, place('s1', { side: 'sell', type: 'stop_limit', stopPrice: '189.50', price: '189.99' }));
    await log.waitForType('order.accepted', 2);
    await publishTrade('189.40');
    await log.waitForType('order.triggered');
    await sleep(100);
    assert.equal(log.ofType('order.filled').length, 1, 'its limit is above the best bid: it rests rather than takes');
    await publishTrade('190.10', '4');
    const fills = await log.waitForType('order.filled', 2);
    assert.deepEqual([fills[1]?.price, fills[1]?.size, fills[1]?.liquidity, fills[1]?.status], ['189.99', '4', 'maker', 'partially_filled']);
  });

  it('cancels a waiting stop, which then never triggers, and refuses a stop the last trade already reached', async () => {
    const { user, log } = await newUser('stop-canceller');
    await h.enqueue(user, place('s1', { type: 'stop_limit', stopPrice: '195.00', price: '195.50' }));
    await log.waitForType('order.accepted');
    await h.enqueue(user, { op: 'order.amend', id: 'a1', clientOrderId: 's1', price: '195.40' });
    const refusal = await answerTo(log, 'a1');
    assert.deepEqual(refusal.type === 'order.rejected' && refusal.code, REJECT_CODES.NOT_AMENDABLE);
    await h.enqueue(user, { op: 'order.cancel', id: 'k1', clientOrderId: 's1' });
    const [cancelled] = await log.waitForType('order.cancelled');
    assert.equal(cancelled?.reason, CANCEL_REASONS.USER_REQUESTED);
    await publishTrade('195.00');
    await sleep(100);
    assert.equal(log.ofType('order.triggered').length, 0);
    await h.enqueue(user, { ...place('s2', { type: 'stop_market', price: undefined, stopPrice: '180.00' }), id: 'p2' });
    const rejected = await answerTo(log, 'p2');
    assert.equal(rejected.type === 'order.rejected' && rejected.code, REJECT_CODES.STOP_WOULD_TRIGGER);
  });

  it('refuses a post-only order that would take, and cancels a FOK order it cannot fill whole with nothing filled', async () => {
    const { user, log } = await newUser('options');
    await h.enqueue(user, { ...place('p1', { postOnly: true, price: '190.00' }), id: 'r1' });
    const refused = await answerTo(log, 'r1');
    assert.equal(refused.type === 'order.rejected' && refused.code, REJECT_CODES.POST_ONLY_WOULD_TAKE);
    await h.enqueue(user, { ...place('f1', { timeInForce: 'FOK', price: '190.05', quantity: '31' }), id: 'r2' });
    const [cancelled] = await log.waitForType('order.cancelled');
    assert.deepEqual([cancelled?.reason, cancelled?.filledQty, cancelled?.requestId], [CANCEL_REASONS.FOK_UNFILLED, '0', 'r2']);
    await h.enqueue(user, { ...place('f2', { timeInForce: 'FOK', price: '190.05', quantity: '30' }), id: 'r3' });
    const fills = await log.waitForType('order.filled', 2);
    assert.equal(fills[1]?.status, 'filled');
    assert.equal(log.ofType('order.filled').filter((f) => f.clientOrderId === 'f1').length, 0);
  });

  it('amends a resting order: a smaller size keeps priority, a new price loses it, a crossing price takes, the same amend again changes nothing', async () => {
    const { user, log } = await newUser('amender');
    await h.enqueue(user, { ...place('l1', { postOnly: false }), id: 'p1' });
    await log.waitForType('order.accepted');
    await h.enqueue(user, amend('a1', { clientOrderId: 'l1', quantity: '6' }));
    const a1 = await answerTo(log, 'a1');
    assert.deepEqual(a1.type === 'order.amended' && [a1.quantity, a1.price, a1.keptPriority], ['6', '189.00', true]);
    await h.enqueue(user, amend('a2', { clientOrderId: 'l1', price: '189.50' }));
    const a2 = await answerTo(log, 'a2');
    assert.deepEqual(a2.type === 'order.amended' && [a2.quantity, a2.price, a2.keptPriority], ['6', '189.50', false]);
    await h.enqueue(user, amend('a3', { clientOrderId: 'l1', price: '189.50' }));
    const a3 = await answerTo(log, 'a3');
    assert.deepEqual(a3.type === 'order.amended' && [a3.quantity, a3.price], ['6', '189.50']);
    // A retried place with the original terms is still the same order, acknowledged as placed.
    await h.enqueue(user, { ...place('l1'), id: 'p1-again' });
    const again = await answerTo(log, 'p1-again');
    assert.deepEqual(again.type === 'order.accepted' && [again.quantity, again.price], ['10', '189.00']);
    await h.enqueue(user, amend('a4', { clientOrderId: 'l1', price: '190.00' }));
    const fills = await log.waitForType('order.filled');
    assert.deepEqual(fills.map((f) => [f.price, f.size, f.liquidity, f.status]), [['190.00', '6', 'taker', 'filled']]);
    const row = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user } });
    assert.deepEqual([row.quantity.toFixed(0), row.price?.toFixed(2), row.placedQuantity?.toFixed(0), row.placedPrice?.toFixed(2), row.status], ['6', '190.00', '10', '189.00', 'filled']);
    await h.enqueue(user, amend('a5', { clientOrderId: 'l1', quantity: '7' }));
    const a5 = await answerTo(log, 'a5');
    assert.equal(a5.type === 'order.rejected' && a5.code, REJECT_CODES.UNKNOWN_ORDER);
  });

  it('refuses amends that break a rule: post-only crossing, at or below the filled size, unaffordable, off the grid', async () => {
    const { user, log } = await newUser('amend-rules', 1_000_000_000_000n); // 10,000.00
    await h.enqueue(user, place('po', { postOnly: true, quantity: '20' }));
    await log.waitForType('order.accepted');
    const codeOf = async (id: string, fields: Omit<OrderAmendRequest, 'op' | 'id'>) => {
      await h.enqueue(user, amend(id, fields));
      const answer = await answerTo(log, id);
      return answer.type === 'order.rejected' ? answer.code : answer.type;
    };
    assert.equal(await codeOf('x1', { clientOrderId: 'po', price: '190.00' }), REJECT_CODES.POST_ONLY_WOULD_TAKE);
    assert.equal(await codeOf('x2', { clientOrderId: 'po', quantity: '60' }), REJECT_CODES.INSUFFICIENT_FUNDS);
    assert.equal(await codeOf('x3', { clientOrderId: 'po', price: '189.001' }), REJECT_CODES.INVALID_PRICE);
    assert.equal(await codeOf('x4', { clientOrderId: 'po', price: '250.00' }), REJECT_CODES.INVALID_PRICE);
    assert.equal(await codeOf('x5', { clientOrderId: 'nope', price: '189.10' }), REJECT_CODES.UNKNOWN_ORDER);
    assert.equal(await codeOf('x6', { clientOrderId: 'po', quantity: '52' }), 'order.amended');
    await publishTrade('188.00', '5');
    await log.waitForType('order.filled');
    assert.equal(await codeOf('x7', { clientOrderId: 'po', quantity: '5' }), REJECT_CODES.INVALID_QUANTITY);
  });

  it('finds its waiting stops again after a restart and triggers them', async () => {
    const { user, log } = await newUser('restart');
    await h.enqueue(user, place('s1', { type: 'stop_market', price: undefined, stopPrice: '192.00', quantity: '1' }));
    await log.waitForType('order.accepted');
    await engine.close();
    engine = await startEngine(h.runtime, engineOptions);
    await publishTrade('192.00');
    await log.waitForType('order.triggered');
    const [fill] = await log.waitForType('order.filled');
    assert.equal(fill?.status, 'filled');
  });
});
