// Chaos: the feed leader fails under clients connected through nginx — a SIGKILL just after it closed a
// minute, a SIGSTOP longer than its lease, and a gateway then the feed leader killed one right after the
// other. Each time the standby leads within the lease plus 2 s under a higher epoch, carrying the prices
// on from where the old leader stopped; every book client is checksum-exact on the new epoch soon after
// and never goes back to an older one; a paused leader steps down as it wakes and publishes nothing
// more; index ids only grow; no candle bucket is closed twice; and the stored 1m candles have no gap.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { compareStreamIds } from '../../lib/broker/broker.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import type { BookReplica } from '../../lib/market/book-replica.ts';
import { ticksToPrice } from '../../lib/market/decimal.ts';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { bucketStart, TIMEFRAMES } from '../../lib/market/timeframes.ts';
import { decodeBookDeltas } from '../../lib/protocol/bus.ts';
import { bookChannel } from '../../lib/protocol/channels.ts';
import { TIMEFRAME_VALUES, type BookSnapshotMessage } from '../../lib/protocol/messages.ts';
import { startCluster, type Cluster, type ClusterNode } from '../../scripts/cluster/start-cluster.ts';
import { watchCandles, type CandleWatcher } from '../helpers/candle-watcher.ts';
import { watchBookEpochs, type EpochBookWatcher } from '../helpers/epoch-book-watcher.ts';
import { fetchMetrics, metricValue } from '../helpers/metrics-text.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { openResumingSse, type ResumingSseClient } from '../helpers/resuming-sse-client.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const LEASE_MS = 3000;
/** From the kill (or pause) to the standby's `feed epoch` line. */
const TAKEOVER_BOUND_MS = LEASE_MS + 2000;
/** From the new term's `feed epoch` line to every book client exact on its epoch. */
const EXACT_AFTER_TAKEOVER_MS = 2000;
/** Two faults in a row: from the feed leader's kill to every client exact on the new epoch through the other gateway. */
const DOUBLE_FAULT_BOUND_MS = LEASE_MS + 4000;
/** After SIGCONT, the paused leader's step-down line. */
const STEP_DOWN_BOUND_MS = 1000;
const INDEX_EVERY_MS = 250;
const SYMBOLS = ['BTC-USD', 'ETH-USD', 'AAPL'];
const DEPTHS = [200, 10];

/** A term of the feed as its leader logged it. */
interface Term {
  node: string;
  epoch: number;
  /** The `feed epoch` line's time. */
  startedAt: number;
}

describe('chaos: the feed leader fails under clients', () => {
  const prefix = uniquePrefix('twchaosfeed');
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let cluster: Cluster | undefined;
  let bus: RedisBroker | undefined;
  let candles: CandleWatcher | undefined;
  let index: ResumingSseClient | undefined;
  let dbClient: pg.Client | undefined;
  const books: EpochBookWatcher[] = [];
  /** When the clients were all connected, before the first fault. */
  let readyAt = 0;
  /** Every delta that reached the broker: its epoch and when the feed made it. */
  const busDeltas: { epoch: number; ts: number }[] = [];

  const running = (): Cluster => {
    assert.ok(cluster, 'the cluster started');
    return cluster;
  };
  const db = (): pg.Client => {
    assert.ok(dbClient, 'the database connected');
    return dbClient;
  };
  /** The symbols with a stored 1m candle at `openTime`. */
  const symbolsStoredAt = async (openTime: number): Promise<number> => {
    const { rows } = await db().query<{ n: string }>(`SELECT count(*) AS n FROM candles WHERE timeframe = '1m' AND open_time = $1`, [new Date(openTime)]);
    return Number(rows[0]?.n);
  };
  const btcBook = (): EpochBookWatcher => {
    const book = books.find((b) => b.symbol === 'BTC-USD');
    assert.ok(book);
    return book;
  };

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({
      redisUrl: TEST_REDIS_URL,
      databaseUrl: database.url,
      redisPrefix: prefix,
      feeds: 2,
      engines: 1,
      gateways: 2,
      webs: 1,
      env: { FEED_RATE: '200', LEADER_LEASE_MS: String(LEASE_MS) },
    });
    dbClient = new pg.Client({ connectionString: database.url });
    await dbClient.connect();
    bus = new RedisBroker({ url: TEST_REDIS_URL, prefix });
    for (const { symbol } of INSTRUMENTS) {
      await bus.subscribe(bookChannel(symbol), (payload) => {
        const decoded = decodeBookDeltas(payload);
        if (decoded.ok) for (const delta of decoded.value) busDeltas.push({ epoch: delta.epoch, ts: delta.ts });
      });
    }
    const url = `ws://127.0.0.1:${cluster.nginx.port}/ws`;
    for (const symbol of SYMBOLS) for (const depth of DEPTHS) books.push(await watchBookEpochs(url, symbol, depth));
    candles = await watchCandles(
      url,
      SYMBOLS.flatMap((symbol) => TIMEFRAME_VALUES.map((timeframe) => ({ symbol, timeframe }))),
    );
    const sse = openResumingSse(`${cluster.url}/api/stream/index`, { retryMs: 250 });
    index = sse;
    await waitFor('index events over SSE', () => sse.indexIds().length >= 2, 15_000);
    await waitFor('every book moving', () => books.every((b) => b.deltas() >= 20), 15_000);
    readyAt = Date.now();
  });

  after(async () => {
    for (const book of books) book.close();
    candles?.close();
    index?.close();
    await runEach([() => bus?.close(), () => dbClient?.end(), () => cluster?.stop(), () => deleteRedisKeys(prefix), () => database?.drop()]);
  });

  /** The epoch every book client is on (they must agree). */
  const sharedEpoch = (): number => {
    const epochs = new Set(books.map((b) => b.replica()?.epoch));
    assert.equal(epochs.size, 1, `every client on one epoch (${[...epochs].join(', ')})`);
    const [epoch] = epochs;
    assert.ok(epoch !== undefined);
    return epoch;
  };

  /** Waits until every book client is exact on `epoch`; returns when the last one got there. */
  const everyBookExactOn = async (epoch: number, timeoutMs: number): Promise<number> => {
    await waitFor(`every book client exact on epoch ${epoch}`, () => books.every((b) => b.exactSince(epoch) !== undefined), timeoutMs);
    return Math.max(...books.map((b) => b.exactSince(epoch) ?? Infinity));
  };

  /**
   * Waits (up to a minute) for the leader to open the next 1m candle on the bus: the minute before has
   * closed, a standby would carry on from the open one, and the closed one may not be stored yet (the
   * feed writes closed candles every 2 s). Returns the closed minute's open time and when the open one arrived.
   */
  const nextMinuteOpened = async (): Promise<{ closedMinute: number; openedAt: number }> => {
    const current = bucketStart(Date.now(), '1m');
    const opened = await waitFor(
      'the leader opening the next 1m candle',
      () => {
        const candle = candles?.newest('BTC-USD', '1m');
        return candle !== undefined && !candle.isClosed && candle.openTime > current && candle;
      },
      TIMEFRAMES['1m'] + 5000,
      5,
    );
    return { closedMinute: opened.openTime - TIMEFRAMES['1m'], openedAt: Date.now() };
  };

  const assertClean = (): void => {
    for (const book of books) assert.deepEqual(book.problems, [], `${book.symbol} at depth ${book.depth}: no gap, checksum mismatch or older epoch, ever`);
    assert.deepEqual(candles?.problems, [], 'no candle bucket closed twice');
    assertStrictlyIncreasing(index?.indexIds() ?? []);
  };

  it('hands the feed to the standby within the lease plus 2 s of a SIGKILL, every book exact on the new epoch 2 s later', async (t) => {
    const c = running();
    const leader = await c.leaderOf('feed');
    const standby = otherFeed(c, leader);
    const oldEpoch = sharedEpoch();
    // The riskiest moment for the candle history: a minute just closed, perhaps not yet in the database.
    const minute = await nextMinuteOpened();
    const midBefore = replicaMid(btcBook().replica());
    const indexBefore = index?.indexIds().length ?? 0;

    const killedAt = Date.now();
    await leader.process.kill();
    const storedByTheDead = await symbolsStoredAt(minute.closedMinute);
    const term = await waitFor('the standby leading', () => termStartedSince(standby, killedAt), TAKEOVER_BOUND_MS + 3000);
    const exactAt = await everyBookExactOn(term.epoch, EXACT_AFTER_TAKEOVER_MS + 4000);
    const midAfter = snapshotMid(btcBook().firstSnapshot(term.epoch));
    await waitFor('index events from the new leader', () => (index?.indexIds().length ?? 0) > indexBefore + 4, 5000);

    const takeoverMs = term.startedAt - killedAt;
    const exactMs = exactAt - term.startedAt;
    const drift = Math.abs(midAfter - midBefore) / midBefore;
    t.diagnostic(
      `SIGKILL ${killedAt - minute.openedAt} ms after the minute ${new Date(minute.closedMinute).toISOString()} closed and the next opened (the dead leader had stored it for ${storedByTheDead} of ${INSTRUMENTS.length} symbols): ` +
        `${standby.name} led ${takeoverMs} ms after the kill (lease ${LEASE_MS} ms); every book exact on epoch ${term.epoch} ${exactMs} ms later; ` +
        `BTC-USD mid ${midBefore.toFixed(2)} → ${midAfter.toFixed(2)} (reference ${btcBook().replica()?.instrument.referencePrice})`,
    );
    assert.ok(term.epoch > oldEpoch, `new epoch ${term.epoch} above ${oldEpoch}`);
    assert.ok(takeoverMs <= TAKEOVER_BOUND_MS, `took over ${takeoverMs} ms after the kill`);
    assert.ok(exactMs <= EXACT_AFTER_TAKEOVER_MS, `every book exact ${exactMs} ms after the takeover`);
    assert.ok(drift < 0.01, `BTC-USD carried on from ${midBefore}, not from elsewhere (${midAfter})`);
    assertClean();

    await leader.restart();
    await assertStandsBy(leader, standby);
  });

  it('steps a leader paused past its lease down as it wakes: it publishes nothing more and no reader goes back to its epoch', async (t) => {
    const c = running();
    const leader = await c.leaderOf('feed');
    const standby = otherFeed(c, leader);
    const oldEpoch = sharedEpoch();

    const pausedAt = Date.now();
    leader.process.pause();
    let term: Term;
    let resumedAt: number;
    try {
      term = await waitFor('the standby leading', () => termStartedSince(standby, pausedAt), TAKEOVER_BOUND_MS + 3000);
      await sleep(pausedAt + LEASE_MS + 2000 - Date.now());
    } finally {
      resumedAt = Date.now();
      leader.process.resume();
    }
    const stepDown = await waitFor('the woken leader stepping down', () => logSince(leader, 'stepping down as the feed leader', resumedAt), STEP_DOWN_BOUND_MS + 2000);
    const indexAtStepDown = index?.indexIds().length ?? 0;
    const publishedAtStepDown = await deltasPublished(leader);
    const exactAt = await everyBookExactOn(term.epoch, EXACT_AFTER_TAKEOVER_MS + 4000);
    await sleep(Math.max(0, Number(stepDown.time) + 2000 - Date.now()));
    const publishedLater = await deltasPublished(leader);
    const indexTicks = (index?.indexIds().length ?? 0) - indexAtStepDown;

    const takeoverMs = term.startedAt - pausedAt;
    const stepDownMs = Number(stepDown.time) - resumedAt;
    t.diagnostic(`SIGSTOP: ${standby.name} led ${takeoverMs} ms after the pause; the woken leader stepped down ${stepDownMs} ms after SIGCONT; every book exact on epoch ${term.epoch} ${exactAt - term.startedAt} ms after the takeover`);
    assert.ok(term.epoch > oldEpoch, `new epoch ${term.epoch} above ${oldEpoch}`);
    assert.ok(takeoverMs <= TAKEOVER_BOUND_MS, `took over ${takeoverMs} ms after the pause`);
    assert.equal(stepDown.reason, 'lease-lapsing');
    assert.ok(stepDownMs <= STEP_DOWN_BOUND_MS, `stepped down ${stepDownMs} ms after SIGCONT`);
    assert.equal(publishedLater, publishedAtStepDown, 'the woken leader published no delta after stepping down');
    // Deltas it made before the pause may still leave as it wakes (their old epoch is ignored); none made after.
    const madeAwake = busDeltas.filter((d) => d.epoch === oldEpoch && d.ts >= resumedAt);
    assert.deepEqual(madeAwake, [], 'no delta of the old epoch made after SIGCONT reached the broker');
    // ~2 s at one leader's cadence; two leaders would append twice as many.
    assert.ok(indexTicks <= 2000 / INDEX_EVERY_MS + 3, `${indexTicks} index ticks in the 2 s after the step-down: one leader appends`);
    assert.ok(exactAt - term.startedAt <= EXACT_AFTER_TAKEOVER_MS, `every book exact ${exactAt - term.startedAt} ms after the takeover`);
    assert.ok(books.every((b) => b.replica()?.epoch === term.epoch), 'every client stays on the new epoch');
    assertClean();
    await assertStandsBy(leader, standby);
  });

  it('moves clients through nginx to the other gateway and onto the new epoch when a gateway and then the feed leader die', async (t) => {
    const c = running();
    const gateway = c.node('gateway-1');
    const onVictim = books.filter((b) => b.node() === gateway.name);
    assert.ok(onVictim.length > 0, `clients on ${gateway.name} (${books.map((b) => b.node()).join(', ')})`);
    const leader = await c.leaderOf('feed');
    const standby = otherFeed(c, leader);
    const oldEpoch = sharedEpoch();
    const midBefore = replicaMid(btcBook().replica());

    await gateway.process.kill();
    await sleep(200);
    const killedAt = Date.now();
    await leader.process.kill();
    const term = await waitFor('the standby leading', () => termStartedSince(standby, killedAt), TAKEOVER_BOUND_MS + 3000);
    const exactAt = await everyBookExactOn(term.epoch, DOUBLE_FAULT_BOUND_MS + 3000);
    const midAfter = snapshotMid(btcBook().firstSnapshot(term.epoch));

    const recoveredMs = exactAt - killedAt;
    t.diagnostic(`gateway then feed SIGKILL: ${standby.name} led ${term.startedAt - killedAt} ms after the feed kill; every book exact on epoch ${term.epoch} through ${[...new Set(books.map((b) => b.node()))].join(', ')} ${recoveredMs} ms after it; BTC-USD mid ${midBefore.toFixed(2)} → ${midAfter.toFixed(2)}`);
    assert.ok(term.epoch > oldEpoch, `new epoch ${term.epoch} above ${oldEpoch}`);
    assert.ok(recoveredMs <= DOUBLE_FAULT_BOUND_MS, `every client exact on the new epoch ${recoveredMs} ms after the feed kill`);
    for (const book of onVictim) assert.equal(book.node(), 'gateway-2', 'reconnected through nginx to the live gateway');
    assert.ok(Math.abs(midAfter - midBefore) / midBefore < 0.01, `BTC-USD carried on from ${midBefore} (${midAfter})`);
    assertClean();

    await Promise.all([gateway.restart(), leader.restart()]);
    await assertStandsBy(leader, standby);
  });

  it('stored every 1m candle across the faults, and closed no candle bucket twice', async (t) => {
    const c = running();
    const lastClosedMinute = bucketStart(Date.now(), '1m') - TIMEFRAMES['1m'];
    // The feed writes closed candles every 2 s: by 4 s past the minute the last one is in.
    await sleep(lastClosedMinute + TIMEFRAMES['1m'] + 4000 - Date.now());
    const missing = await missingMinutes(db(), lastClosedMinute);
    const { rows: counts } = await db().query<{ n: string }>(`SELECT count(*) AS n FROM candles WHERE timeframe = '1m'`);
    t.diagnostic(`${counts[0]?.n} stored 1m candles; ${candles?.closed.size} closed candles received live, across ${candles?.connections()} connection(s); ${index?.indexIds().length} index ids over SSE`);
    // A minute that ended before the clients were ready fell between the first feed's history and its live candles.
    const endedBeforeReady = (m: MissingMinute): boolean => m.minute + TIMEFRAMES['1m'] <= readyAt;
    const describeMissing = (m: MissingMinute): string => `${new Date(m.minute).toISOString()}: ${m.symbols.join(' ')}`;
    assert.deepEqual(
      { atStart: missing.filter(endedBeforeReady).map(describeMissing), acrossTheFaults: missing.filter((m) => !endedBeforeReady(m)).map(describeMissing) },
      { atStart: [], acrossTheFaults: [] },
      'every minute stored for every symbol: the history meets the live candles, and no closed minute is lost to a fault',
    );
    assert.ok(c.nodes.every((n) => n.process.child.exitCode === null), 'every node running again');
    assertClean();
  });
});

/** The feed node that is not `leader`. */
function otherFeed(cluster: Cluster, leader: ClusterNode): ClusterNode {
  const other = cluster.nodes.find((n) => n.role === 'feed' && n.name !== leader.name);
  assert.ok(other, 'a standby feed');
  return other;
}

/** The first log line with `msg` logged at or after `since`. */
function logSince(node: ClusterNode, msg: string, since: number): Record<string, unknown> | undefined {
  return node.process.logs.find((line) => line.msg === msg && Number(line.time) >= since);
}

/** The term a node started at or after `since`, from its `feed epoch` line. */
function termStartedSince(node: ClusterNode, since: number): Term | undefined {
  const line = logSince(node, 'feed epoch', since);
  return line && { node: node.name, epoch: Number(line.epoch), startedAt: Number(line.time) };
}

/** A minute (its open time) missing from the stored 1m candles of some symbols. */
interface MissingMinute {
  minute: number;
  symbols: string[];
}

/** The minutes missing from each symbol's stored 1m candles, from its first stored minute to `lastMinute`. */
async function missingMinutes(db: pg.Client, lastMinute: number): Promise<MissingMinute[]> {
  const { rows } = await db.query<{ minute: Date; symbols: string }>(
    `SELECT minute, string_agg(symbol, ' ' ORDER BY symbol) AS symbols
       FROM (SELECT symbol, min(open_time) AS first FROM candles WHERE timeframe = '1m' GROUP BY symbol) stored
       CROSS JOIN LATERAL generate_series(stored.first, $1::timestamptz, interval '1 minute') AS m(minute)
      WHERE NOT EXISTS (SELECT 1 FROM candles c WHERE c.symbol = stored.symbol AND c.timeframe = '1m' AND c.open_time = minute)
      GROUP BY minute ORDER BY minute`,
    [new Date(lastMinute)],
  );
  return rows.map((r) => ({ minute: r.minute.getTime(), symbols: r.symbols.split(' ') }));
}

/** A feed that came back (restarted or woken) stands by while the one that took over goes on leading. */
async function assertStandsBy(restarted: ClusterNode, leader: ClusterNode): Promise<void> {
  await sleep(LEASE_MS / 3);
  const leading = async (node: ClusterNode): Promise<number | undefined> => metricValue(await fetchMetrics(node.process.baseUrl), 'tickwire_leader', 'role="feed"');
  assert.equal(await leading(restarted), 0, `${restarted.name} came back as a standby`);
  assert.equal(await leading(leader), 1, `${leader.name} still leads`);
}

/** The book deltas a feed process says it got onto the broker, every symbol together. */
async function deltasPublished(node: ClusterNode): Promise<number> {
  const text = await fetchMetrics(node.process.baseUrl);
  const series = text.split('\n').filter((line) => line.startsWith('tickwire_feed_deltas_published_total{'));
  return series.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

function replicaMid(replica: BookReplica | undefined): number {
  const bid = replica?.book.bestBid();
  const ask = replica?.book.bestAsk();
  assert.ok(replica && bid !== undefined && ask !== undefined, 'a two-sided book');
  return (Number(ticksToPrice(bid, replica.instrument)) + Number(ticksToPrice(ask, replica.instrument))) / 2;
}

function snapshotMid(snapshot: BookSnapshotMessage | undefined): number {
  assert.ok(snapshot, 'a snapshot of the new epoch');
  const bid = Math.max(...snapshot.bids.map(([price]) => Number(price)));
  const ask = Math.min(...snapshot.asks.map(([price]) => Number(price)));
  return (bid + ask) / 2;
}

function assertStrictlyIncreasing(ids: readonly string[]): void {
  assert.ok(ids.length > 0, 'index events received');
  for (let i = 1; i < ids.length; i++) {
    assert.ok(compareStreamIds(ids[i - 1] ?? '', ids[i] ?? '') < 0, `index id ${ids[i]} after ${ids[i - 1]}: strictly increasing, none twice`);
  }
}

/** Runs every cleanup step even when one fails; throws the failures together at the end. */
async function runEach(steps: (() => Promise<unknown> | undefined)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed');
}
