// Chaos: the broker is killed and restarted under a running cluster. Gateways keep their sockets, mark
// books stale and resync; SSE streams resume from their stream ids; orders sent throughout are
// processed exactly once. The broker persists, as a production broker must, so streams and queues
// survive the restart: Redis with an AOF fsynced on every write, NATS with JetStream file storage.
// Pub/sub (Redis channels, core NATS subjects) is not durable on either: whatever it lost, books
// resync from snapshots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareStreamIds, type Broker } from '../../lib/broker/broker.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { CLUSTER_BROKERS, startPrivateClusterBroker, type PrivateClusterBroker } from '../helpers/cluster-broker.ts';
import { watchBookResiliently, type ResilientWatcher } from '../helpers/resilient-book-watcher.ts';
import { openResumingSse, type ResumingSseClient } from '../helpers/resuming-sse-client.ts';
import { openDatabase } from '../../lib/db/database.ts';
import { assertBuysExactlyOnce } from '../helpers/order-audit.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { openSession, TradingClient } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 20) * 1000;

for (const kind of CLUSTER_BROKERS) describe(`chaos: the broker (${kind}) restarts`, () => {
  let broker: PrivateClusterBroker;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: Cluster;
  const books: ResilientWatcher[] = [];
  const streams: ResumingSseClient[] = [];
  let trader: TradingClient | undefined;
  let verifier: Broker | undefined;

  before(async () => {
    broker = await startPrivateClusterBroker(kind);
    database = await createTestDatabase();
    cluster = await startCluster({ ...broker.options, databaseUrl: database.url, feeds: 1, engines: 1, env: { FEED_RATE: '400' } });
  });
  after(async () => {
    for (const client of [...books, ...streams]) client.close();
    trader?.close();
    await verifier?.close();
    await cluster?.stop();
    await broker?.destroy();
    await database?.drop();
  });

  it('ends with exact books, every index id exactly once and every order exactly once', async (t) => {
    for (let i = 0; i < 6; i++) books.push(await watchBookResiliently(`ws://127.0.0.1:${cluster.nginx.port}/ws`, i % 2 ? 'SOL-USD' : 'BTC-USD'));
    for (let i = 0; i < 6; i++) streams.push(openResumingSse(`${cluster.url}/api/stream/index`, { retryMs: 250 }));
    await waitFor('every SSE client to receive events', () => streams.every((s) => s.indexIds().length >= 2), 15_000);
    const session = await openSession(cluster.url);
    const client = await TradingClient.connect(`ws://127.0.0.1:${cluster.nginx.port}/ws`, { token: session.token, via: 'bearer' });
    trader = client;
    const orders = new Map<string, object>();
    const sendNewOrder = (): void => {
      const order = { op: 'order.place', clientOrderId: `o${orders.size}`, symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' };
      orders.set(order.clientOrderId, order);
      client.send(order);
    };
    const orderTimer = setInterval(sendNewOrder, 200);
    const started = Date.now();
    await sleep(RUN_MS / 3);

    await broker.stop();
    await sleep(2000);
    await broker.start();
    const reader = broker.open();
    verifier = reader;
    // Index ids are Redis's `<ms>-<n>` or JetStream's `<sequence>-0`: what is after this was appended after the restart.
    const lastBeforeRestart = (await reader.readLatest(INDEX_STREAM, 1))[0]?.id ?? '0-0';
    const deltasAtRestart = books.map((b) => b.deltas());
    await sleep(Math.max(5000, started + RUN_MS - Date.now()));
    clearInterval(orderTimer);
    // Like a real client: an order answered UNAVAILABLE (not queued while the broker was down), or not
    // answered at all, is sent again with the same client order id — safe, it never places twice.
    const answered = (): Set<string> => new Set(client.messages.flatMap((m) => ((m.type === 'order.accepted' || m.type === 'order.rejected') && m.clientOrderId ? [m.clientOrderId] : [])));
    await waitFor('every order answered, resending the unanswered', () => {
      const done = answered();
      for (const [id, order] of orders) if (!done.has(id)) client.send(order);
      return done.size === orders.size;
    }, 30_000, 1000);
    const db = await openDatabase({ databaseUrl: database.url, dataDir: '', migrate: false });
    try {
      const accepted = await assertBuysExactlyOnce(db.prisma, session.userId, client, 'AAPL');
      const rejections = client.ofType('order.rejected').map((r) => r.code);
      t.diagnostic(`${orders.size} orders sent, ${accepted} accepted, rejected: ${rejections.join(' ') || 'none'}; ${client.ofType('error').length} UNAVAILABLE replies during the outage`);
      // Orders held back by the outage reach the engine together (its per-user rate limit may refuse
      // some), and right after the restart the engine trades on no book until it has resynced.
      assert.ok(rejections.every((code) => code === 'RATE_LIMITED' || code === 'MARKET_CLOSED'), `only rate-limit or no-book rejections: ${rejections.join(' ')}`);
      assert.ok(accepted >= orders.size / 2, 'most orders accepted');
    } finally {
      await db.close();
    }

    t.diagnostic(`deltas verified per client: ${books.map((b) => b.deltas()).join(', ')}; SSE reconnections: ${streams.map((s) => s.connections() - 1).join(', ')}`);
    for (const [i, book] of books.entries()) {
      assert.deepEqual(book.problems, [], 'never a gap or a checksum mismatch');
      assert.ok(book.replica(), 'holds a book at the end');
      assert.ok(book.deltas() > (deltasAtRestart[i] ?? 0) + 50, 'streaming again after the restart');
    }
    for (const stream of streams) {
      const ids = stream.indexIds();
      assert.equal(new Set(ids).size, ids.length, 'no index id twice');
      const first = ids[0] ?? '0-0';
      const last = ids.at(-1) ?? '0-0';
      assert.ok(compareStreamIds(last, lastBeforeRestart) > 0, `receiving ids appended after the restart (${last} after ${lastBeforeRestart})`);
      const kept = (await reader.readAfter(INDEX_STREAM, first, 100_000)).map((e) => e.id).filter((id) => compareStreamIds(id, last) <= 0);
      assert.deepEqual(ids, [first, ...kept], 'every id the stream holds, in order, none missing');
    }
  });
});
