// Kills a real engine process with SIGKILL while orders are in flight, restarts it, and checks that
// every order landed exactly once and that cash and positions reconcile with the fills.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Prisma } from '../../lib/generated/prisma/client.ts';
import type { OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { openEngineHarness, type EngineHarness, type EventLog } from '../helpers/engine-harness.ts';
import { TEST_REDIS_URL } from '../helpers/services.ts';
import { SyntheticBook } from '../helpers/synthetic-book.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { spawnTracked } from '../../scripts/lib/child-processes.ts';

const USERS = 4;
const ORDERS_PER_USER = 40;
const RETRIED_PER_USER = 10;
const START_CASH = new Prisma.Decimal('100000');

// Repeats a pattern: market buy 2, resting limit buy 1, market sell 1, IOC buy 3 (fills 3 at 190.00).
function orderFor(i: number): OrderPlaceRequest {
  const base = { op: 'order.place' as const, clientOrderId: `o${i}`, symbol: 'AAPL' };
  switch (i % 4) {
    case 0:
      return { ...base, side: 'buy', type: 'market', quantity: '2' };
    case 1:
      return { ...base, side: 'buy', type: 'limit', price: '180.00', quantity: '1' };
    case 2:
      return { ...base, side: 'sell', type: 'market', quantity: '1' };
    default:
      return { ...base, side: 'buy', type: 'limit', timeInForce: 'IOC', price: '190.05', quantity: '3' };
  }
}

describe('engine crash recovery (Redis, child process)', () => {
  let h: EngineHarness;
  let child: ChildProcess | undefined;

  async function spawnEngine(): Promise<ChildProcess> {
    const env = {
      ...process.env,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: h.prefix,
      DATABASE_URL: h.databaseUrl,
      ENGINE_SYMBOLS: 'AAPL',
      PUBLISH_DELAY_MS: '15',
    };
    const proc = spawnTracked(process.execPath, ['--import', 'tsx', 'tests/helpers/engine-process.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor('the engine process ready', () => output.includes('engine ready') || proc.exitCode !== null, 20_000);
    assert.equal(proc.exitCode, null, 'the engine process exited during start');
    return proc;
  }

  async function kill(proc: ChildProcess): Promise<void> {
    const exited = once(proc, 'exit');
    proc.kill('SIGKILL');
    await exited;
  }

  before(async () => {
    h = await openEngineHarness('redis');
    await h.storeSnapshot(new SyntheticBook('AAPL', [['189.95', '1000']], [['190.00', '1000']]));
  });
  after(async () => {
    if (child && child.exitCode === null) await kill(child);
    await h.close();
  });

  it('applies every order exactly once across a SIGKILL and a restart', { timeout: 120_000 }, async () => {
    const users = await Promise.all(Array.from({ length: USERS }, (_, u) => createDemoUser(h.db.prisma, `crash-${u}`)));
    const logs = new Map<string, EventLog>();
    for (const user of users) logs.set(user, await h.listen(user));
    child = await spawnEngine();

    const receivedAt = Date.now();
    const enqueues: Promise<string>[] = [];
    for (let i = 0; i < ORDERS_PER_USER; i++) {
      for (const user of users) {
        // 5 orders a second per user by the gateway's clock: under the rate limit.
        const request = orderFor(i);
        enqueues.push(h.enqueue(user, request, receivedAt + i * 200));
        if (i < RETRIED_PER_USER) enqueues.push(h.enqueue(user, request, receivedAt + i * 200));
      }
    }
    await Promise.all(enqueues);

    // Kill right after an acceptance is published: its fills, position and balance are still being
    // published, so the entry is committed but not acknowledged.
    const victim = users[1] ?? '';
    const victimLog = logs.get(victim);
    assert.ok(victimLog);
    await waitFor('a third of the orders accepted', () => victimLog.ofType('order.accepted').length >= ORDERS_PER_USER / 3, 30_000, 1);
    const acceptedBeforeKill = victimLog.ofType('order.accepted').at(-1)?.clientOrderId;
    await kill(child);
    const ordersAtKill = await h.db.prisma.order.count();
    assert.ok(ordersAtKill < USERS * ORDERS_PER_USER, 'the engine was killed with orders still queued');

    child = await spawnEngine();
    await waitFor('every order stored', async () => (await h.db.prisma.order.count()) === USERS * ORDERS_PER_USER, 60_000, 100);
    for (const [user, log] of logs) {
      await waitFor(`every order of ${user} acknowledged`, () => new Set(log.ofType('order.accepted').map((a) => a.clientOrderId)).size === ORDERS_PER_USER, 30_000);
    }
    // The entry in flight at the kill was redelivered and answered with the same acceptance again.
    const victimAcks = victimLog.ofType('order.accepted').filter((a) => a.clientOrderId === acceptedBeforeKill);
    assert.ok(victimAcks.length >= 2, `expected a replayed acceptance of ${acceptedBeforeKill}`);
    assert.equal(new Set(victimAcks.map((a) => a.orderId)).size, 1);

    for (const user of users) await assertReconciles(user);
  });

  async function assertReconciles(userId: string): Promise<void> {
    const prisma = h.db.prisma;
    const orders = await prisma.order.findMany({ where: { userId }, include: { fills: true }, orderBy: { id: 'asc' } });
    assert.deepEqual(orders.map((o) => o.clientOrderId).sort(), Array.from({ length: ORDERS_PER_USER }, (_, i) => `o${i}`).sort());
    let cash = START_CASH;
    let quantity = new Prisma.Decimal(0);
    let fees = new Prisma.Decimal(0);
    for (const order of orders) {
      const filled = order.fills.reduce((sum, fill) => sum.add(fill.quantity), new Prisma.Decimal(0));
      assert.equal(filled.toFixed(8), order.filledQty.toFixed(8), `fills of ${order.clientOrderId} add up to its filled quantity`);
      // The test places only market orders and passive GTC or crossing IOC limits.
      const expected = order.type === 'market' || order.timeInForce === 'IOC' ? order.quantity : new Prisma.Decimal(0);
      assert.equal(filled.toFixed(8), expected.toFixed(8), `${order.clientOrderId} filled exactly once`);
      for (const fill of order.fills) {
        const notional = fill.price.mul(fill.quantity);
        cash = fill.side === 'buy' ? cash.sub(notional.toDecimalPlaces(8, Prisma.Decimal.ROUND_UP)) : cash.add(notional.toDecimalPlaces(8, Prisma.Decimal.ROUND_DOWN));
        cash = cash.sub(fill.fee);
        fees = fees.add(fill.fee);
        quantity = fill.side === 'buy' ? quantity.add(fill.quantity) : quantity.sub(fill.quantity);
      }
    }
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    assert.equal(user.cash.toFixed(8), cash.toFixed(8), 'cash equals the start minus what the fills cost');
    const position = await prisma.position.findUniqueOrThrow({ where: { userId_symbol: { userId, symbol: 'AAPL' } } });
    assert.equal(position.quantity.toFixed(8), quantity.toFixed(8), 'the position equals the filled quantity');
    // Value identity: what left the cash is the cost of the holding, the fees and the losses taken.
    const spent = START_CASH.sub(user.cash);
    const explained = position.quantity.mul(position.avgCost).sub(position.realizedPnl).add(fees);
    assert.ok(spent.sub(explained).abs().lte('0.0001'), `cash ${spent.toFixed(8)} spent vs ${explained.toFixed(8)} explained`);
  }
});
