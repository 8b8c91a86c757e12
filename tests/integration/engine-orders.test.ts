// The engine end to end through its public edges: orders on the queue, books and trades on the
// broker, events on the user's channel and rows in PostgreSQL — against memory and Redis brokers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ORDER_QUEUE, tradesChannel } from '../../lib/protocol/channels.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { createDemoUser, resetAccount } from '../../lib/accounts/demo-accounts.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import { DEFAULT_ENGINE_LIMITS } from '../../workers/engine/engine-limits.ts';
import { startEngine, type Engine } from '../../workers/engine/engine-worker.ts';
import { openEngineHarness, type EngineHarness } from '../helpers/engine-harness.ts';
import { instrument, SyntheticBook } from '../helpers/synthetic-book.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const limits = { ...DEFAULT_ENGINE_LIMITS, maxOpenOrders: 5 };
const engineOptions = { instruments: ['AAPL', 'NVDA', 'MSFT'].map(instrument), waitForBooksMs: 300, limits };

function place(clientOrderId: string, fields: Partial<OrderPlaceRequest> = {}): OrderPlaceRequest {
  return { op: 'order.place', clientOrderId, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1', ...fields };
}

for (const kind of ['memory', 'redis'] as const) {
  describe(`engine orders (${kind} broker)`, () => {
    let h: EngineHarness;
    let engine: Engine;
    const aapl = new SyntheticBook('AAPL', [['189.95', '10'], ['189.90', '20']], [['190.00', '10'], ['190.05', '20'], ['190.10', '5']]);
    const nvda = new SyntheticBook('NVDA', [['119.95', '10']], [['120.00', '10']]);
    const newUser = (name: string, cash?: bigint) => createDemoUser(h.db.prisma, name, cash);
    const publishTrade = (symbol: string, price: string, size: string) =>
      h.broker.publish(tradesChannel(symbol), JSON.stringify({ type: 'trade', symbol, id: `t-${price}`, price, size, side: 'sell', ts: Date.now() }));

    before(async () => {
      h = await openEngineHarness(kind);
      await h.storeSnapshot(aapl);
      await h.storeSnapshot(nvda);
      engine = await startEngine(h.runtime, engineOptions);
    });
    after(async () => {
      await engine.close();
      await h.close();
    });

    it('walks the book with a market order, averages the price and cancels the rest with NO_LIQUIDITY', async () => {
      const user = await newUser('walker');
      const log = await h.listen(user);
      await h.enqueue(user, { ...place('m1', { quantity: '40' }), id: 'r1' });
      await log.waitForType('balance');
      assert.deepEqual(log.events.map((e) => e.type), ['order.accepted', 'order.filled', 'order.filled', 'order.filled', 'order.cancelled', 'position', 'balance']);
      const fills = log.ofType('order.filled');
      assert.deepEqual(fills.map((f) => [f.price, f.size, f.fee, f.liquidity]), [
        ['190.00', '10', '1.90000000', 'taker'],
        ['190.05', '20', '3.80100000', 'taker'],
        ['190.10', '5', '0.95050000', 'taker'],
      ]);
      assert.deepEqual([fills[2]?.filledQty, fills[2]?.avgPrice, fills[2]?.status], ['35', '190.04285714', 'partially_filled']);
      const [cancelled] = log.ofType('order.cancelled');
      assert.deepEqual([cancelled?.reason, cancelled?.filledQty, cancelled?.requestId], [CANCEL_REASONS.NO_LIQUIDITY, '35', 'r1']);
      assert.deepEqual(log.ofType('position')[0], { ...log.ofType('position')[0], quantity: '35', avgCost: '190.04285714', realizedPnl: '0.00000000' });
      // 6651.50 of shares and 6.6515 of fees
      assert.equal(log.ofType('balance')[0]?.cash, '93341.84850000');
      const order = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user }, include: { fills: true } });
      assert.deepEqual([order.status, order.filledQty.toFixed(0), order.avgPrice?.toFixed(8), order.reason], ['cancelled', '35', '190.04285714', 'NO_LIQUIDITY']);
      assert.equal(order.fills.length, 3);
      const row = await h.db.prisma.user.findUniqueOrThrow({ where: { id: user } });
      assert.equal(row.cash.toFixed(8), '93341.84850000');
    });

    it('realizes P&L when a sell reduces the position', async () => {
      const user = await newUser('seller');
      const log = await h.listen(user);
      await h.enqueue(user, place('b1', { quantity: '10' }));
      await log.waitForType('balance');
      await h.enqueue(user, place('s1', { side: 'sell', quantity: '4' }));
      const positions = await log.waitForType('position', 2);
      assert.deepEqual([positions[1]?.quantity, positions[1]?.avgCost, positions[1]?.realizedPnl], ['6', '190.00000000', '-0.20000000']);
      const stored = await h.db.prisma.position.findUniqueOrThrow({ where: { userId_symbol: { userId: user, symbol: 'AAPL' } } });
      assert.deepEqual([stored.quantity.toFixed(0), stored.realizedPnl.toFixed(2)], ['6', '-0.20']);
    });

    it('rests a limit order, then fills it as maker when trades print through its price', async () => {
      const user = await newUser('rester');
      const log = await h.listen(user);
      await h.enqueue(user, place('l1', { type: 'limit', price: '189.00', quantity: '10' }));
      const [accepted] = await log.waitForType('order.accepted');
      assert.deepEqual([accepted?.orderType, accepted?.timeInForce, accepted?.price], ['limit', 'GTC', '189.00']);
      await sleep(100);
      assert.equal(log.ofType('order.filled').length, 0);
      await publishTrade('AAPL', '189.00', '50'); // at the price: no fill
      await publishTrade('AAPL', '188.99', '4');
      const [first] = await log.waitForType('order.filled');
      assert.deepEqual([first?.price, first?.size, first?.fee, first?.liquidity, first?.status], ['189.00', '4', '0.37800000', 'maker', 'partially_filled']);
      await publishTrade('AAPL', '188.50', '100');
      const fills = await log.waitForType('order.filled', 2);
      assert.deepEqual([fills[1]?.size, fills[1]?.filledQty, fills[1]?.status], ['6', '10', 'filled']);
      const balances = await log.waitForType('balance', 2);
      assert.equal(balances[1]?.cash, '98109.05500000');
      const order = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user } });
      assert.equal(order.status, 'filled');
    });

    it('fills a resting limit order when the opposite best crosses it', async () => {
      const user = await newUser('crossed');
      const log = await h.listen(user);
      await h.enqueue(user, place('x1', { symbol: 'NVDA', type: 'limit', price: '119.98', quantity: '10' }));
      await log.waitForType('order.accepted');
      await h.publishDelta(nvda.change([], [['119.97', '6']]));
      const [fill] = await log.waitForType('order.filled');
      assert.deepEqual([fill?.price, fill?.size, fill?.liquidity, fill?.status], ['119.98', '6', 'maker', 'partially_filled']);
      await h.publishDelta(nvda.change([], [['119.97', '0']]));
      await sleep(150);
      assert.equal(log.ofType('order.filled').length, 1);
      const order = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user } });
      assert.deepEqual([order.status, order.filledQty.toFixed(0)], ['partially_filled', '6']);
    });

    it('fills what it can of an IOC limit order and cancels the rest with IOC_EXPIRED', async () => {
      const user = await newUser('ioc');
      const log = await h.listen(user);
      await h.enqueue(user, place('i1', { type: 'limit', timeInForce: 'IOC', price: '190.00', quantity: '25' }));
      const [cancelled] = await log.waitForType('order.cancelled');
      assert.deepEqual([cancelled?.reason, cancelled?.filledQty], [CANCEL_REASONS.IOC_EXPIRED, '10']);
      assert.deepEqual(log.ofType('order.filled').map((f) => [f.price, f.size]), [['190.00', '10']]);
    });

    it('cancels by client order id, by order id and all in a symbol; a repeated cancel replays the cancellation', async () => {
      const user = await newUser('canceller');
      const other = await newUser('other');
      const log = await h.listen(user);
      const otherLog = await h.listen(other);
      for (const [id, price] of [['c1', '180.00'], ['c2', '180.00'], ['c3', '181.00']] as const) await h.enqueue(user, place(id, { type: 'limit', price }));
      const accepted = await log.waitForType('order.accepted', 3);
      const c2 = accepted.find((a) => a.clientOrderId === 'c2')?.orderId;
      await h.enqueue(user, { op: 'order.cancel', id: 'k1', clientOrderId: 'c1' });
      await h.enqueue(user, { op: 'order.cancel', id: 'k2', orderId: c2 });
      await h.enqueue(user, { op: 'order.cancelAll', id: 'k3', symbol: 'AAPL' });
      await h.enqueue(user, { op: 'order.cancel', id: 'k4', clientOrderId: 'c1' });
      const cancelled = await log.waitForType('order.cancelled', 4);
      assert.deepEqual(cancelled.map((c) => [c.clientOrderId, c.requestId, c.reason]), [
        ['c1', 'k1', 'USER_REQUESTED'],
        ['c2', 'k2', 'USER_REQUESTED'],
        ['c3', 'k3', 'USER_REQUESTED'],
        ['c1', 'k4', 'USER_REQUESTED'],
      ]);
      await h.enqueue(other, { op: 'order.cancel', id: 'k5', orderId: c2 });
      await h.enqueue(user, { op: 'order.cancel', id: 'k6', orderId: '999999999' });
      await h.enqueue(user, { op: 'order.cancel', id: 'k7', orderId: '9999999999999999999' }); // past BIGINT
      const [rejectedForOther] = await otherLog.waitForType('order.rejected');
      assert.deepEqual([rejectedForOther?.code, rejectedForOther?.requestId], [REJECT_CODES.UNKNOWN_ORDER, 'k5']);
      const rejected = await log.waitForType('order.rejected', 2);
      assert.deepEqual(rejected.map((r) => [r.code, r.op, r.orderId]), [
        [REJECT_CODES.UNKNOWN_ORDER, 'order.cancel', '999999999'],
        [REJECT_CODES.UNKNOWN_ORDER, 'order.cancel', '9999999999999999999'],
      ]);
      const statuses = await h.db.prisma.order.findMany({ where: { userId: user }, select: { status: true } });
      assert.deepEqual(statuses.map((s) => s.status), ['cancelled', 'cancelled', 'cancelled']);
    });

    it('acknowledges every cancelAll with how many it cancelled, none open included', async () => {
      const user = await newUser('cancel-all');
      const log = await h.listen(user);
      await h.enqueue(user, { op: 'order.cancelAll', id: 'a0', symbol: 'AAPL' });
      await h.enqueue(user, place('r1', { type: 'limit', price: '180.00' }));
      await h.enqueue(user, { op: 'order.cancelAll', id: 'a1', symbol: 'AAPL' });
      const done = await log.waitForType('order.cancelAll.done', 2);
      assert.deepEqual(done.map((d) => [d.requestId, d.symbol, d.cancelled]), [['a0', 'AAPL', 0], ['a1', 'AAPL', 1]]);
      // The acknowledgement comes after the cancellations it counts.
      const types = log.events.map((e) => e.type);
      assert.ok(types.lastIndexOf('order.cancelled') < types.lastIndexOf('order.cancelAll.done'));
    });

    it('a reset cancels resting orders, clears positions and restores cash; the engine then never fills them', async () => {
      const user = await newUser('resetter');
      const log = await h.listen(user);
      await h.enqueue(user, place('rs1', { quantity: '2' }));
      await h.enqueue(user, place('rs2', { type: 'limit', price: '187.00', quantity: '3' }));
      await log.waitForType('order.accepted', 2);
      await publishEvents(h.broker, user, await resetAccount(h.db.prisma, user));
      const [cancelled] = await log.waitForType('order.cancelled');
      assert.deepEqual([cancelled?.clientOrderId, cancelled?.reason, cancelled?.filledQty], ['rs2', CANCEL_REASONS.ACCOUNT_RESET, '0']);
      await waitFor('reset balance', () => log.ofType('balance').at(-1)?.cash === '100000.00000000');
      await publishTrade('AAPL', '186.00', '100'); // would fill rs2 had it survived
      await sleep(200);
      assert.equal(log.ofType('order.filled').length, 1, 'only the market order filled');
      assert.equal(await h.db.prisma.position.count({ where: { userId: user } }), 0);
      const stored = await h.db.prisma.order.findFirstOrThrow({ where: { userId: user, clientOrderId: 'rs2' } });
      assert.deepEqual([stored.status, stored.reason], ['cancelled', CANCEL_REASONS.ACCOUNT_RESET]);
    });

    it('rejects each invalid order with its code and stores nothing', async () => {
      const user = await newUser('rejected', 100_00000000n);
      const log = await h.listen(user);
      const cases: [OrderPlaceRequest, string][] = [
        [place('u1', { symbol: 'NOPE' }), REJECT_CODES.UNKNOWN_SYMBOL],
        [place('u2', { quantity: '1.5' }), REJECT_CODES.INVALID_QUANTITY],
        [place('u3', { type: 'limit', price: '250.00' }), REJECT_CODES.INVALID_PRICE],
        [place('u4', { symbol: 'MSFT' }), REJECT_CODES.MARKET_CLOSED],
        [place('u5', { quantity: '1' }), REJECT_CODES.INSUFFICIENT_FUNDS],
        [place('u6', { side: 'sell' }), REJECT_CODES.INSUFFICIENT_POSITION],
      ];
      for (const [request] of cases) await h.enqueue(user, request);
      const rejected = await log.waitForType('order.rejected', cases.length);
      assert.deepEqual(rejected.map((r) => [r.clientOrderId, r.code]), cases.map(([r, code]) => [r.clientOrderId, code]));
      assert.equal(await h.db.prisma.order.count({ where: { userId: user } }), 0);
    });

    it('rejects a reused client order id with different terms, and resting orders past the limit', async () => {
      const user = await newUser('limits');
      const log = await h.listen(user);
      for (let i = 0; i < limits.maxOpenOrders + 1; i++) await h.enqueue(user, place(`o${i}`, { type: 'limit', price: '175.00' }));
      await h.enqueue(user, place('o0', { type: 'limit', price: '175.01' }));
      const rejected = await log.waitForType('order.rejected', 2);
      assert.deepEqual(rejected.map((r) => [r.clientOrderId, r.code]), [
        [`o${limits.maxOpenOrders}`, REJECT_CODES.TOO_MANY_OPEN_ORDERS],
        ['o0', REJECT_CODES.DUPLICATE_CLIENT_ORDER_ID],
      ]);
      await h.enqueue(user, { op: 'order.cancelAll', symbol: 'AAPL' });
      await log.waitForType('order.cancelled', limits.maxOpenOrders);
    });

    it('rate-limits a burst of orders by when the gateway received them', async () => {
      const user = await newUser('flooder');
      const log = await h.listen(user);
      const receivedAt = Date.now();
      const count = limits.opsBurst + 2;
      for (let i = 0; i < count; i++) await h.enqueue(user, place(`f${i}`, { type: 'limit', timeInForce: 'IOC', price: '180.00' }), receivedAt);
      const rejected = await log.waitForType('order.rejected', 2);
      await log.waitForType('order.cancelled', limits.opsBurst);
      assert.deepEqual(rejected.map((r) => [r.clientOrderId, r.code]), [[`f${count - 2}`, 'RATE_LIMITED'], [`f${count - 1}`, 'RATE_LIMITED']]);
    });

    it('drops malformed queue entries and entries for unknown users, and keeps going', async () => {
      const user = await newUser('after-junk');
      const log = await h.listen(user);
      await h.broker.enqueue(ORDER_QUEUE, 'not json');
      await h.broker.enqueue(ORDER_QUEUE, JSON.stringify({ userId: user, request: { op: 'order.place' }, receivedAt: 1, node: 'x' }));
      await h.enqueue('0f8fad5b-d9cb-469f-a165-70867728950e', place('ghost'));
      await h.enqueue(user, place('after'));
      const [accepted] = await log.waitForType('order.accepted');
      assert.equal(accepted?.clientOrderId, 'after');
      assert.equal(log.ofType('order.rejected').length, 0);
    });

    it('answers a retry storm of one clientOrderId with one order and the same acceptance for every copy', async () => {
      const user = await newUser('storm');
      const log = await h.listen(user);
      const request = { ...place('storm-1', { quantity: '2' }), id: 'same' };
      await Promise.all(Array.from({ length: 50 }, () => h.enqueue(user, request)));
      const accepted = await log.waitForType('order.accepted', 50, 15_000);
      assert.equal(new Set(accepted.map((a) => JSON.stringify({ ...a }))).size, 1);
      await sleep(100);
      assert.equal(log.ofType('order.accepted').length, 50);
      // Copies replayed from the stored order tell its one fill again, under the same fill id.
      assert.equal(new Set(log.ofType('order.filled').map((f) => f.fillId)).size, 1);
      assert.equal(await h.db.prisma.order.count({ where: { userId: user } }), 1);
      assert.equal(await h.db.prisma.fill.count({ where: { userId: user } }), 1);
      const row = await h.db.prisma.user.findUniqueOrThrow({ where: { id: user } });
      assert.equal(row.cash.toFixed(8), '99619.62000000'); // 2 × 190.00 + 0.38 fee, once
    });

    it('reloads resting orders after a restart and still fills them', async () => {
      const user = await newUser('restarter');
      const log = await h.listen(user);
      await h.enqueue(user, place('r1', { type: 'limit', price: '185.00', quantity: '3' }));
      await log.waitForType('order.accepted');
      await engine.close();
      engine = await startEngine(h.runtime, engineOptions);
      await publishTrade('AAPL', '184.00', '10');
      const [fill] = await log.waitForType('order.filled');
      assert.deepEqual([fill?.price, fill?.size, fill?.status], ['185.00', '3', 'filled']);
    });
  });
}
