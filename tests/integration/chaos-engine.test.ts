// Chaos: the engine is SIGKILLed and restarted during a stream of orders sent over the WebSocket
// through nginx. Every order is processed exactly once: one row per client order id, fills that add
// up, and cash and positions that reconcile with the fills.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { Prisma } from '../../lib/generated/prisma/client.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { openSession, TradingClient, type TestSession } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 30) * 1000;
const USERS = 3;
const ORDERS_PER_SECOND_PER_USER = 5;
const START_CASH = new Prisma.Decimal('100000');

describe('chaos: the engine dies during a stream of orders', () => {
  const prefix = uniquePrefix('twchaoseng');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let cluster: Cluster;
  const traders: { session: TestSession; client: TradingClient; sent: Set<string> }[] = [];

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, databaseUrl: database.url, redisPrefix: prefix, gateways: 1, webs: 1, env: { FEED_RATE: '200' } });
    db = await openDatabase({ databaseUrl: database.url, dataDir: '', migrate: false });
  });
  after(async () => {
    for (const trader of traders) trader.client.close();
    await db?.close();
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('processes every order exactly once across the crash', async (t) => {
    for (let i = 0; i < USERS; i++) {
      const session = await openSession(cluster.url);
      const client = await TradingClient.connect(`ws://127.0.0.1:${cluster.nginx.port}/ws`, { token: session.token, via: 'bearer' });
      traders.push({ session, client, sent: new Set() });
    }
    const started = Date.now();
    let killed = false;
    for (let n = 0; Date.now() - started < RUN_MS; n++) {
      for (const [u, trader] of traders.entries()) {
        const order = { op: 'order.place', clientOrderId: `u${u}-o${n}`, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' };
        trader.client.send(order);
        if (n % 10 === 0) trader.client.send(order); // a client retry: must not place twice
        trader.sent.add(order.clientOrderId);
      }
      if (!killed && Date.now() - started > RUN_MS / 3) {
        killed = true;
        await cluster.node('engine-1').process.kill();
        void sleep(2000).then(() => cluster.node('engine-1').restart());
      }
      await sleep(1000 / ORDERS_PER_SECOND_PER_USER);
    }
    for (const trader of traders) {
      await waitFor(
        'an answer to every order',
        () => [...trader.sent].every((id) => trader.client.messages.some((m) => (m.type === 'order.accepted' || m.type === 'order.rejected') && 'clientOrderId' in m && m.clientOrderId === id)),
        30_000,
      );
    }

    let accepted = 0;
    for (const trader of traders) {
      const acceptedIds = new Set(trader.client.ofType('order.accepted').map((e) => e.clientOrderId));
      accepted += acceptedIds.size;
      const orders = await db.prisma.order.findMany({ where: { userId: trader.session.userId }, include: { fills: true } });
      assert.equal(orders.length, acceptedIds.size, 'one row per accepted client order id, none doubled');
      assert.deepEqual(new Set(orders.map((o) => o.clientOrderId)), acceptedIds);
      let cash = START_CASH;
      let quantity = new Prisma.Decimal(0);
      for (const order of orders) {
        const filled = order.fills.reduce((sum, fill) => sum.add(fill.quantity), new Prisma.Decimal(0));
        assert.equal(filled.toFixed(8), order.filledQty.toFixed(8), `fills of ${order.clientOrderId} add up`);
        for (const fill of order.fills) {
          cash = cash.sub(fill.price.mul(fill.quantity).toDecimalPlaces(8, Prisma.Decimal.ROUND_UP)).sub(fill.fee);
          quantity = quantity.add(fill.quantity);
        }
      }
      const user = await db.prisma.user.findUniqueOrThrow({ where: { id: trader.session.userId } });
      assert.equal(user.cash.toFixed(8), cash.toFixed(8), 'cash reconciles with the fills');
      const position = await db.prisma.position.findUnique({ where: { userId_symbol: { userId: trader.session.userId, symbol: 'AAPL' } } });
      assert.equal((position?.quantity ?? new Prisma.Decimal(0)).toFixed(8), quantity.toFixed(8), 'the position equals the filled quantity');
    }
    const sent = traders.reduce((n, tr) => n + tr.sent.size, 0);
    t.diagnostic(`${sent} orders sent (plus retries), ${accepted} accepted, across an engine SIGKILL and restart`);
    assert.ok(accepted > sent * 0.9, 'nearly every order accepted (a few may be rate limited)');
  });
});
