// Feed throughput on a broker: bench/feed-throughput.ts's loop (one feed worker putting simulator events
// through InstrumentFeed as fast as it can, at most 2,000 publishes awaiting their reply) on the broker the
// app would use for BROKER=<kind>, with a subscriber process counting the deltas that arrived.
import { performance } from 'node:perf_hooks';
import type { Broker } from '../../lib/broker/broker.ts';
import { INSTRUMENTS } from '../../lib/market/instruments.ts';
import { bookChannel } from '../../lib/protocol/channels.ts';
import { InstrumentFeed } from '../../workers/feed/instrument-feed.ts';
import { MarketSimulator } from '../../workers/feed/sources/simulator.ts';
import type { SourceEvent } from '../../workers/feed/sources/source.ts';
import { sleep } from '../fanout/clock.ts';
import { Child } from '../fanout/ipc.ts';
import { openBroker, targetArguments, type BrokerTarget } from './broker-target.ts';
import { BROKERS_SETTINGS } from './brokers-settings.ts';
import type { CounterApi } from './counter-child.ts';

/** Deltas published, over how long, and how many the subscriber received. */
export interface FeedResult {
  deltas: number;
  seconds: number;
  received: number;
}

const MAX_IN_FLIGHT = 2_000;
const EVENTS_PER_TURN = 100;
const RECEIVE_TIMEOUT_MS = 10_000;

/** Runs the feed loop once over `feedEvents` simulator events. */
export async function measureFeed(target: BrokerTarget): Promise<FeedResult> {
  const events = generate(BROKERS_SETTINGS.feedEvents);
  const counter = Child.start<CounterApi>('feed-counter', '../brokers/counter-child.ts', targetArguments(target));
  const broker = await openBroker(target).catch(async (error: unknown) => Promise.reject(await counter.stop().then(() => error)));
  try {
    await counter.ready();
    await counter.request('subscribe', { channels: INSTRUMENTS.map((inst) => bookChannel(inst.symbol)) });
    const tracked = trackInFlight(broker);
    let failure: unknown;
    const feeds = new Map(INSTRUMENTS.map((inst) => [inst.symbol, new InstrumentFeed(inst, tracked.broker, Date.now(), () => undefined, (error) => void (failure ??= error))]));
    const started = performance.now();
    let deltas = 0;
    for (const [i, event] of events.entries()) {
      const feed = feeds.get(event.symbol);
      if (!feed) continue;
      const seqBefore = feed.book.seq;
      feed.handle(event);
      if (feed.book.seq !== seqBefore) deltas++;
      if (i % EVENTS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      if (tracked.inFlight() > MAX_IN_FLIGHT) await tracked.drain();
      if (failure !== undefined) throw failure;
    }
    await tracked.drain();
    // NATS core publishes have no reply: the flush's round trip is what says they reached the server.
    await broker.ping();
    const seconds = (performance.now() - started) / 1000;
    return { deltas, seconds, received: await deltasReceived(counter, deltas) };
  } finally {
    await Promise.all([broker.close(), counter.stop()]);
  }
}

function generate(count: number): SourceEvent[] {
  const simulator = new MarketSimulator({ seed: 7, ratePerSec: 5000 });
  const events: SourceEvent[] = [];
  while (events.length < count) events.push(...simulator.next());
  return events;
}

async function deltasReceived(counter: Child<CounterApi>, expected: number): Promise<number> {
  const deadline = Date.now() + RECEIVE_TIMEOUT_MS;
  let received = (await counter.request('count', null)).deltas;
  while (received < expected && Date.now() < deadline) {
    await sleep(100);
    received = (await counter.request('count', null)).deltas;
  }
  return received;
}

// Wraps publish so the loop can bound how many publishes await the broker (as bench/feed-throughput.ts does).
function trackInFlight(inner: Broker): { broker: Broker; inFlight(): number; drain(): Promise<void> } {
  let count = 0;
  const waiters: (() => void)[] = [];
  const broker = Object.create(inner) as Broker;
  broker.publish = (channel, payload) => {
    count++;
    return inner.publish(channel, payload).finally(() => {
      count--;
      if (count === 0) for (const waiter of waiters.splice(0)) waiter();
    });
  };
  return { broker, inFlight: () => count, drain: () => (count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(() => resolve()))) };
}
