// Order round trip against the real distributed processes (feed, engine and two gateways on Redis and
// PostgreSQL, each its own process): users send market orders over the WebSocket at a fixed total
// rate; the latency is from `send()` to the `order.accepted` and to the first `order.filled` the same
// socket receives back through the engine and the user's channel.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { OrderEvent } from '../lib/protocol/order-events.ts';
import type { TickwireProcess } from '../scripts/lib/tickwire-process.ts';
import { sleep, waitFor } from '../scripts/lib/wait-for.ts';
import { deleteRedisKeys } from '../tests/helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../tests/helpers/services.ts';
import { LOOPBACK_LOAD_ORDER_BUDGET } from '../scripts/cluster/start-cluster.ts';
import type { Row } from './lib/report.ts';
import { createUsers, startTradingStack } from './lib/trading-stack.ts';

// The target rate, and a light one that shows the round trip when the engine is not queueing.
const RATES_PER_S = (process.env.BENCH_ORDERS_RATES ?? '20,200').split(',').map(Number);
const MEASURE_S = Number(process.env.BENCH_ORDERS_SECONDS ?? 10);
// Excluded from the figures: connection pools, JIT and the first subscriptions warm up here.
const WARMUP_S = 2;
// 25 users at 8 orders/s each stay under the per-user order budget (20 ops/s) and the gateway's 20 frames/s per socket.
const USERS = Number(process.env.BENCH_ORDERS_USERS ?? 25);
const SYMBOLS = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'TSLA'];
const TICK_MS = 2;
// A backlog the engine cannot keep up with is still drained and measured, up to this long.
const DRAIN_TIMEOUT_MS = 120_000;

/** One order sent, and what came back for it. */
export interface Sent {
  /** performance.now() at send. */
  atMs: number;
  /** Date.now() at send, to compare with the time of the engine's write (the order's ts). */
  atWallMs: number;
  /** From send to the engine's write of the order (the order's ts: PostgreSQL's now() at that statement, on this machine's clock). */
  toEngineMs?: number;
  isMeasured: boolean;
  acceptedMs?: number;
  filledMs?: number;
  rejected?: string;
}

/** Runs the benchmark and returns its rows. */
export async function runOrderRoundtripBenchmark(): Promise<Row[]> {
  const prefix = uniquePrefix('twbench-orders');
  const database = await createTestDatabase();
  const processes: TickwireProcess[] = [];
  const sockets: WebSocket[] = [];
  try {
    const tokens = await createUsers(database.url, 'bench', USERS);
    // Every bench user connects from 127.0.0.1: one address's order budget would cap them all together.
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, ...LOOPBACK_LOAD_ORDER_BUDGET };
    const { engine, gateways } = await startTradingStack(env, processes);
    const sent = new Map<string, Sent>();
    for (const [i, token] of tokens.entries()) {
      const url = `ws://127.0.0.1:${gateways[i % gateways.length]?.port}/ws`;
      sockets.push(await openSocket(url, token, (event, atMs) => record(sent, event, atMs)));
    }
    const rows: Row[] = [];
    for (const rate of RATES_PER_S) {
      const phase = new Map<string, Sent>();
      const cpuBefore = { engine: cpuSeconds(engine.child.pid), atMs: performance.now() };
      await sendAtRate(sockets, rate, `r${rate}-`, (id, entry) => {
        phase.set(id, entry);
        sent.set(id, entry);
      });
      const isAnswered = (o: Sent): boolean => o.rejected !== undefined || o.filledMs !== undefined;
      await waitFor('every order answered', () => [...phase.values()].every(isAnswered), DRAIN_TIMEOUT_MS, 100).catch(() => undefined);
      // The engine's share of one core from the first send until the last answer (warm-up included).
      const engineCpuPct = ((cpuSeconds(engine.child.pid) - cpuBefore.engine) * 100_000) / (performance.now() - cpuBefore.atMs);
      rows.push(...summarize(rate, [...phase.values()].filter((o) => o.isMeasured), engineCpuPct));
    }
    return rows;
  } finally {
    for (const socket of sockets) socket.terminate();
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database.drop();
  }
}

/** Opens an authenticated WebSocket that hands every order event to `onEvent`. */
export async function openSocket(url: string, token: string, onEvent: (event: OrderEvent, receivedAtMs: number) => void): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  let isAuthenticated = false;
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    const now = performance.now();
    const parsed = JSON.parse(data.toString()) as (OrderEvent | { type: 'hello'; isAuthenticated: boolean })[] | OrderEvent;
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (message.type === 'hello') isAuthenticated = message.isAuthenticated;
      else onEvent(message, now);
    }
  });
  await waitFor('authenticated hello', () => isAuthenticated, 10_000);
  return ws;
}

// Send and receive times come from the same clock (performance.now() in this process).
export function record(sent: Map<string, Sent>, event: OrderEvent, receivedAtMs: number): void {
  if (event.type === 'order.accepted' || event.type === 'order.filled' || event.type === 'order.rejected') {
    const entry = event.clientOrderId === undefined ? undefined : sent.get(event.clientOrderId);
    if (entry === undefined) return;
    if (event.type === 'order.accepted') {
      entry.acceptedMs ??= receivedAtMs - entry.atMs;
      entry.toEngineMs ??= event.ts - entry.atWallMs;
    }
    else if (event.type === 'order.filled') entry.filledMs ??= receivedAtMs - entry.atMs;
    else entry.rejected = event.code;
  }
}

// Order k goes out at start + k / rate; each user alternates buy and sell so positions stay small.
export async function sendAtRate(sockets: WebSocket[], rate: number, idPrefix: string, onSent: (clientOrderId: string, entry: Sent) => void, timing = { warmupS: WARMUP_S, measureS: MEASURE_S }): Promise<void> {
  const total = Math.round(rate * (timing.warmupS + timing.measureS));
  const warmup = Math.round(rate * timing.warmupS);
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; next < due; next++) {
      const user = next % sockets.length;
      const round = Math.floor(next / sockets.length);
      const clientOrderId = `${idPrefix}${next}`;
      const request = { op: 'order.place', id: next, clientOrderId, symbol: SYMBOLS[user % SYMBOLS.length], side: round % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: '1' };
      onSent(clientOrderId, { atMs: performance.now(), atWallMs: Date.now(), isMeasured: next >= warmup });
      sockets[user]?.send(JSON.stringify(request));
    }
    await sleep(TICK_MS);
  }
}

// utime + stime of a process from /proc (Linux), in seconds; 0 when unknown.
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function summarize(rate: number, orders: Sent[], engineCpuPct: number): Row[] {
  const rejected = orders.filter((o) => o.rejected !== undefined).length;
  // What the engine actually sustained: answered orders over the span from the first send to the last fill.
  const firstSentMs = Math.min(...orders.map((o) => o.atMs));
  const lastFilledMs = Math.max(...orders.flatMap((o) => (o.filledMs === undefined ? [] : [o.atMs + o.filledMs])));
  const filledPerS = (orders.filter((o) => o.filledMs !== undefined).length * 1000) / (lastFilledMs - firstSentMs);
  const row = (leg: string, values: number[]): Row => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
    const lost = orders.filter((o) => o.rejected === undefined && o.filledMs === undefined).length;
    return { leg, 'sent/s': rate, sent: orders.length, answered: sorted.length, rejected, lost, 'filled/s': filledPerS, 'p50 ms': at(0.5), 'p90 ms': at(0.9), 'p99 ms': at(0.99), 'max ms': at(1), 'engine CPU %': engineCpuPct, 'p99 target ms': 20 };
  };
  return [
    // The inbound half: gateway, Redis queue, the engine's wake-up, its wait for earlier batches and its read.
    row('send → engine write', orders.flatMap((o) => (o.toEngineMs === undefined ? [] : [o.toEngineMs]))),
    row('send → order.accepted', orders.flatMap((o) => (o.acceptedMs === undefined ? [] : [o.acceptedMs]))),
    row('send → order.filled', orders.flatMap((o) => (o.filledMs === undefined ? [] : [o.filledMs]))),
  ];
}
