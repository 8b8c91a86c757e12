// The order-op budget at the gateway: every op kind spends it, per user and per client address (all of
// its accounts together, IPv6 by /64), refusals are typed and say when to retry, and a full queue answers
// UNAVAILABLE; plus the window arithmetic and the engine's backstop above it.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import type { OrderLimits } from '../../../lib/config.ts';
import { engineBackstop, windowRule } from '../../../lib/limits/order-budget.ts';
import { ORDER_QUEUE } from '../../../lib/protocol/channels.ts';
import type { ErrorMessage, MarketMessage } from '../../../lib/protocol/messages.ts';
import type { OrderRequest } from '../../../lib/protocol/orders.ts';
import { routeOrder, type OrderClient } from '../../../server/gateway/routing/order-routing.ts';
import { RateLimiter } from '../../../workers/engine/rate-limiter.ts';
import { waitFor } from '../../helpers/wait-for.ts';

const USER_A = '00000000-0000-4000-8000-00000000000a';
const USER_B = '00000000-0000-4000-8000-00000000000b';

/** A client that records what it was answered; its flood guard closes it at the `floodLimit`-th refusal. */
function client(userId: string, ip: string, floodLimit = Infinity): OrderClient & { replies: ErrorMessage[]; refusals: number; isClosed: boolean } {
  const replies: ErrorMessage[] = [];
  const record = (message: MarketMessage): void => {
    if (message.type === 'error') replies.push(message);
  };
  const state = {
    userId,
    ip,
    replies,
    refusals: 0,
    isClosed: false,
    reply: record,
    replyError: (code: ErrorMessage['code'], message: string, id?: string | number) => record({ type: 'error', code, message, ...(id === undefined ? {} : { id }) }),
    recordRefusal: () => {
      state.refusals += 1;
      state.isClosed ||= state.refusals >= floodLimit;
      return state.isClosed;
    },
  };
  return state;
}

const ops = (n: number): OrderRequest[] =>
  Array.from({ length: n }, (_, i): OrderRequest => {
    switch (i % 4) {
      case 0:
        return { op: 'order.place', id: i, clientOrderId: `c${i}`, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' };
      case 1:
        return { op: 'order.cancel', id: i, orderId: String(1000 + i) };
      case 2:
        return { op: 'order.cancelAll', id: i, symbol: 'AAPL' };
      default:
        return { op: 'order.deadman', id: i, seconds: 0 };
    }
  });

describe('the order-op budget at the gateway', () => {
  let broker: MemoryBroker;
  const limits = (overrides: Partial<OrderLimits> = {}): OrderLimits => ({
    perUser: { opsPerSecond: 4, burst: 8 },
    perAddress: { opsPerSecond: 100, burst: 200 },
    queueMax: 1000,
    ...overrides,
  });
  const depsWith = (orders: OrderLimits) => ({ nodeId: 'n1', logger: pino({ level: 'silent' }), broker, users: { whenReady: async () => {} }, orders });
  /** Sends every op, then waits until each got queued, answered or (its socket closed) dropped. */
  async function send(who: ReturnType<typeof client>, requests: OrderRequest[], orders: OrderLimits): Promise<void> {
    const settled = async (): Promise<number> => (await broker.queueLength(ORDER_QUEUE)) + Math.max(who.replies.length, who.refusals);
    const before = await settled();
    for (const request of requests) routeOrder(who, request, depsWith(orders));
    await waitFor('every op queued or answered', async () => (await settled()) === before + requests.length);
  }

  beforeEach(() => {
    broker = new MemoryBroker();
  });
  afterEach(async () => {
    await broker.close();
  });

  it('lets a user spend the burst with any mix of ops, then refuses with RATE_LIMITED, the id and retryAfterMs', async () => {
    const alice = client(USER_A, '203.0.113.5');
    await send(alice, ops(10), limits());
    assert.equal(await broker.queueLength(ORDER_QUEUE), 8, 'place, cancel, cancelAll and deadman each spend one op');
    assert.deepEqual(alice.replies.map((r) => [r.code, r.id]), [['RATE_LIMITED', 8], ['RATE_LIMITED', 9]]);
    for (const reply of alice.replies) {
      assert.ok(reply.retryAfterMs !== undefined && reply.retryAfterMs > 0 && reply.retryAfterMs <= 2000, `retryAfterMs ${reply.retryAfterMs}`);
      assert.match(reply.message, /this account is over its order-op budget/);
    }
  });

  it('counts every refusal toward the socket\'s flood guard, and answers nothing once that closed the socket', async () => {
    const alice = client(USER_A, '203.0.113.5', 2);
    await send(alice, ops(11), limits());
    assert.equal(alice.refusals, 3, 'the three ops over the budget were refused');
    assert.equal(alice.isClosed, true);
    assert.deepEqual(alice.replies.map((r) => r.id), [8], 'the refusal that closed the socket (and any after) is not answered');
  });

  it('counts each user on their own', async () => {
    const alice = client(USER_A, '203.0.113.5');
    const bob = client(USER_B, '203.0.113.5');
    await send(alice, ops(8), limits());
    await send(bob, ops(8), limits());
    assert.deepEqual([alice.replies.length, bob.replies.length], [0, 0]);
  });

  it('refuses an address that spreads its ops over many accounts, and leaves other addresses alone', async () => {
    const orders = limits({ perAddress: { opsPerSecond: 3, burst: 6 } });
    const alice = client(USER_A, '198.51.100.7');
    const bob = client(USER_B, '198.51.100.7');
    await send(alice, ops(4), orders);
    await send(bob, ops(4), orders);
    assert.equal(alice.replies.length, 0);
    assert.deepEqual(bob.replies.map((r) => [r.code, r.id]), [['RATE_LIMITED', 2], ['RATE_LIMITED', 3]]);
    assert.match(bob.replies[0]?.message ?? '', /this client address \(all its accounts together\)/);
    const elsewhere = client(USER_B, '198.51.100.8');
    await send(elsewhere, ops(1), orders);
    assert.equal(elsewhere.replies.length, 0, 'another address has its own budget');
  });

  it('groups IPv6 addresses by their /64', async () => {
    const orders = limits({ perAddress: { opsPerSecond: 1, burst: 2 } });
    const one = client(USER_A, '2001:db8:1:2::1');
    const other = client(USER_B, '2001:db8:1:2:ffff::9');
    await send(one, ops(2), orders);
    await send(other, ops(1), orders);
    assert.deepEqual(other.replies.map((r) => r.code), ['RATE_LIMITED']);
  });

  it('answers UNAVAILABLE, saying the queue is full, once the order queue holds ORDER_QUEUE_MAX ops', async () => {
    const alice = client(USER_A, '203.0.113.5');
    await send(alice, ops(4), limits({ queueMax: 3 }));
    assert.equal(await broker.queueLength(ORDER_QUEUE), 3);
    assert.deepEqual(alice.replies.map((r) => [r.code, r.id]), [['UNAVAILABLE', 3]]);
    assert.match(alice.replies[0]?.message ?? '', /the order queue is full \(3 ops waiting\); retry/);
    assert.ok((alice.replies[0]?.retryAfterMs ?? 0) > 0);
  });
});

describe('the budget window and the engine backstop', () => {
  it('turns a rate and a burst into burst ops per whole-second window', () => {
    assert.deepEqual(windowRule({ opsPerSecond: 20, burst: 40 }), { points: 40, durationMs: 2000 });
    assert.deepEqual(windowRule({ opsPerSecond: 10, burst: 25 }), { points: 25, durationMs: 3000 });
    assert.deepEqual(windowRule({ opsPerSecond: 50, burst: 10 }), { points: 10, durationMs: 1000 });
  });

  it('gives the engine a bucket that takes two full windows back to back, then the window rate', () => {
    const rate = { opsPerSecond: 20, burst: 40 };
    const { opsPerSecond, opsBurst } = engineBackstop(rate);
    assert.deepEqual({ opsPerSecond, opsBurst }, { opsPerSecond: 20, opsBurst: 80 });
    const limiter = new RateLimiter(opsPerSecond, opsBurst);
    // The worst the gateway lets through: a window's 40 at its very end, then 40 at the start of each next window.
    const times = [...Array.from({ length: 40 }, () => 1999), ...Array.from({ length: 10 }, (_, w) => Array.from({ length: 40 }, () => 2000 + w * 2000)).flat()];
    assert.ok(times.every((atMs) => limiter.tryTake('u', atMs)), 'no op the gateway allowed is refused');
  });
});
