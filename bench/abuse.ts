// Abuse: honest traders beside one attacker, against the real distributed processes (feed, engine and two
// gateways on Redis and PostgreSQL). 25 honest users, each from its own loopback address (127.0.0.2…),
// send marketable orders at 200/s in total; the attacker, from ONE address (127.0.0.66) with many accounts
// and sockets on both gateways, sends cancels of other users' ids and of made-up ids, cancelAlls, dead-man
// updates and orders as fast as the gateway's per-socket rate lets it. The same honest load alone first,
// as the baseline. Reported: the honest send → order.filled latency and rejects, the attacker's ops by how
// they were answered, and the order queue's peak length against its bound.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { redisNames } from '../lib/broker/redis-names.ts';
import { loadConfig } from '../lib/config.ts';
import { ORDER_QUEUE } from '../lib/protocol/channels.ts';
import type { TickwireProcess } from '../scripts/lib/tickwire-process.ts';
import type { AttackerPlan, AttackTally } from './abuse/attacker.ts';
import { openBoundSocket, type Incoming } from './abuse/bound-socket.ts';
import { sleep, waitFor } from '../scripts/lib/wait-for.ts';
import { deleteRedisKeys } from '../tests/helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../tests/helpers/services.ts';
import type { Row } from './lib/report.ts';
import { createUsers, startTradingStack } from './lib/trading-stack.ts';

const HONEST_USERS = 25;
const HONEST_RATE_PER_S = 200;
const WARMUP_S = 2;
const BASELINE_S = Number(process.env.BENCH_ABUSE_BASELINE_SECONDS ?? 10);
const ATTACK_S = Number(process.env.BENCH_ABUSE_SECONDS ?? 20);
const ATTACKER_ADDRESS = '127.0.0.66';
const ATTACKER_ACCOUNTS = 40;
// Per gateway node: under the 50 sockets one address may hold on a node.
const ATTACKER_SOCKETS_PER_GATEWAY = 45;
// A little over the gateway's 20 frames/s per socket: the gateway drops the excess (frame-level RATE_LIMITED),
// but not so much more that it closes the socket for flooding (200 dropped frames in 10 s).
const ATTACKER_RATE_PER_SOCKET = 22;
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'TSLA'];
const TICK_MS = 2;
const P99_TARGET_MS = 25;
const DRAIN_TIMEOUT_MS = 30_000;

/** One honest order: when it went out and how it was answered. */
interface HonestOrder {
  atMs: number;
  filledMs?: number;
  rejected?: string;
}

/** Runs the benchmark and returns its rows. */
export async function runAbuseBenchmark(): Promise<Row[]> {
  const prefix = uniquePrefix('twbench-abuse');
  const database = await createTestDatabase();
  const processes: TickwireProcess[] = [];
  const sockets: WebSocket[] = [];
  let attacker: Worker | undefined;
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  try {
    const honestTokens = await createUsers(database.url, 'honest', HONEST_USERS);
    const attackerTokens = await createUsers(database.url, 'attacker', ATTACKER_ACCOUNTS);
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url };
    const { engine, gateways } = await startTradingStack(env, processes);
    const urls = gateways.map((g) => `ws://127.0.0.1:${g.port}/ws`);

    const honestOrders = new Map<string, HonestOrder>();
    const honestRejects = new Map<string, number>();
    const honest: WebSocket[] = [];
    for (const [i, token] of honestTokens.entries()) {
      const socket = await openBoundSocket(urls[i % urls.length] ?? '', token, `127.0.0.${2 + i}`, (message, atMs) => recordHonest(honestOrders, honestRejects, message, atMs));
      honest.push(socket);
      sockets.push(socket);
    }

    await redis.connect();
    const queueKey = redisNames(prefix).queue(ORDER_QUEUE);
    const queueMax = loadConfig('gateway', { ...env }).orderLimits.queueMax;

    const pids = { engine: engine.child.pid, gateways: gateways.map((g) => g.child.pid) };
    // Baseline: the honest load alone.
    const baseline = await measure(redis, queueKey, pids, () => sendHonest(honest, HONEST_RATE_PER_S, BASELINE_S, 'b', honestOrders));
    const baselineOrders = baseline.result;
    await drain(baselineOrders);
    const baselineRejects = new Map(honestRejects);
    const baselineLoad = loadavg()[0] ?? Number.NaN;
    honestRejects.clear();

    // Attack: the attacker's sockets open (in its own thread), then the same honest load runs beside the flood.
    const plan: AttackerPlan = { urls, tokens: attackerTokens, address: ATTACKER_ADDRESS, socketsPerGateway: ATTACKER_SOCKETS_PER_GATEWAY, ratePerSocket: ATTACKER_RATE_PER_SOCKET, symbols: SYMBOLS };
    attacker = startAttacker(plan);
    const messages = attackerMessages(attacker);
    await messages.ready;
    const attacked = await measure(redis, queueKey, pids, async () => {
      attacker?.postMessage('start');
      const orders = await sendHonest(honest, HONEST_RATE_PER_S, ATTACK_S, 'a', honestOrders);
      attacker?.postMessage('stop');
      return orders;
    });
    const tally = await messages.tally;
    await drain(attacked.result);
    const attackLoad = loadavg()[0] ?? Number.NaN;

    return [
      honestRow('honest only (baseline)', baselineOrders, baselineRejects, baseline, queueMax, baselineLoad),
      honestRow('honest beside the attacker', attacked.result, honestRejects, attacked, queueMax, attackLoad),
      attackerRow(tally, attacked, queueMax, attackLoad),
    ];
  } finally {
    for (const socket of sockets) socket.terminate();
    await attacker?.terminate();
    redis.disconnect();
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database.drop();
  }
}

function recordHonest(orders: Map<string, HonestOrder>, rejects: Map<string, number>, message: Incoming, atMs: number): void {
  if (message.type === 'error') {
    const order = typeof message.id === 'string' ? orders.get(message.id) : undefined;
    if (order !== undefined) order.rejected ??= message.code;
    rejects.set(message.code, (rejects.get(message.code) ?? 0) + 1);
    return;
  }
  if (message.type !== 'order.filled' && message.type !== 'order.rejected') return;
  const order = message.clientOrderId === undefined ? undefined : orders.get(message.clientOrderId);
  if (order === undefined) return;
  if (message.type === 'order.filled') order.filledMs ??= atMs - order.atMs;
  else {
    order.rejected ??= message.code;
    rejects.set(message.code, (rejects.get(message.code) ?? 0) + 1);
  }
}

// Order k goes out at start + k / rate, round robin over the honest sockets, alternating buy and sell.
async function sendHonest(sockets: WebSocket[], rate: number, seconds: number, label: string, orders: Map<string, HonestOrder>): Promise<HonestOrder[]> {
  const total = Math.round(rate * (WARMUP_S + seconds));
  const warmup = Math.round(rate * WARMUP_S);
  const measured: HonestOrder[] = [];
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; next < due; next++) {
      const user = next % sockets.length;
      const round = Math.floor(next / sockets.length);
      const clientOrderId = `${label}${next}`;
      const order: HonestOrder = { atMs: performance.now() };
      orders.set(clientOrderId, order);
      if (next >= warmup) measured.push(order);
      const request = { op: 'order.place', id: clientOrderId, clientOrderId, symbol: SYMBOLS[user % SYMBOLS.length], side: round % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: '1' };
      sockets[user]?.send(JSON.stringify(request));
    }
    await sleep(TICK_MS);
  }
  return measured;
}

/** CPU used by the engine and by the gateways together during a phase, in % of one core. */
interface PhaseCpu {
  engine: number;
  gateways: number;
}

/** Runs `work` while sampling the order queue's length; resolves with its result, the peak seen and the CPU used. */
async function measure<T>(redis: Redis, queueKey: string, pids: { engine: number | undefined; gateways: (number | undefined)[] }, work: () => Promise<T>): Promise<{ result: T; peakQueue: number; cpu: PhaseCpu }> {
  const startMs = performance.now();
  const gatewaysCpu = (): number => pids.gateways.map(cpuSeconds).reduce((a, b) => a + b, 0);
  const before = { engine: cpuSeconds(pids.engine), gateways: gatewaysCpu() };
  let peakQueue = 0;
  let isSampling = true;
  const sampler = (async () => {
    while (isSampling) {
      peakQueue = Math.max(peakQueue, await redis.xlen(queueKey));
      await sleep(20);
    }
  })();
  try {
    const result = await work();
    const elapsedS = (performance.now() - startMs) / 1000;
    const cpu = { engine: ((cpuSeconds(pids.engine) - before.engine) * 100) / elapsedS, gateways: ((gatewaysCpu() - before.gateways) * 100) / elapsedS };
    return { result, peakQueue, cpu };
  } finally {
    isSampling = false;
    await sampler;
  }
}

// utime + stime of a process from /proc (Linux), in seconds; 0 when unknown.
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// A worker thread does not inherit the TypeScript loader: it registers tsx first, then loads the attacker.
function startAttacker(plan: AttackerPlan): Worker {
  const entry = JSON.stringify(new URL('./abuse/attacker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
  return new Worker(boot, { eval: true, workerData: plan });
}

/** The attacker thread's two answers: its sockets are open, and (once stopped) its tally. */
function attackerMessages(worker: Worker): { ready: Promise<void>; tally: Promise<AttackTally> } {
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const ready = new Promise<void>((resolve) => worker.on('message', (m: { type: string }) => m.type === 'ready' && resolve()));
  const tally = new Promise<AttackTally>((resolve) => worker.on('message', (m: { type: string; tally?: AttackTally }) => m.tally !== undefined && resolve(m.tally)));
  return { ready: Promise.race([ready, failed]), tally: Promise.race([tally, failed]) };
}

async function drain(orders: HonestOrder[]): Promise<void> {
  await waitFor('every honest order answered', () => orders.every((o) => o.filledMs !== undefined || o.rejected !== undefined), DRAIN_TIMEOUT_MS, 100).catch(() => undefined);
}

// The machine's 1-minute load average at the end of a phase: on 2 cores, anything past 2 means other work competed.
function honestRow(leg: string, orders: HonestOrder[], rejects: Map<string, number>, { peakQueue, cpu }: { peakQueue: number; cpu: PhaseCpu }, queueMax: number, load: number): Row {
  const filled = orders.flatMap((o) => (o.filledMs === undefined ? [] : [o.filledMs])).sort((a, b) => a - b);
  const at = (q: number): number => filled[Math.max(0, Math.ceil(q * filled.length) - 1)] ?? Number.NaN;
  const rejected = orders.filter((o) => o.rejected !== undefined).length;
  const lost = orders.filter((o) => o.rejected === undefined && o.filledMs === undefined).length;
  const isMet = at(0.99) < P99_TARGET_MS && rejected === 0 && lost === 0;
  return {
    leg,
    'honest sent': orders.length,
    filled: filled.length,
    rejected,
    'rejected by code': describe(rejects),
    lost,
    'fill p50 ms': at(0.5),
    'fill p99 ms': at(0.99),
    'fill max ms': at(1),
    'attacker sent': 0,
    'attacker answered by engine': 0,
    'attacker refused by code': '',
    'queue peak': peakQueue,
    'queue bound': queueMax,
    'target (p99 < 25 ms, 0 rejects)': isMet ? 'met' : 'missed',
    'engine CPU %': cpu.engine,
    'gateways CPU %': cpu.gateways,
    'load avg': load,
  };
}

function attackerRow(tally: AttackTally, { peakQueue, cpu }: { peakQueue: number; cpu: PhaseCpu }, queueMax: number, load: number): Row {
  return {
    leg: `attacker: ${ATTACKER_ACCOUNTS} accounts, ${ATTACKER_SOCKETS_PER_GATEWAY * 2} sockets, one address`,
    'honest sent': 0,
    filled: 0,
    rejected: 0,
    'rejected by code': '',
    lost: 0,
    'fill p50 ms': Number.NaN,
    'fill p99 ms': Number.NaN,
    'fill max ms': Number.NaN,
    'attacker sent': tally.sent,
    'attacker answered by engine': tally.engineAnswered,
    'attacker refused by code': `${describe(new Map(tally.refused))}; sockets closed (FLOODING) and reopened: ${tally.closedSockets}, reopenings refused: ${tally.refusedHandshakes}`,
    'queue peak': peakQueue,
    'queue bound': queueMax,
    'target (p99 < 25 ms, 0 rejects)': peakQueue <= queueMax ? 'queue within bound' : 'queue past bound',
    'engine CPU %': cpu.engine,
    'gateways CPU %': cpu.gateways,
    'load avg': load,
  };
}

function describe(counts: Map<string, number>): string {
  return counts.size === 0 ? 'none' : [...counts].map(([code, n]) => `${code} ×${n}`).join(', ');
}
