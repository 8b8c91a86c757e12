// An aggregated (L2) order book in integer units: tick prices to lots, one ladder per side.
import { PriceLadder, type Level } from './price-ladder.ts';
import type { Lots, Ticks } from './units.ts';

export type { Level } from './price-ladder.ts';

/** Which side of the book a level rests on. */
export type BookSide = 'bid' | 'ask';

/** A full book as integer levels, bids high→low and asks low→high. */
export interface BookLevels {
  bids: Level[];
  asks: Level[];
}

/** The book of one instrument: both ladders and the queries every consumer needs. */
export class OrderBook {
  readonly bids: PriceLadder;
  readonly asks: PriceLadder;

  constructor(bids = new PriceLadder(true), asks = new PriceLadder(false)) {
    this.bids = bids;
    this.asks = asks;
  }

  /** The ladder of one side. */
  side(side: BookSide): PriceLadder {
    return side === 'bid' ? this.bids : this.asks;
  }

  /** Sets the absolute lots at a price on one side; 0 removes the level. */
  apply(side: BookSide, priceTicks: Ticks, lots: Lots): void {
    this.side(side).set(priceTicks, lots);
  }

  /** Highest bid price in ticks, if any. */
  bestBid(): Ticks | undefined {
    return this.bids.best();
  }

  /** Lowest ask price in ticks, if any. */
  bestAsk(): Ticks | undefined {
    return this.asks.best();
  }

  /** The best `n` levels of one side, best-first. */
  top(side: BookSide, n: number): Level[] {
    return this.side(side).top(n);
  }

  /** Whether the best bid reaches the best ask, which a valid book never does. */
  isCrossed(): boolean {
    const bid = this.bids.best();
    const ask = this.asks.best();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  /** Drops levels past `maxDepth` on each side and returns the removed levels. */
  trim(maxDepth: number): BookLevels {
    return { bids: this.bids.trim(maxDepth), asks: this.asks.trim(maxDepth) };
  }

  /** Removes every level. */
  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** An independent copy. */
  clone(): OrderBook {
    return new OrderBook(this.bids.clone(), this.asks.clone());
  }

  /** Every level of both sides, best-first. */
  snapshot(): BookLevels {
    return { bids: this.bids.top(this.bids.depth), asks: this.asks.top(this.asks.depth) };
  }
}
