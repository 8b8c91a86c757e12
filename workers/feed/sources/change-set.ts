// Applies level changes to a book while remembering what each touched level was, so the
// simulator can report exactly the levels that changed as one atomic levels event.
import type { WireLevel } from '../../../lib/market/book-messages.ts';
import { lotsToSize, ticksToPrice } from '../../../lib/market/decimal.ts';
import type { Instrument } from '../../../lib/market/instruments.ts';
import type { BookSide, OrderBook } from '../../../lib/market/order-book.ts';
import type { Lots, Ticks } from '../../../lib/market/units.ts';

/** Records changes to one book during one simulated action. */
export class ChangeSet {
  private readonly before: Record<BookSide, Map<Ticks, Lots>> = { bid: new Map(), ask: new Map() };

  constructor(private readonly book: OrderBook) {}

  /** Sets the absolute lots at a price (0 removes it). */
  set(side: BookSide, priceTicks: Ticks, lots: Lots): void {
    const ladder = this.book.side(side);
    const before = this.before[side];
    if (!before.has(priceTicks)) before.set(priceTicks, ladder.lotsAt(priceTicks));
    ladder.set(priceTicks, lots);
  }

  /** Trims a side to `maxDepth` levels, recording the removals. */
  trim(side: BookSide, maxDepth: number): void {
    const before = this.before[side];
    for (const [price, lots] of this.book.side(side).trim(maxDepth)) if (!before.has(price)) before.set(price, lots);
  }

  /** The changed levels as wire levels (size "0" for a removed level); empty sides when nothing changed. */
  toWire(inst: Instrument): { bids: WireLevel[]; asks: WireLevel[] } {
    return { bids: this.wireSide('bid', inst), asks: this.wireSide('ask', inst) };
  }

  private wireSide(side: BookSide, inst: Instrument): WireLevel[] {
    const ladder = this.book.side(side);
    const levels: WireLevel[] = [];
    for (const [price, lotsBefore] of this.before[side]) {
      const lots = ladder.lotsAt(price);
      if (lots !== lotsBefore) levels.push([ticksToPrice(price, inst), lots === 0 ? '0' : lotsToSize(lots, inst)]);
    }
    return levels;
  }
}
