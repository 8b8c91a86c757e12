// `npm run bench -- sse`: SSE fan-out of the index at 10 events/s through the real Next.js route
// handler, beside a bare node:http server writing the same events (the ceiling), in the same run.
// Per client count: delivered events/s, publish-to-receive latency, server CPU per delivered event,
// heap per open stream (after a full GC, read through the inspector), and what the load
// generator and the machine cost meanwhile (the machine is shared: its load average is in every row).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Row } from '../lib/report.ts';
import { heapAfterGc } from './inspector-heap.ts';
import { forkChild, type Child } from './ipc.ts';
import { cpuMicros } from './process-meter.ts';
import type { GeneratorApi } from './sse-load-generator.ts';
import { startBareServer, startNextServer, type MeasuredServer } from './sse-servers.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENT_COUNTS = (process.env.BENCH_SSE_CLIENTS ?? '1000,2500,5000').split(',').map(Number);
const EVENTS_PER_SECOND = 10;
const WINDOW_SECONDS = Number(process.env.BENCH_SSE_WINDOW_S ?? 10);
const SAMPLE_EVERY = 10; // one client in ten reads ids for latency; the others only count

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What one row measures: one server, or several sharing the clients as a load balancer would. */
interface Setup {
  name: string;
  servers: MeasuredServer[];
}

/** Runs both servers at each client count, then two Next processes sharing the largest count; one row each. */
export async function runSseFanoutBenchmark(): Promise<Row[]> {
  const prefix = `twbench:${randomBytes(4).toString('hex')}:`;
  const { child: generator } = await forkChild<GeneratorApi, { pid: number }>(join(import.meta.dirname, 'sse-load-generator.ts'));
  const rows: Row[] = [];
  const largest = Math.max(...CLIENT_COUNTS);
  try {
    await generator.call('startPublisher', { redisUrl: REDIS_URL, prefix, perSecond: EVENTS_PER_SECOND });
    const next = await startNextServer(REDIS_URL, prefix);
    try {
      for (const clients of CLIENT_COUNTS) rows.push(await measure({ name: next.name, servers: [next] }, generator, clients));
      // More clients are served by adding web processes: the same route on two processes, clients split.
      const second = await startNextServer(REDIS_URL, prefix);
      try {
        rows.push(await measure({ name: `${next.name} ×2`, servers: [next, second] }, generator, largest));
      } finally {
        await second.stop();
      }
    } finally {
      await next.stop();
    }
    const bare = await startBareServer(REDIS_URL, prefix);
    try {
      for (const clients of CLIENT_COUNTS) rows.push(await measure({ name: bare.name, servers: [bare] }, generator, clients));
    } finally {
      await bare.stop();
    }
  } finally {
    await generator.call('stop', null).catch(() => undefined);
    await generator.stop();
    await deleteKeys(prefix);
  }
  return withRatios(rows);
}

async function measure(setup: Setup, generator: Child<GeneratorApi>, clients: number): Promise<Row> {
  const { servers } = setup;
  process.stderr.write(`sse: ${setup.name}, ${clients} clients\n`);
  const heapBefore = await totalHeap(servers);
  let connected = 0;
  for (const [i, server] of servers.entries()) {
    const share = Math.floor(clients / servers.length) + (i < clients % servers.length ? 1 : 0);
    const result = await generator.call('connect', { port: server.port, path: '/api/stream/index', count: share, sampleEvery: SAMPLE_EVERY });
    if (result.failed > 0) process.stderr.write(`  ${result.failed} connections failed: ${result.firstError}\n`);
    connected += result.connected;
  }
  process.stderr.write(`  ${connected} connected; measuring ${WINDOW_SECONDS} s\n`);
  await sleep(2000);
  const cpu = (): number => servers.reduce((sum, s) => sum + cpuMicros(s.pid), 0);
  const generatorPid = generator.process.pid ?? 0;
  const cpuStart = cpu();
  const generatorStart = cpuMicros(generatorPid);
  const loadStart = loadavg()[0] ?? 0;
  await generator.call('begin', null);
  await sleep(WINDOW_SECONDS * 1000);
  const cpuUsed = cpu() - cpuStart;
  const generatorUsed = cpuMicros(generatorPid) - generatorStart;
  const loadEnd = loadavg()[0] ?? 0;
  const report = await generator.call('end', null);
  const heapAfter = await totalHeap(servers);
  await generator.call('disconnectAll', null);
  await sleep(2000);
  return {
    server: setup.name,
    clients: connected,
    'events/s': Math.round(report.received / report.seconds),
    'expected/s': Math.round((report.published * connected) / report.seconds),
    missing: report.missing,
    dropped: report.closed,
    'p50 ms': report.p50Ms,
    'p99 ms': report.p99Ms,
    'CPU µs/event': report.received > 0 ? cpuUsed / report.received : Number.NaN,
    'CPU % core': (cpuUsed / (report.seconds * 1e6)) * 100,
    'heap KB/stream': (heapAfter - heapBefore) / connected / 1024,
    // The load generator must cost less than the server it measures, or the figures are its own.
    'loadgen % core': (generatorUsed / (report.seconds * 1e6)) * 100,
    'load 1m': `${loadStart.toFixed(1)}→${loadEnd.toFixed(1)}`,
  };
}

async function totalHeap(servers: MeasuredServer[]): Promise<number> {
  let total = 0;
  for (const server of servers) total += await heapAfterGc(server.inspectorUrl);
  return total;
}

/** Adds, to each row, its CPU per event as a multiple of the bare server's at the same client count. */
function withRatios(rows: Row[]): Row[] {
  return rows.map((row) => {
    const bare = rows.find((r) => r.server === 'bare node:http' && Math.abs(Number(r.clients) - Number(row.clients)) < 50);
    const ratio = Number(row['CPU µs/event']) / Number(bare?.['CPU µs/event']);
    return { ...row, 'CPU × bare': Number.isFinite(ratio) ? ratio : '' };
  });
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
