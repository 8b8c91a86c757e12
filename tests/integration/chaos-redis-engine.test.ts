// Chaos, a double fault: during a stream of about 200 orders/s over the WebSocket through nginx,
// Redis is killed and restarted, and as soon as an engine leads again on it and reads orders, that
// leader is SIGKILLed. This Redis keeps nothing (no AOF, no snapshot), the worst case: the restart
// loses the engine's lease, the order queue with its pending entries, and the consumer group.
// Proves that:
//  - an engine takes the lease again on the empty Redis, recreates the queue's group and reads the
//    orders queued since; after the kill the standby takes over and leads;
//  - every order sent after Redis went down is answered, or refused at once by the gateway with
//    UNAVAILABLE ("could not be queued; retry"): none is dropped without a word;
//  - the only orders that get no answer at all are the few in flight when Redis died (their queue
//    entry, or their answer, died with it): sent in the moments before the crash;
//  - an engine with no book refuses with MARKET_CLOSED only the orders of the outage, while the feed
//    is elected again and republishes its books;
//  - a client that sends again what got no answer, or UNAVAILABLE, under the same client order id gets
//    every order answered and placed exactly once: one row per client order id, fills that add up,
//    cash and positions that reconcile.
// A persistent Redis keeps the queue, the group and the lease across a restart: chaos-redis.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { redisNames } from '../../lib/broker/redis-names.ts';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { leaseKey } from '../../lib/leadership/leader-election.ts';
import { ORDER_QUEUE } from '../../lib/protocol/channels.ts';
import { startCluster, type Cluster, type ClusterNode } from '../../scripts/cluster/start-cluster.ts';
import { assertBuysExactlyOnce } from '../helpers/order-audit.ts';
import { answeredIds, assertOneOrderPerClientOrderId, openTraders, OrderStream, refusedIds, rejections, type StreamOrder, type Trader } from '../helpers/order-stream.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 20) * 1000;
// As in chaos-engine.test.ts: 8 orders/s per account, under the per-user order budget (20 ops/s).
const USERS = 25;
const ORDERS_PER_SECOND = 200;
const LEASE_MS = 3000;
const REDIS_DOWN_MS = 2000;
// An order sent this long before the crash has long been answered: losing it would be another fault.
const IN_FLIGHT_MS = 5000;
// By then the feed leads again and has republished its books (its lease, then the engine's grace).
const BOOKS_BACK_MS = LEASE_MS + 2000;
const UNAVAILABLE = 'UNAVAILABLE: order.place could not be queued; retry';
const OVER_BUDGET = /^RATE_LIMITED: order\.place refused: this account is over its order-op budget \(.*\); retry in \d+ ms$/;
const TOOK_LEASE = 'took the engine lease: leading';
const STEPPING_DOWN = 'stepping down as the engine leader';
const NAMES = redisNames('tw:');
const LEASE_KEY = NAMES.key(leaseKey('engine'));
const QUEUE_KEY = NAMES.queue(ORDER_QUEUE);

type LogLine = Record<string, unknown> & { time: number; msg: string };

/** An order of a trader as the stream sent it, and what came of it so far. */
interface OrderFate {
  trader: Trader;
  clientOrderId: string;
  order: StreamOrder;
  sentAt: number;
  isAnswered: boolean;
  isRefused: boolean;
}

describe('chaos: Redis (without persistence) restarts, then the engine leader dies', () => {
  let redis: PrivateRedis;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let cluster: Cluster;
  let inspector: Redis;
  let users: Trader[] = [];
  let stream: OrderStream | undefined;

  before(async () => {
    redis = await startPrivateRedis({ persist: false });
    database = await createTestDatabase();
    cluster = await startCluster({
      redisUrl: redis.url,
      databaseUrl: database.url,
      engines: 2,
      feeds: 1,
      gateways: 1,
      webs: 1,
      env: { FEED_RATE: '200', LEADER_LEASE_MS: String(LEASE_MS) },
    });
    db = await openDatabase({ databaseUrl: database.url, dataDir: '', migrate: false });
    // Reads the lease and the queue's group; waits out the outage like any client.
    inspector = new Redis(redis.url);
    inspector.on('error', () => {});
  });
  after(async () => {
    await stream?.stop();
    for (const trader of users) trader.client.close();
    inspector?.disconnect();
    await db?.close();
    await cluster?.stop();
    // The whole private Redis goes, keys and folder.
    await redis?.destroy();
    await database?.drop();
  });

  it('answers every order exactly once, refuses rather than drops what it cannot queue, and the standby leads', async (t) => {
    users = await openTraders(cluster.url, `ws://127.0.0.1:${cluster.nginx.port}/ws`, USERS);
    stream = new OrderStream(users, { ordersPerSecond: ORDERS_PER_SECOND, retryEvery: 10, label: 'r' });
    await sleep(RUN_MS / 3);

    const leaderBefore = await cluster.leaderOf('engine');
    const stoppedAt = Date.now();
    await redis.stop();
    await sleep(REDIS_DOWN_MS);
    await redis.start();
    const restartedAt = Date.now();
    const leader = cluster.node(await waitFor('an engine to hold the lease on the restarted Redis', () => inspector.get(LEASE_KEY), 20_000, 10));
    await waitFor('the leader to read from the order queue it recreated', () => lastDelivered(inspector), 20_000, 10);
    const standby = otherEngine(cluster, leader);
    const killedAt = Date.now();
    await leader.process.kill();
    const stepDown = leaderBefore.process.logs.find((line) => line.msg === STEPPING_DOWN && Number(line.time) >= stoppedAt);
    const kept = stepDown ? `stepped down (${String(stepDown.reason)}) ${Number(stepDown.time) - stoppedAt} ms into the outage` : 'kept its term through the outage';
    t.diagnostic(`Redis down ${restartedAt - stoppedAt} ms; ${leaderBefore.name}, the leader before, ${kept}`);
    t.diagnostic(`${leader.name} held the lease on the empty Redis and read orders again +${killedAt - restartedAt} ms after the restart, and was SIGKILLed`);
    const took = await waitForLog(standby, TOOK_LEASE, killedAt, 30_000);
    const fence = await db.prisma.leaderFence.findUniqueOrThrow({ where: { role: 'engine' } });
    assert.equal(fence.holder, standby.name, 'the standby raised the fence');
    t.diagnostic(`${standby.name} raised the fence +${fence.raisedAt.getTime() - killedAt} ms, logged "${TOOK_LEASE}" +${took.time - killedAt} ms after the SIGKILL`);
    await sleep(Math.max(stream.startedAt + RUN_MS / 2, took.time + 3000) - Date.now());
    const sent = await stream.stop();

    // Before any resend: what came of each order. What is sent since the crash has had seconds to be answered.
    const sinceCrash = (): OrderFate[] => fates(users).filter((o) => o.sentAt >= stoppedAt);
    await waitFor('an answer or a refusal for every order sent since the crash', () => sinceCrash().every((o) => o.isAnswered || o.isRefused), 15_000, 250).catch(() => undefined);
    await sleep(1000);
    const all = fates(users);
    const refused = all.filter((o) => o.isRefused);
    const silent = all.filter((o) => !o.isAnswered && !o.isRefused);
    const lostSinceCrash = silent.filter((o) => o.sentAt >= stoppedAt);
    const refusals = [...new Set(users.flatMap((u) => [...refusedIds(u.client).values()].map((e) => `${e.code}: ${e.message}`)))];
    t.diagnostic(`${sent.sent} orders (plus retries) in ${sent.seconds.toFixed(1)} s = ${sent.perSecond.toFixed(0)}/s; ${refused.length} refused (${refusals.join('; ') || 'none'}), sent ${span(refused, stoppedAt)}`);
    t.diagnostic(`${silent.length} got no answer: sent ${span(silent, stoppedAt)}`);
    // On a loaded machine the order stream catches up after a stall in one burst (it keeps a credit of the
    // orders it owes), which the per-user budget may refuse: that refusal, too, says the order was not
    // queued and when to retry (seen once in CI: 9 such refusals among ~4,000 orders).
    assert.deepEqual(refusals.filter((r) => r !== UNAVAILABLE && !OVER_BUDGET.test(r)), [], 'a refusal says the order was not queued and may be retried');
    for (const order of silent.filter((o) => o.sentAt < stoppedAt)) {
      assert.ok(order.sentAt >= stoppedAt - IN_FLIGHT_MS, `${order.clientOrderId}, lost without a word, was in flight when Redis died (sent ${order.sentAt - stoppedAt} ms from the crash)`);
    }
    // How many of those lost since the crash were placed: their answers, not the orders, went missing.
    const placedButUnanswered = await db.prisma.order.count({ where: { clientOrderId: { in: lostSinceCrash.map((o) => o.clientOrderId) } } });

    // Like a real client: what got no answer, or UNAVAILABLE, is sent again under the same client order id.
    const resendStarted = Date.now();
    await waitFor('every order answered, resending the unanswered', () => {
      const unanswered = fates(users).filter((o) => !o.isAnswered);
      for (const o of unanswered) o.trader.client.send(o.order);
      return unanswered.length === 0;
    }, 30_000, 1000);
    let accepted = 0;
    for (const trader of users) {
      assertOneOrderPerClientOrderId(trader.client);
      accepted += await assertBuysExactlyOnce(db.prisma, trader.session.userId, trader.client, 'AAPL');
    }
    const { codes, summary } = rejections(users);
    const noBook = fates(users).filter((o) => o.trader.client.ofType('order.rejected').some((r) => r.clientOrderId === o.clientOrderId && r.code === 'MARKET_CLOSED'));
    t.diagnostic(`all answered ${Date.now() - resendStarted} ms after resending began; ${accepted} accepted; rejected: ${summary}${noBook.length > 0 ? `; MARKET_CLOSED for orders sent ${span(noBook, stoppedAt)}` : ''}`);
    assert.ok(codes.every((code) => code === 'RATE_LIMITED' || code === 'MARKET_CLOSED'), `only rate-limit or no-book rejections: ${summary}`);
    for (const order of noBook) assert.ok(order.sentAt < restartedAt + BOOKS_BACK_MS, `${order.clientOrderId} met no book though sent ${order.sentAt - restartedAt} ms after the restart`);
    assert.ok(accepted >= sent.sent / 2, `most orders accepted; rejected: ${summary}`);
    assert.equal((await cluster.leaderOf('engine')).name, standby.name, 'the standby leads');

    // Last, so that everything above is checked whatever this finds.
    assert.deepEqual(
      lostSinceCrash.map((o) => o.clientOrderId),
      [],
      `${lostSinceCrash.length} orders sent after Redis went down (${span(lostSinceCrash, stoppedAt)}) got neither an answer nor a refusal; ` +
        `${placedButUnanswered} of them were placed, so their answers were lost (the gateway queued them before its user channels were subscribed again on the restarted Redis?)`,
    );
  });
});

// Each order sent, and whether it has been answered (accepted or rejected) or refused by the gateway.
function fates(traders: readonly Trader[]): OrderFate[] {
  return traders.flatMap((trader) => {
    const answered = answeredIds(trader.client);
    const refused = refusedIds(trader.client);
    return [...trader.sent].map(([clientOrderId, { order, sentAt }]) => ({ trader, clientOrderId, order, sentAt, isAnswered: answered.has(clientOrderId), isRefused: refused.has(clientOrderId) }));
  });
}

// "between -31 and -24 ms from the crash" (or "—" for none).
function span(orders: readonly OrderFate[], crashAt: number): string {
  if (orders.length === 0) return '—';
  const offsets = orders.map((o) => o.sentAt - crashAt);
  return `between ${Math.min(...offsets)} and ${Math.max(...offsets)} ms from the crash`;
}

// The id of the last entry the engine group handed out; false until the group exists and has handed one out.
async function lastDelivered(redis: Redis): Promise<string | false> {
  const groups = (await redis.xinfo('GROUPS', QUEUE_KEY).catch(() => [])) as unknown[][];
  for (const group of groups) {
    const fields = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < group.length; i += 2) fields.set(group[i], group[i + 1]);
    const id = String(fields.get('last-delivered-id'));
    if (fields.get('name') === 'engine' && id !== '0-0') return id;
  }
  return false;
}

function otherEngine(cluster: Cluster, node: ClusterNode): ClusterNode {
  const other = cluster.nodes.find((n) => n.role === 'engine' && n !== node);
  assert.ok(other, 'a second engine');
  return other;
}

async function waitForLog(node: ClusterNode, msg: string, sinceMs: number, timeoutMs: number): Promise<LogLine> {
  const found = (): LogLine | undefined => node.process.logs.find((line): line is LogLine => line.msg === msg && typeof line.time === 'number' && line.time >= sinceMs);
  return waitFor(`${node.name} to log "${msg}"`, found, timeoutMs, 25);
}
