// The load generator, forked by the bench: holds thousands of SSE client sockets, runs the index
// publisher (so "published" and "received" are counted in one process), and reports per window.
import { percentile } from './percentiles.ts';
import { serveParent } from './ipc.ts';
import { startBenchPublisher, type BenchPublisher } from './bench-publisher.ts';
import { SseLoadConnection } from './sse-load-connection.ts';

/** What one measured window saw. */
export interface WindowReport {
  seconds: number;
  /** Entries published during the window. */
  published: number;
  /** `index` events received by all clients during the window. */
  received: number;
  /** Events a still-open client had not received 3 s after the window. */
  missing: number;
  /** Clients the server closed. */
  closed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export type GeneratorApi = {
  startPublisher: { args: { redisUrl: string; prefix: string; perSecond: number }; result: null };
  connect: { args: { port: number; path: string; count: number; sampleEvery: number }; result: { connected: number; failed: number; firstError: string | undefined } };
  begin: { args: null; result: null };
  end: { args: null; result: WindowReport };
  disconnectAll: { args: null; result: null };
  stop: { args: null; result: null };
};

const CONNECT_BATCH = 100;
/** A saturated server may take minutes to answer thousands of connects: measure what connected by then. */
const CONNECT_DEADLINE_MS = 90_000;
const DRAIN_MS = 3000;
let publisher: BenchPublisher | undefined;
let connections: SseLoadConnection[] = [];
let samples: number[][] = [];
let window: { startMs: number; published: number; counts: number[] } | undefined;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function connectAll({ port, path, count, sampleEvery }: GeneratorApi['connect']['args']): Promise<GeneratorApi['connect']['result']> {
  let failed = 0;
  let firstError: string | undefined;
  const deadline = Date.now() + CONNECT_DEADLINE_MS;
  for (let done = 0; done < count; done += CONNECT_BATCH) {
    if (Date.now() > deadline) {
      failed += count - done;
      firstError ??= `not attempted: ${CONNECT_DEADLINE_MS / 1000} s connect deadline passed`;
      break;
    }
    await Promise.all(
      Array.from({ length: Math.min(CONNECT_BATCH, count - done) }, (_, i) =>
        new Promise<void>((resolve) => {
          const sampled = (done + i) % sampleEvery === 0;
          connections.push(
            new SseLoadConnection(port, path, sampled ? samples : undefined, (error) => {
              if (error !== undefined) {
                failed += 1;
                firstError ??= error;
              }
              resolve();
            }),
          );
        }),
      ),
    );
  }
  return { connected: count - failed, failed, firstError };
}

async function end(): Promise<WindowReport> {
  if (!window || !publisher) throw new Error('no window begun');
  const { startMs, counts } = window;
  const endMs = Date.now();
  const published = publisher.published() - window.published;
  const received = connections.reduce((sum, c, i) => sum + c.count - (counts[i] ?? 0), 0);
  const behind = (): number => connections.reduce((sum, c, i) => sum + (c.isClosed ? 0 : Math.max(0, published - (c.count - (counts[i] ?? 0)))), 0);
  for (const deadline = Date.now() + DRAIN_MS; behind() > 0 && Date.now() < deadline; ) await sleep(50);
  const latencies = samples.filter(([publishMs]) => (publishMs ?? 0) >= startMs && (publishMs ?? 0) <= endMs).map(([p, r]) => (r ?? 0) - (p ?? 0));
  window = undefined;
  return {
    seconds: (endMs - startMs) / 1000,
    published,
    received,
    missing: behind(),
    closed: connections.filter((c) => c.isClosed).length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
  };
}

serveParent<GeneratorApi>(
  { pid: process.pid },
  {
    startPublisher: (args) => {
      publisher = startBenchPublisher(args);
      return null;
    },
    connect: connectAll,
    begin: () => {
      samples.length = 0;
      window = { startMs: Date.now(), published: publisher?.published() ?? 0, counts: connections.map((c) => c.count) };
      return null;
    },
    end,
    disconnectAll: () => {
      for (const c of connections) c.close();
      connections = [];
      samples = [];
      return null;
    },
    stop: async () => {
      await publisher?.stop();
      return null;
    },
  },
);
