// The benchmark's feed: a simulated BTC-USD book put through the feed's own InstrumentFeed and
// BookPublisher into a broker (Redis for a distributed run, the memory broker for embedded mode), at
// a rate the orchestrator sets. Every delta's `ts` is its publish time (sub-millisecond), which
// clients subtract from their arrival time.
import type { Broker } from '../../lib/broker/broker.ts';
import { getInstrument } from '../../lib/market/instruments.ts';
import { SNAPSHOT_REQUEST_CHANNEL } from '../../lib/protocol/channels.ts';
import { InstrumentFeed } from '../../workers/feed/instrument-feed.ts';
import { MarketSimulator } from '../../workers/feed/sources/simulator.ts';
import { nowMs } from './clock.ts';
import { SYMBOL } from './common.ts';

/** A running book source. */
export interface BookSource {
  /** Sets deltas per second (0 pauses); returns deltas published so far. */
  setRate(perSecond: number): number;
  /** Deltas published so far. */
  published(): number;
}

const TICK_MS = 1;
const SNAPSHOT_EVERY_MS = 1_000;
// A timer that fired late does not burst more than this many seconds' worth of deltas.
const MAX_CATCH_UP_S = 0.05;

/** Publishes the opening snapshot, answers snapshot requests and starts ticking (paused until `setRate`). */
export async function startBookSource(broker: Broker, onError: (error: unknown) => void): Promise<BookSource> {
  const instrument = getInstrument(SYMBOL);
  if (!instrument) throw new Error(`${SYMBOL} is not listed`);
  const feed = new InstrumentFeed(instrument, broker, Date.now(), () => undefined, onError);
  const simulator = new MarketSimulator({ seed: 42, ratePerSec: 1_000, instruments: [instrument] });
  let perSecond = 0;
  let budget = 0;
  let published = 0;
  let lastTickMs = nowMs();

  // Every book event the simulator produces becomes one delta; trades are not part of this benchmark.
  const emitOne = (): void => {
    for (const event of simulator.next()) {
      if (event.type === 'trade') continue;
      const seqBefore = feed.book.seq;
      feed.handle({ ...event, ts: nowMs() });
      if (feed.book.seq !== seqBefore) published++;
    }
  };

  emitOne(); // the opening snapshot
  await feed.publisher.storeSnapshot(true);
  await broker.subscribe(SNAPSHOT_REQUEST_CHANNEL, () => void feed.publisher.storeSnapshot(true));
  setInterval(() => void feed.publisher.storeSnapshot(false), SNAPSHOT_EVERY_MS);
  setInterval(() => {
    const now = nowMs();
    budget = Math.min(budget + ((now - lastTickMs) * perSecond) / 1_000, perSecond * MAX_CATCH_UP_S + 1);
    lastTickMs = now;
    // Deltas emitted in one tick leave as one broker message, as the feed batches one turn's deltas.
    for (; budget >= 1; budget--) emitOne();
  }, TICK_MS);

  return {
    setRate: (wanted) => {
      perSecond = wanted;
      budget = 0;
      return published;
    },
    published: () => published,
  };
}
