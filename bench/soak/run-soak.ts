// Soak benchmark: the distributed stack (the feed, the engine and two gateways, each its own process,
// on Redis under a run prefix and a database of its own) under a steady load for a long time: book
// subscribers split over the gateways, every delta's seq checked across reconnects, order users at a
// fixed rate, and a share of both reconnecting every minute. Every window records each process's
// memory, descriptors and CPU, Redis memory and the traffic; each level is then held to its level in
// the first minutes. See docs/benchmarks.md "Soak".
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { LOOPBACK_LOAD_ORDER_BUDGET } from '../../scripts/cluster/start-cluster.ts';
import type { TickwireProcess } from '../../scripts/lib/tickwire-process.ts';
import { deleteRedisKeys } from '../../tests/helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../../tests/helpers/services.ts';
import { Child } from '../fanout/ipc.ts';
import { printTable, writeResults, type Row } from '../lib/report.ts';
import { createUsers, startTradingStack } from '../lib/trading-stack.ts';
import { inspectorUrlFrom } from '../sse/inspector-heap.ts';
import type { BookLoadApi } from './book-load.ts';
import { OrderUsers } from './order-users.ts';
import type { SampledProcess } from './process-sampler.ts';
import { RedisMemory } from './redis-memory.ts';
import { levelMetrics, runWindows, type SoakRig } from './soak-loop.ts';
import { seriesRows } from './soak-series.ts';
import { SOAK_SETTINGS } from './soak-settings.ts';
import { missedTargets, verdictRows } from './soak-verdicts.ts';

const SETUP_TIMEOUT_MS = 180_000;
const KEYS_SHOWN = 5;
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

/** Runs the soak; prints and writes the time series, and returns one verdict row per target. */
export async function runSoakBenchmark(): Promise<Row[]> {
  const s = SOAK_SETTINGS;
  const prefix = uniquePrefix('twbench-soak');
  const database = await createTestDatabase();
  const processes: TickwireProcess[] = [];
  const redis = new RedisMemory(TEST_REDIS_URL, prefix);
  let load: Child<BookLoadApi> | undefined;
  let users: OrderUsers | undefined;
  try {
    const tokens = await createUsers(database.url, 'soak', s.orderUsers);
    // The simulator spreads FEED_RATE over every instrument, one book update (one delta) at a time:
    // the subscribed book gets its share, `rate` a second on average. Every load client is on loopback,
    // so the per-address order budget is lifted as in a local cluster.
    const feedRate = Math.round(s.rate * INSTRUMENTS.length);
    // Each process opens its inspector on a port of its own, for the heap readings after a full GC.
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: String(feedRate), NODE_OPTIONS: '--inspect=127.0.0.1:0', ...LOOPBACK_LOAD_ORDER_BUDGET };
    const { engine, gateways } = await startTradingStack(env, processes);
    const feed = processes.find((p) => p !== engine && !gateways.includes(p));
    if (!feed) throw new Error('the feed did not start');
    const sampled = (name: string, p: TickwireProcess): SampledProcess => ({ name, pid: p.child.pid ?? 0, baseUrl: p.baseUrl, inspectorUrl: inspectorUrlFrom(p.stderr()) });
    load = Child.start<BookLoadApi>('soak-load', '../soak/book-load.ts', []);
    await load.ready();
    process.stderr.write(`soak: ${s.clients} subscribers over ${gateways.length} gateways, ${s.orderUsers} order users, feed ${feedRate} updates/s over ${INSTRUMENTS.length} books\n`);
    const connected = await load.request('connect', { ports: gateways.map((g) => g.port), count: s.clients, symbol: s.symbol, depth: s.depth, checked: s.checkedClients, sourceAddresses: s.sourceAddresses }, SETUP_TIMEOUT_MS);
    if (connected.live < s.clients) throw new Error(`${connected.live}/${s.clients} subscribers live (${connected.firstError ?? 'timeout'})`);
    users = await OrderUsers.open(tokens, gateways.map((g) => `ws://127.0.0.1:${g.port}/ws`), `soak${process.pid}`);
    const rig: SoakRig = { settings: s, load, users, redis, gateways: gateways.map((g, i) => sampled(`gateway-${i + 1}`, g)), engine: sampled('engine', engine), feed: sampled('feed', feed) };
    const windows = await runWindows(rig);
    await users.drain(s.drainSeconds * 1000);
    const metrics = levelMetrics(rig);
    const series = seriesRows(windows, metrics, s.clients);
    printTable(`Soak: ${s.clients} clients × ${s.rate} deltas/s and ${s.ordersPerSecond} orders/s for ${s.minutes} min, ${Math.round(s.reconnectFraction * 100)} % reconnecting every ${s.reconnectEverySeconds} s; one row per ${s.windowSeconds} s window`, series);
    const keyGrowth = redis.growth(KEYS_SHOWN);
    process.stdout.write(`run keys that grew most (first window → last): ${keyGrowth.map((k) => `${k.key} ${kb(k.firstBytes)} → ${kb(k.latestBytes)} KB`).join('; ')}\n`);
    process.stdout.write(`series: ${writeResults('soak-series', { settings: { ...s, feedRate }, windows, rows: series, keyGrowth })}\n`);
    const targets = verdictRows(windows, metrics, { minutes: s.minutes, baselineMinutes: s.baselineMinutes, clients: s.clients, tolerance: s.tolerance }, users.tally.totals());
    // A leader that stalled past its lease (a busy machine) steps down and leads again under a new term; clients then resync.
    const terms = (p: TickwireProcess, role: string): number => p.logs.filter((l) => String(l.msg).startsWith(`took the ${role} lease`)).length;
    targets.push({ target: 'leader terms (lease taken)', goal: 'reported (1 each when no leader stalled)', measured: `feed ${terms(feed, 'feed')}, engine ${terms(engine, 'engine')}`, verdict: 'reported' });
    targets.push({ target: 'run keys that grew most, first window → last', goal: 'reported', measured: keyGrowth.map((k) => `${k.key} ${kb(k.firstBytes)} → ${kb(k.latestBytes)} KB`).join('; ') || '-', verdict: 'reported' });
    const missed = missedTargets(targets);
    targets.push({ target: 'soak', goal: 'every target met', measured: missed.length === 0 ? 'all met' : `not met: ${missed.join('; ')}`, verdict: missed.length === 0 ? 'met' : 'MISSED' });
    return targets;
  } catch (error) {
    // Say how each server ended, with the end of its stderr: a crash under the soak's load is a finding.
    for (const p of processes) {
      const { exitCode, signalCode } = p.child;
      if (exitCode !== null || signalCode !== null) process.stderr.write(`soak: the process on :${p.port} (pid ${p.child.pid}) exited (${exitCode ?? signalCode}); its stderr ends:\n${p.stderr().slice(-3000)}\n`);
    }
    throw error;
  } finally {
    users?.close();
    await load?.stop();
    await Promise.all(processes.map((p) => p.kill()));
    await redis.close().catch(() => undefined);
    await deleteRedisKeys(prefix);
    await database.drop();
  }
}
