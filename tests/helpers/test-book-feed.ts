// A feed for gateway tests: the market simulator drives real sequenced books, and every delta,
// snapshot and trade is published exactly as workers/feed does (one message per turn and symbol:
// a lone delta as an object, several as an array). It can also misbehave on demand
// (skip a seq, corrupt a checksum) to test how the gateway recovers.
import type { Broker } from '../../lib/broker/broker.ts';
import type { BookSnapshot, WireLevel } from '../../lib/market/book-messages.ts';
import { lotsToSize, sizeToLots } from '../../lib/market/decimal.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import { SequencedBook } from '../../lib/market/sequenced-book.ts';
import { asLots } from '../../lib/market/units.ts';
import { SNAPSHOT_REQUEST_CHANNEL, tradesChannel, tradesStream } from '../../lib/protocol/channels.ts';
import { encodeTradeEntry, TRADES_KEPT } from '../../lib/protocol/trade-entry.ts';
import { BookPublisher } from '../../workers/feed/book-publisher.ts';
import { MarketSimulator } from '../../workers/feed/sources/simulator.ts';

interface FeedBook {
  book: SequencedBook;
  publisher: BookPublisher;
  skipNext: number;
  corruptNext: number;
}

/** Publishes simulated books for some symbols onto a broker. */
export class TestBookFeed {
  private readonly books = new Map<string, FeedBook>();
  private readonly simulator: MarketSimulator;
  private timers: NodeJS.Timeout[] = [];
  private stopRequests: (() => Promise<void>) | undefined;
  /** Snapshot refreshes asked for on SNAPSHOT_REQUEST_CHANNEL. */
  snapshotRequests = 0;
  /** Whether snapshot requests are answered (turn off to test a missing or stale key). */
  isAnsweringRequests = true;

  /** This feed's run of the sequences; a feed made later has a higher one, as a restarted feed does. */
  readonly epoch = nextEpoch();

  constructor(
    private readonly broker: Broker,
    symbols: string[],
    seed = 7,
  ) {
    const instruments = symbols.map((symbol) => getInstrument(symbol)).filter((inst): inst is Instrument => inst !== undefined);
    this.simulator = new MarketSimulator({ seed, instruments, depth: { minLevels: 60, maxLevels: 110 } });
    for (const inst of instruments) {
      const book = new SequencedBook(inst, undefined, this.epoch);
      this.books.set(inst.symbol, { book, publisher: new BookPublisher(broker, book), skipNext: 0, corruptNext: 0 });
    }
    // The opening snapshots become the first delta of each book.
    for (const event of this.simulator.next()) this.handle(event);
  }

  /** Answers snapshot requests and refreshes every snapshot key each `intervalMs`, as the feed does. */
  async start(intervalMs = 1000): Promise<void> {
    this.stopRequests = await this.broker.subscribe(SNAPSHOT_REQUEST_CHANNEL, (symbol) => {
      this.snapshotRequests += 1;
      const entry = this.books.get(symbol);
      if (entry && this.isAnsweringRequests) entry.publisher.storeSnapshot(true).catch(ignore);
    });
    await this.storeSnapshots();
    this.timers.push(setInterval(() => this.storeSnapshots().catch(ignore), intervalMs));
  }

  /** Publishes `count` simulator updates right now (they reach the gateway as one burst). */
  step(count = 1): void {
    for (let i = 0; i < count; i++) for (const event of this.simulator.next()) this.handle(event);
  }

  /** Publishes `perTick` updates every `tickMs` until stop(). */
  run(perTick: number, tickMs = 5): void {
    this.timers.push(setInterval(() => this.step(perTick), tickMs));
  }

  /** Publishes `count` large deltas now: every level of both sides changes size (to fill socket buffers fast). */
  churn(symbol: string, count = 1): void {
    const entry = this.entry(symbol);
    const inst = entry.book.instrument;
    const bump = (levels: WireLevel[]): WireLevel[] => levels.map(([price, size]) => [price, lotsToSize(asLots((sizeToLots(size, inst) ?? 0) + 1), inst)]);
    for (let i = 0; i < count; i++) {
      const { bids, asks, ts } = entry.book.snapshot();
      this.handle({ type: 'levels', symbol, ts: ts + 1, bids: bump(bids), asks: bump(asks) });
    }
  }

  /** Churns `perTick` large deltas every `tickMs` until stop(). */
  runChurn(symbol: string, perTick: number, tickMs = 5): void {
    this.timers.push(setInterval(() => this.churn(symbol, perTick), tickMs));
  }

  /** Stops publishing (snapshot keys stay). */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.stopRequests?.();
    this.stopRequests = undefined;
  }

  /** Stores every book's snapshot key now. */
  async storeSnapshots(): Promise<void> {
    await Promise.all([...this.books.values()].map((entry) => entry.publisher.storeSnapshot(true)));
  }

  /** The feed's full book now. */
  snapshot(symbol: string): BookSnapshot {
    return this.entry(symbol).book.snapshot();
  }

  seq(symbol: string): number {
    return this.entry(symbol).book.seq;
  }

  /** The next `count` deltas of a symbol are applied but never published: a gap for every consumer. */
  skipNext(symbol: string, count = 1): void {
    this.entry(symbol).skipNext += count;
  }

  /** The next delta of a symbol is published with a wrong checksum. */
  corruptNext(symbol: string): void {
    this.entry(symbol).corruptNext += 1;
  }

  private entry(symbol: string): FeedBook {
    const entry = this.books.get(symbol);
    if (!entry) throw new Error(`no test book for ${symbol}`);
    return entry;
  }

  private handle(event: ReturnType<MarketSimulator['next']>[number]): void {
    const entry = this.books.get(event.symbol);
    if (!entry) return;
    if (event.type === 'trade') {
      // As the feed does: the trades stream (whose entry id is the trade id), then pub/sub for the engine.
      const trade = { type: 'trade' as const, symbol: event.symbol, price: event.price, size: event.size, side: event.side, ts: event.ts };
      this.broker
        .append(tradesStream(event.symbol), encodeTradeEntry(trade), { maxLen: TRADES_KEPT, publish: true })
        .then((id) => this.broker.publish(tradesChannel(event.symbol), JSON.stringify({ ...trade, id })))
        .catch(ignore);
      return;
    }
    const result = entry.book.apply(event);
    if (!result.ok || !result.delta) return;
    if (entry.skipNext > 0) {
      entry.skipNext -= 1;
      return;
    }
    let delta = result.delta;
    if (entry.corruptNext > 0) {
      entry.corruptNext -= 1;
      delta = { ...delta, checksum: (delta.checksum + 1) >>> 0 };
    }
    // Through the feed's own publisher: the deltas of one turn leave as one message (an array).
    entry.publisher.publishDelta(delta).catch(ignore);
  }
}

// A publish during a broker outage is lost, as it would be for the real feed.
function ignore(): void {}

let lastEpoch = 0;

/** An epoch higher than any handed out before in this process, like a feed's start time. */
export function nextEpoch(): number {
  lastEpoch = Math.max(lastEpoch + 1, Date.now());
  return lastEpoch;
}
