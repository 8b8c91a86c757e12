// Chaos: the engine runs as an active/standby pair, and its leader fails during a stream of about
// 200 orders/s sent by 25 users over the WebSocket through nginx (every tenth order sent twice, as a
// client retry does), on Redis and on NATS JetStream alike. Proves that:
//  (a) when the leader is SIGKILLed, the standby takes the lease and every order is still answered
//      and placed exactly once (one row per client order id, fills that add up, cash and positions
//      that reconcile with the fills); the killed node comes back as the standby;
//  (b) when the leader is SIGSTOPped for longer than its lease and then continued, the standby has
//      taken over, the woken leader steps down, the fence in PostgreSQL refuses the write the old
//      leader had under way, and everything in (a) holds again.
// Why (b) stops the leader in the middle of a write: a stopped leader that merely holds queue entries
// never writes them. After SIGCONT its timers run before any I/O callback, so it steps down (its
// monotonic deadline has passed) and drops what its blocked queue read returned; and a run of orders
// the new leader already decided fails the account-version check before it reaches the fence, then
// replays without writing. Only a write already sent when the leader stopped can land after the new
// term began, and that is what the fence is for. So (b) holds the row of a probe account with a
// lock (as a slow reset from the web would), sends one order for it, stops the leader once its write
// waits on that lock (seen in pg_stat_activity), and lets the write go only after the standby raised
// the fence: the write then reaches the fence assertion under the old token.
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import pg from 'pg';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { startCluster, type Cluster, type ClusterNode } from '../../scripts/cluster/start-cluster.ts';
import { metricValue } from '../helpers/metrics-text.ts';
import { assertBuysExactlyOnce, waitForAnswers } from '../helpers/order-audit.ts';
import { assertOneOrderPerClientOrderId, openTraders, OrderStream, refusedIds, rejections, type Trader } from '../helpers/order-stream.ts';
import { CLUSTER_BROKERS, sharedClusterBroker } from '../helpers/cluster-broker.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

// Each scenario streams for half of it.
const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 20) * 1000;
const PHASE_MS = RUN_MS / 2;
// 8 orders/s per account, under the per-user order budget (20 ops/s); the rate docs/benchmarks.md measures the engine at.
const USERS = 25;
const ORDERS_PER_SECOND = 200;
const LEASE_MS = 3000;
const TOOK_LEASE = 'took the engine lease: leading';
const STEPPING_DOWN = 'stepping down as the engine leader';
const FENCED_OFF = 'a write was fenced off: a newer engine leads';

type LogLine = Record<string, unknown> & { time: number; msg: string };

for (const kind of CLUSTER_BROKERS) describe(`chaos: the engine leader fails during a stream of orders (${kind})`, () => {
  const broker = sharedClusterBroker(kind, 'twchaoseng');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let cluster: Cluster;
  const traders: Trader[] = [];
  const streams: OrderStream[] = [];
  const locks: pg.Client[] = [];

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({
      ...broker.options,
      databaseUrl: database.url,
      engines: 2,
      feeds: 1,
      gateways: 1,
      webs: 1,
      env: { FEED_RATE: '200', LEADER_LEASE_MS: String(LEASE_MS) },
    });
    db = await openDatabase({ databaseUrl: database.url, dataDir: '', migrate: false });
  });
  after(async () => {
    await Promise.all(streams.map((stream) => stream.stop()));
    for (const trader of traders) trader.client.close();
    await Promise.all(locks.map((lock) => lock.end().catch(() => {})));
    await db?.close();
    await cluster?.stop();
    await broker.cleanup();
    await database?.drop();
  });

  const otherEngine = (node: ClusterNode): ClusterNode => {
    const other = cluster.nodes.find((n) => n.role === 'engine' && n !== node);
    assert.ok(other, 'a second engine');
    return other;
  };
  const newTraders = async (count: number): Promise<Trader[]> => {
    const opened = await openTraders(cluster.url, `ws://127.0.0.1:${cluster.nginx.port}/ws`, count);
    traders.push(...opened);
    return opened;
  };
  // The gateway allows 50 sockets per client address: each scenario closes its own.
  const closeTraders = (closing: readonly Trader[]): void => {
    for (const trader of closing) {
      trader.client.close();
      traders.splice(traders.indexOf(trader), 1);
    }
  };
  const startStream = (users: readonly Trader[], label: string): OrderStream => {
    const stream = new OrderStream(users, { ordersPerSecond: ORDERS_PER_SECOND, retryEvery: 10, label });
    streams.push(stream);
    return stream;
  };
  const engineFence = () => db.prisma.leaderFence.findUniqueOrThrow({ where: { role: 'engine' } });

  it('(a) SIGKILL of the leader: the standby takes over; every order is answered and placed exactly once', async (t) => {
    const users = await newTraders(USERS);
    const stream = startStream(users, 'a');
    await sleep(PHASE_MS / 3);
    const leader = await cluster.leaderOf('engine');
    const standby = otherEngine(leader);
    const killedAt = Date.now();
    await leader.process.kill();
    const took = await waitForLog(standby, TOOK_LEASE, killedAt, 20_000);
    const fence = await engineFence();
    assert.equal(fence.holder, standby.name, 'the standby raised the fence');
    t.diagnostic(`SIGKILL of ${leader.name}: ${standby.name} raised the fence +${fence.raisedAt.getTime() - killedAt} ms, logged "${TOOK_LEASE}" +${took.time - killedAt} ms`);
    await sleep(stream.startedAt + PHASE_MS - Date.now());
    await assertEveryOrderOnce(t, users, await stream.stop());
    closeTraders(users);

    await leader.restart();
    assert.equal(await leadingGauge(leader), 0, 'the restarted node stands by');
    assert.equal((await cluster.leaderOf('engine')).name, standby.name, 'the standby still leads');
  });

  it('(b) SIGSTOP of the leader past its lease: the standby takes over, the woken leader steps down, the fence refuses its write', async (t) => {
    const users = await newTraders(USERS);
    const [probe] = await newTraders(1);
    assert.ok(probe);
    const stream = startStream(users, 'b');
    await sleep(PHASE_MS / 3);
    const leader = await cluster.leaderOf('engine');
    const standby = otherEngine(leader);
    const tokenBefore = (await engineFence()).token;

    const { pausedAt, release } = await pauseDuringWrite(leader, probe);
    const fence = await waitFor('the standby to raise the fence', async () => {
      const row = await engineFence();
      return row.token > tokenBefore && row;
    }, 20_000, 10);
    assert.equal(fence.holder, standby.name, 'the standby raised the fence');
    // The old leader's write goes on now, in PostgreSQL, while the process is still stopped: under the old token.
    await release();
    const took = await waitForLog(standby, TOOK_LEASE, pausedAt, 20_000);
    await sleep(pausedAt + LEASE_MS + 2000 - Date.now());
    const resumedAt = Date.now();
    leader.process.resume();
    t.diagnostic(`SIGSTOP of ${leader.name} for ${resumedAt - pausedAt} ms, during its write of the probe's order`);
    t.diagnostic(`${standby.name} raised the fence +${fence.raisedAt.getTime() - pausedAt} ms, logged "${TOOK_LEASE}" +${took.time - pausedAt} ms after the SIGSTOP`);

    const steppedDown = await waitForLog(leader, STEPPING_DOWN, resumedAt, 10_000);
    const fencedWrites = await waitFor('the fence to refuse a write of the woken leader', async () => (await fencedWriteCount(leader)) || false, 10_000, 100);
    const fencedLog = await waitForLog(leader, FENCED_OFF, resumedAt, 5000);
    t.diagnostic(`after SIGCONT ${leader.name} stepped down (${String(steppedDown.reason)}) +${steppedDown.time - resumedAt} ms; fenced writes: ${fencedWrites}, the first logged +${fencedLog.time - resumedAt} ms`);

    await sleep(Math.max(stream.startedAt + PHASE_MS, resumedAt + 3000) - Date.now());
    await assertEveryOrderOnce(t, [...users, probe], await stream.stop());
    assert.equal(await leadingGauge(leader), 0, 'the woken leader stands by');
    assert.equal((await cluster.leaderOf('engine')).name, standby.name, 'the standby leads');
    closeTraders([...users, probe]);
  });

  /**
   * Holds the probe account's row locked, sends one order for it, and SIGSTOPs the leader once the
   * write of that order waits for the lock (the write asserts the fence after taking the account
   * rows, so it holds nothing that would hold up the standby's raise). `release` lets the write go.
   */
  async function pauseDuringWrite(leader: ClusterNode, probe: Trader): Promise<{ pausedAt: number; release: () => Promise<void> }> {
    const lock = new pg.Client({ connectionString: database.url });
    locks.push(lock);
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [probe.session.userId]);
    const lockPid = (await lock.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    const order = { op: 'order.place', id: 'probe', clientOrderId: 'probe', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' } as const;
    probe.client.send(order);
    probe.sent.set(order.clientOrderId, { order, sentAt: Date.now() });
    // Polled from another connection: within a transaction pg_stat_activity is a snapshot taken once.
    // The statement that writes a run of orders starts by claiming the account rows (batch-accounts.ts).
    await waitFor('the leader to write the probe order, waiting for its row', async () => {
      const [row] = await db.prisma.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE ${lockPid}::int = ANY (pg_blocking_pids(pid)) AND query LIKE '%UPDATE users SET cash%'`;
      return (row?.waiting ?? 0) > 0;
    }, 10_000, 10);
    leader.process.pause();
    return {
      pausedAt: Date.now(),
      release: async () => {
        await lock.query('COMMIT');
        await lock.end();
      },
    };
  }

  /** Every order answered; each client order id placed once; cash and positions reconcile; only rate limits refuse. */
  async function assertEveryOrderOnce(t: TestContext, users: readonly Trader[], sent: { sent: number; seconds: number; perSecond: number }): Promise<void> {
    const streamEnd = Date.now();
    for (const trader of users) await waitForAnswers(trader.client, trader.sent.keys());
    const drainMs = Date.now() - streamEnd;
    let accepted = 0;
    for (const trader of users) {
      assert.deepEqual([...refusedIds(trader.client)], [], 'the gateway queued every order');
      assertOneOrderPerClientOrderId(trader.client);
      accepted += await assertBuysExactlyOnce(db.prisma, trader.session.userId, trader.client, 'AAPL');
    }
    const { codes, summary } = rejections(users);
    t.diagnostic(`${sent.sent} orders (plus retries) in ${sent.seconds.toFixed(1)} s = ${sent.perSecond.toFixed(0)}/s from ${USERS} users; all answered ${drainMs} ms after the last; ${accepted} accepted; rejected: ${summary}`);
    // Orders queued while no engine led wait out the new leader's book sync instead of meeting MARKET_CLOSED.
    assert.ok(codes.every((code) => code === 'RATE_LIMITED'), `only rate limits may refuse an order; rejected: ${summary}`);
    assert.ok(accepted > sent.sent * 0.9, `nearly every order accepted; rejected: ${summary}`);
  }
});

// Waits for a log line of the node's current process; a timeout names the node's last lines.
async function waitForLog(node: ClusterNode, msg: string, sinceMs: number, timeoutMs: number): Promise<LogLine> {
  const found = (): LogLine | undefined => node.process.logs.find((line): line is LogLine => line.msg === msg && typeof line.time === 'number' && line.time >= sinceMs);
  return waitFor(`${node.name} to log "${msg}"`, found, timeoutMs, 25).catch((error: unknown) => {
    const last = node.process.logs.slice(-8).map((line) => `${String(line.time)} ${String(line.msg)} ${JSON.stringify(line.reason ?? line.err ?? '')}`);
    throw new Error(`${String(error)}; its last lines:\n${last.join('\n')}`);
  });
}

async function metricsOf(node: ClusterNode): Promise<string> {
  return (await fetch(`http://127.0.0.1:${node.port}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
}

async function leadingGauge(node: ClusterNode): Promise<number | undefined> {
  return metricValue(await metricsOf(node), 'tickwire_leader', 'role="engine"');
}

async function fencedWriteCount(node: ClusterNode): Promise<number> {
  return metricValue(await metricsOf(node), 'tickwire_leader_fenced_writes_total', 'role="engine"') ?? 0;
}
