// Feed benchmark: book deltas per second one feed worker sustains on one core while publishing
// every delta to Redis, with books of 50+ levels a side. A separate process subscribes and counts
// what arrived, so the figure is deltas delivered through Redis, not just handed to a socket.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { RedisBroker } from '../lib/broker/redis-broker.ts';
import type { Broker } from '../lib/broker/broker.ts';
import { INSTRUMENTS } from '../lib/market/instruments.ts';
import { MarketSimulator } from '../workers/feed/sources/simulator.ts';
import type { SourceEvent } from '../workers/feed/sources/source.ts';
import { InstrumentFeed } from '../workers/feed/instrument-feed.ts';
import type { Row } from './lib/report.ts';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_FEED_EVENTS ?? 400_000);
const MAX_IN_FLIGHT = 2_000;
// Events handed over per event-loop turn: a live source delivers a batch per timer tick (the simulator
// ticks every 50 ms, so 100 events a turn is what 2,000 events/s looks like — a conservative batch).
const EVENTS_PER_TURN = Number(process.env.BENCH_FEED_EVENTS_PER_TURN ?? 100);

/** Runs the benchmark and returns its rows. */
export async function runFeedBenchmark(): Promise<Row[]> {
  const prefix = `twbench:${process.pid}:`;
  const events = generate(EVENTS);
  const counter = await startCounter(prefix);
  const broker = new RedisBroker({ url: REDIS_URL, prefix });
  await broker.ping();
  const tracked = trackInFlight(broker);
  const feeds = new Map(INSTRUMENTS.map((inst) => [inst.symbol, new InstrumentFeed(inst, tracked.broker, Date.now(), () => undefined, (e) => { throw e; })]));

  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  let deltas = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const feed = event && feeds.get(event.symbol);
    if (!feed || !event) continue;
    const seqBefore = feed.book.seq;
    feed.handle(event);
    if (feed.book.seq !== seqBefore) deltas++;
    if (i % EVENTS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    if (tracked.inFlight() > MAX_IN_FLIGHT) await tracked.drain();
  }
  await tracked.drain();
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const received = await counter.total(deltas);
  await broker.close();

  const levels = [...feeds.values()].map((f) => f.book.view.top('bid', 1000).length);
  return [
    {
      deltas,
      'seconds': elapsedS,
      'deltas/s': deltas / elapsedS,
      'cpu µs/delta': ((cpu.user + cpu.system) / deltas),
      'events/turn': EVENTS_PER_TURN,
      'received by subscriber': received,
      'min bid levels': Math.min(...levels),
    },
  ];
}

function generate(count: number): SourceEvent[] {
  const simulator = new MarketSimulator({ seed: 7, ratePerSec: 5000 });
  const events: SourceEvent[] = [];
  while (events.length < count) events.push(...simulator.next());
  return events;
}

// Counts what a separate subscriber process receives on every book channel of the prefix.
async function startCounter(prefix: string): Promise<{ total(expected: number): Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/helpers/count-messages.ts', REDIS_URL, `${prefix}channel:md:book:*`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  await once(lines, 'line'); // "ready"
  let last = 0;
  lines.on('line', (line) => {
    last = Number(line);
  });
  return {
    async total(expected) {
      const deadline = Date.now() + 10_000;
      while (last < expected && Date.now() < deadline) {
        child.stdin.write('report\n');
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill();
      return last;
    },
  };
}

// Wraps publish so the loop can bound how many publishes await Redis's reply.
function trackInFlight(inner: Broker): { broker: Broker; inFlight(): number; drain(): Promise<void> } {
  let count = 0;
  let waiters: (() => void)[] = [];
  const broker = Object.create(inner) as Broker;
  broker.publish = (channel, payload) => {
    count++;
    return inner.publish(channel, payload).finally(() => {
      count--;
      if (count === 0) for (const w of waiters.splice(0)) w();
    });
  };
  waiters = [];
  return { broker, inFlight: () => count, drain: () => (count === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r))) };
}
