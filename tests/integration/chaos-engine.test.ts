// Chaos: the engine is SIGKILLed and restarted during a stream of orders sent over the WebSocket
// through nginx. Every order is processed exactly once: one row per client order id, fills that add
// up, and cash and positions that reconcile with the fills.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { openSession, TradingClient, type TestSession } from '../helpers/trading-client.ts';
import { assertBuysExactlyOnce, waitForAnswers } from '../helpers/order-audit.ts';
import { sleep } from '../helpers/wait-for.ts';

const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 30) * 1000;
const USERS = 3;
const ORDERS_PER_SECOND_PER_USER = 5;

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
    let accepted = 0;
    for (const trader of traders) {
      await waitForAnswers(trader.client, trader.sent);
      accepted += await assertBuysExactlyOnce(db.prisma, trader.session.userId, trader.client, 'AAPL');
    }
    const sent = traders.reduce((n, tr) => n + tr.sent.size, 0);
    const rejects = traders.flatMap((tr) => tr.client.ofType('order.rejected').map((e) => e.code));
    const counts = new Map<string, number>();
    for (const code of rejects) counts.set(code, (counts.get(code) ?? 0) + 1);
    const byCode = [...counts].map(([code, n]) => `${code} ×${n}`);
    t.diagnostic(`${sent} orders sent (plus retries), ${accepted} accepted, rejected: ${byCode.join(', ') || 'none'}, across an engine SIGKILL and restart`);
    // Orders queued while the engine was down wait out its books' resync instead of meeting MARKET_CLOSED.
    assert.ok(rejects.every((code) => code === 'RATE_LIMITED'), `only rate limits may refuse an order; rejected: ${byCode.join(', ')}`);
    assert.ok(accepted > sent * 0.9, `nearly every order accepted; rejected: ${byCode.join(', ')}`);
  });
});
