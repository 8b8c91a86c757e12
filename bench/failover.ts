// Failover of the active/standby roles on a real cluster (two feeds, two engines, a gateway and a web
// node on Redis and PostgreSQL, behind nginx). Each round SIGKILLs the feed's leader, then the
// engine's, and measures from the kill:
//   - lease taken: until the standby, holding the lapsed lease, raised its fence (the fence token is
//     PostgreSQL's clock in ms at the raise, and is the feed's epoch);
//   - takeover: until the standby leads (its `feed epoch` / `took the engine lease` log line);
//   - recovery: until clients are whole again (every book watcher exact on the new feed epoch; a
//     market order sent through nginx and the gateway answered by the new engine).
// A standby can take only a lapsed lease, so every time is bounded below by what was left of the
// dead leader's lease at the kill: between 2/3 of the TTL (LEADER_LEASE_MS) and the TTL, as the leader
// renews every third of it. The table shows each time less the TTL too: what failover adds to it.
// The killed node is restarted and must stand by before the next kill.
import { loadConfig } from '../lib/config.ts';
import type { OrderEvent } from '../lib/protocol/order-events.ts';
import { startCluster, type Cluster, type ClusterNode } from '../scripts/cluster/start-cluster.ts';
import { waitFor } from '../scripts/lib/wait-for.ts';
import { deleteRedisKeys } from '../tests/helpers/redis-keys.ts';
import { watchBookResiliently, type ResilientWatcher } from '../tests/helpers/resilient-book-watcher.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../tests/helpers/services.ts';
import { openSession, TradingClient } from '../tests/helpers/trading-client.ts';
import { writeResults, type Row } from './lib/report.ts';
import { percentile } from './sse/percentiles.ts';

const ROUNDS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 5);
/** The lease TTL the nodes run with: BENCH_FAILOVER_LEASE_MS, else LEADER_LEASE_MS's own default. */
const LEASE_MS = loadConfig('all', { LEADER_LEASE_MS: process.env.BENCH_FAILOVER_LEASE_MS }).leaderLeaseMs;
const WATCHERS = 4;
const WATCHED_SYMBOLS = ['BTC-USD', 'ETH-USD'];
const ORDER_SYMBOL = 'AAPL';
const FEED_RATE = '100';
// Bounds on every wait: a takeover or a recovery that takes longer is a failure, not a sample.
const TAKEOVER_TIMEOUT_MS = 3 * LEASE_MS + 15_000;
const RECOVERY_TIMEOUT_MS = 3 * LEASE_MS + 20_000;
const STANDBY_TIMEOUT_MS = 30_000;
const POLL_MS = 10;

type LeaderRole = 'feed' | 'engine';

/** One kill of a leader and what followed it. */
interface Failover {
  role: LeaderRole;
  round: number;
  killed: string;
  successor: string;
  fenceRaisedMs: number;
  takeoverMs: number;
  recoveryMs: number;
  /** Feed: new watcher problems (gaps, checksum mismatches); engine: the probe order rejected. */
  problems: number;
}

/** Runs the benchmark and returns its rows. */
export async function runFailoverBenchmark(): Promise<Row[]> {
  const prefix = uniquePrefix('twbench-failover');
  const database = await createTestDatabase();
  let cluster: Cluster | undefined;
  const watchers: ResilientWatcher[] = [];
  let trader: OrderProbe | undefined;
  try {
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, databaseUrl: database.url, redisPrefix: prefix, feeds: 2, engines: 2, gateways: 1, webs: 1, env: { FEED_RATE, LEADER_LEASE_MS: String(LEASE_MS) } });
    const wsUrl = `ws://127.0.0.1:${cluster.nginx.port}/ws`;
    for (let i = 0; i < WATCHERS; i++) watchers.push(await watchBookResiliently(wsUrl, WATCHED_SYMBOLS[i % WATCHED_SYMBOLS.length] ?? 'BTC-USD'));
    trader = await OrderProbe.open(cluster);
    await trader.place('warm-up', RECOVERY_TIMEOUT_MS);
    const failovers: Failover[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const failover of [await failFeedOver(cluster, watchers, round), await failEngineOver(cluster, trader, round)]) {
        process.stderr.write(`failover: round ${round} ${failover.role} ${failover.killed} → ${failover.successor}: fence ${failover.fenceRaisedMs} ms, takeover ${failover.takeoverMs} ms, recovery ${failover.recoveryMs} ms\n`);
        failovers.push(failover);
      }
    }
    process.stdout.write(`rounds: ${writeResults('failover-rounds', { leaseMs: LEASE_MS, failovers })}\n`);
    return summarize(failovers);
  } finally {
    for (const watcher of watchers) watcher.close();
    trader?.close();
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database.drop();
  }
}

// Kills the feed's leader; the standby leads with a new epoch that every watcher must reach exactly.
async function failFeedOver(cluster: Cluster, watchers: ResilientWatcher[], round: number): Promise<Failover> {
  const leader = await cluster.leaderOf('feed');
  const problemsBefore = countProblems(watchers);
  const killedAt = Date.now();
  await leader.process.kill();
  const takeover = await waitForLogLine(standbysOf(cluster, leader), (line) => line.msg === 'feed epoch', killedAt);
  const exactAt = await waitForWatchersOnEpoch(watchers, Number(takeover.line.epoch));
  await restartAsStandby(leader);
  const times = { fenceRaisedMs: Number(takeover.line.epoch) - killedAt, takeoverMs: Number(takeover.line.time) - killedAt, recoveryMs: exactAt - killedAt };
  return { role: 'feed', round, killed: leader.name, successor: takeover.node.name, ...times, problems: countProblems(watchers) - problemsBefore };
}

// Kills the engine's leader and sends a market order at once: it waits in the queue for the standby.
async function failEngineOver(cluster: Cluster, trader: OrderProbe, round: number): Promise<Failover> {
  const leader = await cluster.leaderOf('engine');
  const killedAt = Date.now();
  await leader.process.kill();
  const answer = trader.place(`round-${round}`, RECOVERY_TIMEOUT_MS);
  const takeover = await waitForLogLine(standbysOf(cluster, leader), (line) => String(line.msg).startsWith('took the engine lease'), killedAt);
  const { answeredAt, isAccepted } = await answer;
  await restartAsStandby(leader);
  const times = { fenceRaisedMs: Number(takeover.line.token) - killedAt, takeoverMs: Number(takeover.line.time) - killedAt, recoveryMs: answeredAt - killedAt };
  return { role: 'engine', round, killed: leader.name, successor: takeover.node.name, ...times, problems: isAccepted ? 0 : 1 };
}

function standbysOf(cluster: Cluster, leader: ClusterNode): ClusterNode[] {
  return cluster.nodes.filter((node) => node.role === leader.role && node !== leader);
}

// The first log line matching `isWanted` that one of `nodes` wrote at or after `since` (pino's `time`, ms).
async function waitForLogLine(nodes: ClusterNode[], isWanted: (line: Record<string, unknown>) => boolean, since: number): Promise<{ node: ClusterNode; line: Record<string, unknown> }> {
  const find = (): { node: ClusterNode; line: Record<string, unknown> } | undefined => {
    for (const node of nodes) {
      const line = node.process.logs.find((l) => Number(l.time) >= since && isWanted(l));
      if (line) return { node, line };
    }
    return undefined;
  };
  return waitFor('a standby to take over', find, TAKEOVER_TIMEOUT_MS, POLL_MS);
}

// When the last watcher held a book of `epoch` (built from a snapshot whose checksum it verified).
async function waitForWatchersOnEpoch(watchers: ResilientWatcher[], epoch: number): Promise<number> {
  const reachedAt = new Map<ResilientWatcher, number>();
  await waitFor(
    `every watcher exact on feed epoch ${epoch}`,
    () => {
      for (const watcher of watchers) if (!reachedAt.has(watcher) && watcher.replica()?.epoch === epoch) reachedAt.set(watcher, Date.now());
      return reachedAt.size === watchers.length;
    },
    RECOVERY_TIMEOUT_MS,
    POLL_MS,
  );
  return Math.max(...reachedAt.values());
}

// Starts the killed node again and waits until it is a candidate that does not lead.
async function restartAsStandby(node: ClusterNode): Promise<void> {
  await node.restart();
  const standing = `tickwire_leader{role="${node.role}"} 0`;
  await waitFor(
    `${node.name} to stand by`,
    async () => {
      const metrics = await fetch(`http://127.0.0.1:${node.port}/metrics`, { signal: AbortSignal.timeout(1000) }).then((r) => r.text(), () => '');
      return metrics.split('\n').some((line) => line.startsWith(standing));
    },
    STANDBY_TIMEOUT_MS,
    50,
  );
}

function countProblems(watchers: ResilientWatcher[]): number {
  return watchers.reduce((sum, watcher) => sum + watcher.problems.length, 0);
}

/** A signed-in socket through nginx that places market orders and times their answers. */
class OrderProbe {
  private readonly answers = new Map<string, { answeredAt: number; isAccepted: boolean }>();

  private constructor(private readonly client: TradingClient) {
    client.ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as OrderEvent | OrderEvent[];
      for (const event of Array.isArray(parsed) ? parsed : [parsed]) this.record(event);
    });
  }

  static async open(cluster: Cluster): Promise<OrderProbe> {
    const session = await openSession(cluster.url);
    return new OrderProbe(await TradingClient.connect(`ws://127.0.0.1:${cluster.nginx.port}/ws`, { token: session.token, via: 'bearer' }));
  }

  /** Sends a market buy of one unit; resolves when the engine accepts or rejects it. */
  async place(clientOrderId: string, timeoutMs: number): Promise<{ answeredAt: number; isAccepted: boolean }> {
    this.client.send({ op: 'order.place', id: clientOrderId, clientOrderId, symbol: ORDER_SYMBOL, side: 'buy', type: 'market', quantity: '1' });
    return waitFor(`an answer to order ${clientOrderId}`, () => this.answers.get(clientOrderId), timeoutMs, POLL_MS);
  }

  close(): void {
    this.client.close();
  }

  private record(event: OrderEvent): void {
    if (event.type !== 'order.accepted' && event.type !== 'order.rejected') return;
    const id = event.clientOrderId;
    if (id !== undefined && !this.answers.has(id)) this.answers.set(id, { answeredAt: Date.now(), isAccepted: event.type === 'order.accepted' });
  }
}

function summarize(failovers: Failover[]): Row[] {
  const row = (role: LeaderRole, measure: string, pick: (f: Failover) => number): Row => {
    const ofRole = failovers.filter((f) => f.role === role);
    const samples = ofRole.map(pick);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    const max = Math.max(...samples);
    return { role, measure, rounds: samples.length, 'TTL ms': LEASE_MS, 'p50 ms': p50, 'p99 ms': p99, 'max ms': max, 'p50 − TTL': p50 - LEASE_MS, 'p99 − TTL': p99 - LEASE_MS, 'max − TTL': max - LEASE_MS, problems: ofRole.reduce((n, f) => n + f.problems, 0) };
  };
  return [
    row('feed', 'lease taken: kill → standby raised its fence', (f) => f.fenceRaisedMs),
    row('feed', 'takeover: kill → standby logs `feed epoch`', (f) => f.takeoverMs),
    row('feed', 'recovery: kill → every watcher exact on the new epoch', (f) => f.recoveryMs),
    row('engine', 'lease taken: kill → standby raised its fence', (f) => f.fenceRaisedMs),
    row('engine', 'takeover: kill → standby logs `took the engine lease`', (f) => f.takeoverMs),
    row('engine', 'recovery: kill → a market order answered', (f) => f.recoveryMs),
  ];
}
