// The feed's authoritative book for one instrument: validates source events and turns each
// accepted change into a delta with the next sequence number and the checksum after it.
import type { BookEvent, LevelsEvent, SnapshotEvent } from './book-events.ts';
import { bookError, type BookError } from './book-error.ts';
import { snapshotOfBook, type BookDelta, type BookSnapshot, type WireLevel } from './book-messages.ts';
import { checksumOfBook } from './checksum.ts';
import { lotsToSize, ticksToPrice } from './decimal.ts';
import type { Instrument } from './instruments.ts';
import { OrderBook, type BookSide } from './order-book.ts';
import { parseLevels } from './parse-levels.ts';
import type { Level, PriceLadder } from './price-ladder.ts';
import type { Lots, Ticks } from './units.ts';

/** A delta to publish (null when the event changed nothing), or why the event was refused. */
export type SequencedResult = { ok: true; delta: BookDelta | null } | { ok: false; error: BookError };

/** Levels kept per side unless configured otherwise; deeper levels are dropped with an explicit "0". */
export const DEFAULT_MAX_DEPTH = 200;

/**
 * The authoritative, sequenced book of one instrument. A refused event never changes it. An event
 * that would cross the book is refused rather than repaired: sources (the simulator included)
 * report the levels a marketable order took as explicit changes in the same event.
 */
export class SequencedBook {
  private readonly book = new OrderBook();
  private seqValue = 0;
  private tsValue = 0;

  /**
   * `epoch` names this run of the sequence; every reader drops its copy of the book when it changes.
   * It must be higher than any earlier run's: the feed uses its start time (or its lease's token).
   */
  constructor(
    readonly instrument: Instrument,
    readonly maxDepth = DEFAULT_MAX_DEPTH,
    readonly epoch = 1,
  ) {}

  /** Sequence number of the last published delta; 0 before the first. */
  get seq(): number {
    return this.seqValue;
  }

  /** Read-only view for queries (best bid/ask, mid); never mutate it. */
  get view(): Pick<OrderBook, 'bestBid' | 'bestAsk' | 'top' | 'isCrossed'> {
    return this.book;
  }

  /** Applies a source event; a snapshot is published as the delta from the current book to it. */
  apply(event: BookEvent): SequencedResult {
    if (event.symbol !== this.instrument.symbol) {
      return refuse(bookError('SYMBOL_MISMATCH', `event for ${event.symbol} sent to ${this.instrument.symbol}`));
    }
    return event.type === 'snapshot' ? this.applySnapshot(event) : this.applyLevels(event);
  }

  /** The whole book at the current sequence number. */
  snapshot(ts = this.tsValue): BookSnapshot {
    return snapshotOfBook(this.book, this.instrument, this.epoch, this.seqValue, ts);
  }

  private applyLevels(event: LevelsEvent): SequencedResult {
    const bids = parseLevels(event.bids, this.instrument);
    if (!bids.ok) return refuse(bids.error);
    const asks = parseLevels(event.asks, this.instrument);
    if (!asks.ok) return refuse(asks.error);
    // Lots before the event of every touched price, so a refused event can be rolled back exactly.
    const before: Record<BookSide, Map<Ticks, Lots>> = { bid: new Map(), ask: new Map() };
    setAll(this.book.bids, bids.levels, before.bid);
    setAll(this.book.asks, asks.levels, before.ask);
    if (this.book.isCrossed()) {
      restore(this.book.bids, before.bid);
      restore(this.book.asks, before.ask);
      return refuse(bookError('CROSSED_BOOK', `update would cross the ${this.instrument.symbol} book`));
    }
    const trimmed = this.book.trim(this.maxDepth);
    for (const [price, lots] of trimmed.bids) if (!before.bid.has(price)) before.bid.set(price, lots);
    for (const [price, lots] of trimmed.asks) if (!before.ask.has(price)) before.ask.set(price, lots);
    return this.publish(event.ts, this.changes(this.book.bids, before.bid), this.changes(this.book.asks, before.ask));
  }

  private applySnapshot(event: SnapshotEvent): SequencedResult {
    const bids = parseLevels(event.bids, this.instrument);
    if (!bids.ok) return refuse(bids.error);
    const asks = parseLevels(event.asks, this.instrument);
    if (!asks.ok) return refuse(asks.error);
    const next = new OrderBook();
    setAll(next.bids, bids.levels, new Map());
    setAll(next.asks, asks.levels, new Map());
    if (next.isCrossed()) return refuse(bookError('CROSSED_SNAPSHOT', `snapshot of ${event.symbol} is crossed`));
    next.trim(this.maxDepth);
    // Publishing the snapshot as a delta keeps the sequence gap-free for every consumer.
    const before: Record<BookSide, Map<Ticks, Lots>> = { bid: new Map(), ask: new Map() };
    replaceLadder(this.book.bids, next.bids, before.bid);
    replaceLadder(this.book.asks, next.asks, before.ask);
    return this.publish(event.ts, this.changes(this.book.bids, before.bid), this.changes(this.book.asks, before.ask));
  }

  private publish(ts: number, bids: WireLevel[], asks: WireLevel[]): SequencedResult {
    if (bids.length === 0 && asks.length === 0) return { ok: true, delta: null };
    this.seqValue += 1;
    this.tsValue = ts;
    const checksum = checksumOfBook(this.book, this.instrument);
    return { ok: true, delta: { symbol: this.instrument.symbol, epoch: this.epoch, seq: this.seqValue, ts, bids, asks, checksum } };
  }

  private changes(ladder: PriceLadder, before: Map<Ticks, Lots>): WireLevel[] {
    const changed: WireLevel[] = [];
    for (const [price, lotsBefore] of before) {
      const lots = ladder.lotsAt(price);
      if (lots === lotsBefore) continue;
      changed.push([ticksToPrice(price, this.instrument), lots === 0 ? '0' : lotsToSize(lots, this.instrument)]);
    }
    return changed;
  }
}

function refuse(error: BookError): SequencedResult {
  return { ok: false, error };
}

// Sets each level, remembering the first "before" lots of every price touched.
function setAll(ladder: PriceLadder, levels: readonly Level[], before: Map<Ticks, Lots>): void {
  for (const [price, lots] of levels) {
    if (!before.has(price)) before.set(price, ladder.lotsAt(price));
    ladder.set(price, lots);
  }
}

function restore(ladder: PriceLadder, before: Map<Ticks, Lots>): void {
  for (const [price, lots] of before) ladder.set(price, lots);
}

// Makes `ladder` equal to `next`, recording the previous lots of every price that differs.
function replaceLadder(ladder: PriceLadder, next: PriceLadder, before: Map<Ticks, Lots>): void {
  for (const [price, lots] of ladder.top(ladder.depth)) if (next.lotsAt(price) !== lots) before.set(price, lots);
  for (const [price, lots] of next.top(next.depth)) if (ladder.lotsAt(price) !== lots) before.set(price, ladder.lotsAt(price));
  for (const price of before.keys()) ladder.set(price, next.lotsAt(price));
}
