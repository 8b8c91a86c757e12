// Brokers benchmark: Redis against NATS for Tickwire's workload, on one machine in one run. Raw publishes
// through the Broker interface for each mechanism (Redis pub/sub and Streams, NATS core and JetStream),
// then the app as it runs on each broker (BROKER=redis, BROKER=nats): the feed's publish throughput,
// publish → gateway latency through real gateway processes, and the engine's order round trip. Every
// broker runs as a private server started for its row, whose memory is read from /proc (docs/benchmarks.md).
import type { Row } from '../lib/report.ts';
import { BROKERS_SETTINGS, type BrokerPhase } from './brokers-settings.ts';
import { measureFeed, type FeedResult } from './feed-phase.ts';
import { measureLatency, type LatencyResult } from './latency-phase.ts';
import { measureOrders, type OrdersResult } from './orders-phase.ts';
import type { ServerKind } from './private-broker.ts';
import { MECHANISMS, measureRawPublish, type Mechanism, type RawPublishResult } from './raw-publish.ts';
import { withPrivateServer, type ServerMemory } from './server-memory.ts';

/** A phase's outcome: its result, or why it failed (the run goes on). */
type Outcome<T> = { result: T } | { error: string };

/** What the app did on one broker, phase by phase. */
interface AppResults {
  feed?: Outcome<FeedResult>;
  latency?: Outcome<LatencyResult>;
  orders?: Outcome<OrdersResult>;
}

const APPS: { kind: ServerKind; name: string; via: string }[] = [
  { kind: 'redis', name: 'Redis (BROKER=redis)', via: 'pub/sub + Streams' },
  { kind: 'nats', name: 'NATS (BROKER=nats)', via: 'core + JetStream' },
];

/** Runs every phase asked for and returns one row per mechanism, then one per app broker. */
export async function runBrokersBenchmark(): Promise<Row[]> {
  const prefix = `twbench-brokers-${process.pid}`;
  const wants = (phase: BrokerPhase): boolean => BROKERS_SETTINGS.phases.includes(phase);
  const rows: Row[] = [];
  if (wants('raw')) {
    for (const mechanism of MECHANISMS) {
      progress(`raw publishes, ${mechanism.name}`);
      const outcome = await settle(withPrivateServer(mechanism.kind, prefix, (target) => withTimeout(measureRawPublish(mechanism, target), mechanism.name)));
      rows.push(rawRow(mechanism, outcome));
    }
  }
  const appPhases = BROKERS_SETTINGS.phases.filter((phase) => phase !== 'raw');
  if (appPhases.length === 0) return rows;
  for (const app of APPS) {
    const outcome = await settle(withPrivateServer(app.kind, prefix, async (target) => {
      const results: AppResults = {};
      if (wants('feed')) results.feed = await phase(`${app.name}: feed throughput`, () => measureFeed(target));
      if (wants('latency')) results.latency = await phase(`${app.name}: publish → gateway`, () => measureLatency(target));
      if (wants('orders')) results.orders = await phase(`${app.name}: order round trip`, () => measureOrders(target));
      return results;
    }));
    rows.push(appRow(app, outcome));
  }
  return rows;
}

function progress(what: string): void {
  process.stderr.write(`brokers: ${what}\n`);
}

async function phase<T>(what: string, run: () => Promise<T>): Promise<Outcome<T>> {
  progress(what);
  const outcome = await settleValue(withTimeout(run(), what));
  if ('error' in outcome) progress(`${what} failed: ${outcome.error}`);
  return outcome;
}

// A phase stuck past this is abandoned: its server is stopped under it, which ends whatever still waits on it.
const PHASE_TIMEOUT_MS = 180_000;

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function settleValue<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
}

// A server that would not start (or a phase that threw through) fails its row, not the run.
async function settle<T>(promise: Promise<{ result: T; memory: ServerMemory }>): Promise<Outcome<{ result: T; memory: ServerMemory }>> {
  const outcome = await settleValue(promise);
  if ('error' in outcome) progress(`failed: ${outcome.error}`);
  return outcome;
}

const NONE = '-';
const percent = (part: number, whole: number): number | string => (whole > 0 ? (100 * part) / whole : NONE);
const memoryCell = (memory: ServerMemory): string => `${memory.idleMb.toFixed(1)} / ${memory.peakMb.toFixed(1)}`;
const errorCell = (errors: string[]): string => (errors.length === 0 ? NONE : errors.join('; ').slice(0, 120));

/** Every row has every column, in this order; `-` where a figure does not apply or its phase failed. */
function emptyRow(name: string, level: string, via: string): Row {
  return {
    row: name,
    level,
    via,
    'raw publishes/s': NONE,
    'raw received %': NONE,
    'feed deltas/s': NONE,
    'feed received %': NONE,
    'gateway feed/s': NONE,
    'gateway p50 ms': NONE,
    'gateway p99 ms': NONE,
    'delivered %': NONE,
    'orders/s': NONE,
    'order filled p50 ms': NONE,
    'order filled p99 ms': NONE,
    'order accepted p99 ms': NONE,
    'orders lost': NONE,
    'broker RSS MB idle / peak': NONE,
    failed: NONE,
  };
}

function rawRow(mechanism: Mechanism, outcome: Outcome<{ result: RawPublishResult; memory: ServerMemory }>): Row {
  const row = emptyRow(mechanism.name, 'raw', mechanism.via);
  if ('error' in outcome) return { ...row, failed: errorCell([outcome.error]) };
  const { result, memory } = outcome.result;
  return {
    ...row,
    'raw publishes/s': result.seconds > 0 ? result.published / result.seconds : NONE,
    'raw received %': result.received === undefined ? NONE : percent(result.received, result.published),
    'broker RSS MB idle / peak': memoryCell(memory),
    failed: errorCell(result.error === undefined ? [] : [result.error]),
  };
}

function appRow(app: (typeof APPS)[number], outcome: Outcome<{ result: AppResults; memory: ServerMemory }>): Row {
  const row = emptyRow(app.name, 'app', app.via);
  if ('error' in outcome) return { ...row, failed: errorCell([outcome.error]) };
  const { result, memory } = outcome.result;
  const errors: string[] = [];
  const cells: Row = { 'broker RSS MB idle / peak': memoryCell(memory) };
  const { feed, latency, orders } = result;
  if (feed && 'error' in feed) errors.push(`feed: ${feed.error}`);
  else if (feed) Object.assign(cells, { 'feed deltas/s': feed.result.deltas / feed.result.seconds, 'feed received %': percent(feed.result.received, feed.result.deltas) });
  if (latency && 'error' in latency) errors.push(`gateway: ${latency.error}`);
  else if (latency) {
    const { load, published } = latency.result;
    Object.assign(cells, {
      'gateway feed/s': published / (load.elapsedMs / 1000),
      'gateway p50 ms': load.latency.p50Ms,
      'gateway p99 ms': load.latency.p99Ms,
      'delivered %': percent(load.readers.messages, published * load.readers.connections),
    });
  }
  if (orders && 'error' in orders) errors.push(`orders: ${orders.error}`);
  else if (orders) {
    const { filled, accepted, lost, sent } = orders.result;
    Object.assign(cells, { 'orders/s': BROKERS_SETTINGS.ordersRate, 'order filled p50 ms': filled.p50Ms, 'order filled p99 ms': filled.p99Ms, 'order accepted p99 ms': accepted.p99Ms, 'orders lost': `${lost}/${sent}` });
  }
  return { ...row, ...cells, failed: errorCell(errors) };
}
