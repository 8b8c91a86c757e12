// The soak's clock: a sample of every server process (and Redis) at even ticks, a window closed every
// `windowSeconds` with the subscribers' and order users' counts, and the reconnect rounds started on
// their schedule without holding the clock up.
import { loadavg } from 'node:os';
import type { Child } from '../fanout/ipc.ts';
import type { BookLoadApi } from './book-load.ts';
import type { OrderUsers } from './order-users.ts';
import { sampleProcess, type SampledProcess } from './process-sampler.ts';
import type { RedisMemory } from './redis-memory.ts';
import { reconnectRound, reconnectTimesS } from './reconnect-schedule.ts';
import type { SoakSettings } from './soak-settings.ts';
import { heapAfterGc } from '../sse/inspector-heap.ts';
import { peaksOf, type LevelMetric, type SoakWindow } from './soak-window.ts';

/** What the loop drives and reads. */
export interface SoakRig {
  settings: SoakSettings;
  load: Child<BookLoadApi>;
  users: OrderUsers;
  redis: RedisMemory;
  gateways: SampledProcess[];
  engine: SampledProcess;
  feed: SampledProcess;
}

const MB_COLUMN = (what: string): string => `${what} MB`;
const HEAP = 'heap after GC';
const RUN_KEYS = 'redis run keys';

/** The level metrics of the rig's processes and of Redis, in table order. */
export function levelMetrics(rig: Pick<SoakRig, 'gateways'>): LevelMetric[] {
  const per = (suffix: string, column: string, unit: LevelMetric['unit'], reading: LevelMetric['reading']): LevelMetric[] =>
    rig.gateways.map((g) => ({ key: `${g.name} ${suffix}`, column, unit, reading }));
  return [
    ...per('RSS', MB_COLUMN('gw RSS'), 'MB', 'peak'),
    ...per(HEAP, MB_COLUMN('gw heap'), 'MB', 'end'),
    ...per('fds', 'gw fds', 'count', 'peak'),
    ...per('sockets', 'gw sockets', 'count', 'peak'),
    { key: 'engine RSS', column: MB_COLUMN('engine RSS'), unit: 'MB', reading: 'peak' },
    { key: `engine ${HEAP}`, column: MB_COLUMN('engine heap'), unit: 'MB', reading: 'end' },
    { key: 'engine fds', column: 'engine fds', unit: 'count', reading: 'peak' },
    { key: 'feed RSS', column: MB_COLUMN('feed RSS'), unit: 'MB', reading: 'peak' },
    { key: `feed ${HEAP}`, column: MB_COLUMN('feed heap'), unit: 'MB', reading: 'end' },
    { key: 'redis used_memory', column: MB_COLUMN('redis'), unit: 'MB', reading: 'peak' },
    { key: RUN_KEYS, column: 'run keys KB', unit: 'KB', reading: 'end' },
  ];
}

interface Tick {
  levels: Record<string, number>;
  /** CPU time so far of each process, by name, and the feed's published deltas so far. */
  cpuUs: Record<string, number>;
  published: number;
}

async function sample(rig: SoakRig): Promise<Tick> {
  const all = [...rig.gateways, rig.engine, rig.feed];
  const [readings, used] = await Promise.all([Promise.all(all.map((p) => sampleProcess(p, rig.settings.symbol))), rig.redis.usedMemory().catch(() => undefined)]);
  const levels: Record<string, number> = {};
  const cpuUs: Record<string, number> = {};
  let published = 0;
  const put = (key: string, value: number | undefined): void => {
    if (value !== undefined) levels[key] = value;
  };
  all.forEach((p, i) => {
    const r = readings[i];
    if (!r) return;
    put(`${p.name} RSS`, r.rssBytes);
    put(`${p.name} fds`, r.fds);
    if (rig.gateways.includes(p)) put(`${p.name} sockets`, r.sockets);
    cpuUs[p.name] = r.cpuUs;
    if (p === rig.feed) published = r.published ?? 0;
  });
  put('redis used_memory', used);
  return { levels, cpuUs, published };
}

// One process at a time: a full GC pauses the process it runs in, and the others keep serving meanwhile.
async function heapsAfterGc(rig: SoakRig): Promise<Record<string, number>> {
  const heaps: Record<string, number> = {};
  for (const p of [...rig.gateways, rig.engine, rig.feed]) {
    const bytes = p.inspectorUrl === undefined ? Number.NaN : await heapAfterGc(p.inspectorUrl);
    if (Number.isFinite(bytes)) heaps[`${p.name} ${HEAP}`] = bytes;
  }
  return heaps;
}

/** Runs the load for the settings' minutes and returns one window per `windowSeconds`. */
export async function runWindows(rig: SoakRig): Promise<SoakWindow[]> {
  const s = rig.settings;
  const samplesPerWindow = Math.max(1, Math.round(s.windowSeconds / s.sampleSeconds));
  const tickMs = (s.windowSeconds * 1000) / samplesPerWindow;
  const windowCount = Math.max(1, Math.round((s.minutes * 60) / s.windowSeconds));
  const reconnectAt = reconnectTimesS(windowCount * s.windowSeconds, s.reconnectEverySeconds);
  const rounds: Promise<void>[] = [];
  const windows: SoakWindow[] = [];
  await rig.load.request('report', null);
  rig.users.tally.take();
  let last = await sample(rig);
  let lastOrchestratorCpu = process.cpuUsage();
  const startMs = Date.now();
  let lastEndMs = startMs;
  rig.users.start(s.ordersPerSecond);
  let samples: Record<string, number>[] = [];
  for (let tick = 1; tick <= windowCount * samplesPerWindow; tick++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startMs + tick * tickMs - Date.now())));
    // By the tick's own time: a timer may fire a millisecond early, which must not put a round off by a tick.
    const tickS = (tick * tickMs) / 1000;
    while (rounds.length < reconnectAt.length && (reconnectAt[rounds.length] ?? Infinity) <= tickS) rounds.push(startRound(rig, rounds.length));
    const now = await sample(rig);
    samples.push(now.levels);
    if (tick % samplesPerWindow !== 0) continue;
    const [books, runKeys, heaps] = await Promise.all([rig.load.request('report', null), rig.redis.runKeys().catch(() => undefined), heapsAfterGc(rig)]);
    const orchestratorCpu = process.cpuUsage(lastOrchestratorCpu);
    const endMs = Date.now();
    const seconds = (endMs - lastEndMs) / 1000;
    const cpu = (names: string[]): number => names.reduce((sum, name) => sum + (now.cpuUs[name] ?? 0) - (last.cpuUs[name] ?? 0), 0) / 1e4 / seconds;
    const levels = { ...peaksOf(samples, levelMetrics(rig)), ...heaps };
    if (runKeys) levels[RUN_KEYS] = runKeys.bytes;
    const window: SoakWindow = {
      index: windows.length + 1,
      endS: tickS,
      seconds,
      load1m: loadavg()[0] ?? 0,
      levels,
      published: now.published - last.published,
      books,
      orders: { ...rig.users.tally.take(), waiting: rig.users.tally.open },
      cpuPercent: {
        // The generator's own process and this one (order users, sampling): the whole load side.
        loadgen: (books.cpuUs + orchestratorCpu.user + orchestratorCpu.system) / 1e4 / seconds,
        gateways: cpu(rig.gateways.map((g) => g.name)),
        engine: cpu([rig.engine.name]),
        feed: cpu([rig.feed.name]),
      },
    };
    windows.push(window);
    process.stderr.write(`soak: window ${window.index}/${windowCount} at ${Math.round(window.endS)} s: load ${window.load1m.toFixed(2)}, lost ${books.lost}, doubled ${books.doubled}, orders ${window.orders.answered}/${window.orders.sent}\n`);
    samples = [];
    last = now;
    lastOrchestratorCpu = process.cpuUsage();
    lastEndMs = endMs;
  }
  await rig.users.stop();
  await Promise.all(rounds);
  return windows;
}

// A round closes and reconnects the next share of the subscribers and of the order users, in turn.
async function startRound(rig: SoakRig, round: number): Promise<void> {
  const { clients, orderUsers, reconnectFraction } = rig.settings;
  const [books, users] = await Promise.all([
    rig.load.request('reconnect', { indices: reconnectRound(round, clients, reconnectFraction) }, 120_000),
    rig.users.reconnect(reconnectRound(round, orderUsers, reconnectFraction)),
  ]).catch((error: unknown) => {
    process.stderr.write(`soak: reconnect round ${round + 1} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return [undefined, undefined] as const;
  });
  if (books && books.failed > 0) process.stderr.write(`soak: reconnect round ${round + 1}: ${books.failed} subscriber(s) did not come back\n`);
  if (users !== undefined && users < reconnectRound(round, orderUsers, reconnectFraction).length) process.stderr.write(`soak: reconnect round ${round + 1}: an order user did not come back\n`);
}
