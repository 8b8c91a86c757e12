// What the feed publishes about a book: snapshots and sequenced deltas with wire (decimal string) levels.
import { checksumOfBook } from './checksum.ts';
import { lotsToSize, ticksToPrice } from './decimal.ts';
import type { Instrument } from './instruments.ts';
import type { Level, OrderBook } from './order-book.ts';

/** A price level on the wire: [price, size], both decimal strings at the instrument's precision. */
export type WireLevel = [price: string, size: string];

/** The levels that changed, as absolute sizes ("0" = removed); seq grows by exactly 1 per delta. */
export interface BookDelta {
  symbol: string;
  /** Which run of the feed's sequence this is: a new, higher epoch whenever seq starts again at 1. */
  epoch: number;
  seq: number;
  ts: number;
  bids: WireLevel[];
  asks: WireLevel[];
  /** Kraken v2 checksum of the book after this delta. */
  checksum: number;
}

/** The whole book at a sequence number; the deltas with seq + 1, seq + 2, ... of its epoch follow it. */
export interface BookSnapshot {
  symbol: string;
  epoch: number;
  seq: number;
  ts: number;
  /** High → low. */
  bids: WireLevel[];
  /** Low → high. */
  asks: WireLevel[];
  checksum: number;
}

/** Formats integer levels as wire levels. */
export function formatLevels(levels: readonly Level[], inst: Instrument): WireLevel[] {
  return levels.map(([price, lots]) => [ticksToPrice(price, inst), lotsToSize(lots, inst)]);
}

/** Builds the snapshot message of a book at a sequence number. */
export function snapshotOfBook(book: OrderBook, inst: Instrument, epoch: number, seq: number, ts: number): BookSnapshot {
  const levels = book.snapshot();
  return {
    symbol: inst.symbol,
    epoch,
    seq,
    ts,
    bids: formatLevels(levels.bids, inst),
    asks: formatLevels(levels.asks, inst),
    checksum: checksumOfBook(book, inst),
  };
}
