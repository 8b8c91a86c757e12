// What the adapter has shown of a RegriddedBook: the best `maxLevels` per side. Emitting the
// difference between two views (levels that left the top as "0") keeps a consumer's book exactly
// equal to the view, even when a level far from the spread moves in or out of it.
import { lotsToSize, ticksToPrice } from '../../../../lib/market/decimal.ts';
import type { WireLevel } from '../../../../lib/market/book-messages.ts';
import type { Level } from '../../../../lib/market/price-ladder.ts';
import { ZERO_LOTS, type Lots, type Ticks } from '../../../../lib/market/units.ts';
import type { RegriddedBook } from './regridded-book.ts';

/** Both sides as wire levels. */
export interface WireSides {
  bids: WireLevel[];
  asks: WireLevel[];
}

/** The last view emitted for one book. */
export class BookView {
  private shownBids = new Map<Ticks, Lots>();
  private shownAsks = new Map<Ticks, Lots>();

  constructor(
    private readonly book: RegriddedBook,
    readonly maxLevels: number,
  ) {}

  /** The whole current view, which becomes the baseline for changes(). */
  snapshot(): WireSides {
    const bids = this.book.top('bid', this.maxLevels);
    const asks = this.book.top('ask', this.maxLevels);
    this.shownBids = new Map(bids);
    this.shownAsks = new Map(asks);
    return { bids: this.format(bids), asks: this.format(asks) };
  }

  /** The levels whose shown size changed since the last call, as absolute sizes ("0" = gone). */
  changes(): WireSides {
    const bids = this.diff(this.shownBids, this.book.top('bid', this.maxLevels));
    const asks = this.diff(this.shownAsks, this.book.top('ask', this.maxLevels));
    this.shownBids = bids.next;
    this.shownAsks = asks.next;
    return { bids: bids.changed, asks: asks.changed };
  }

  private diff(shown: Map<Ticks, Lots>, top: Level[]): { next: Map<Ticks, Lots>; changed: WireLevel[] } {
    const next = new Map(top);
    const changed: Level[] = [];
    for (const [tick, lots] of top) if (shown.get(tick) !== lots) changed.push([tick, lots]);
    for (const tick of shown.keys()) if (!next.has(tick)) changed.push([tick, ZERO_LOTS]);
    return { next, changed: this.format(changed) };
  }

  private format(levels: readonly Level[]): WireLevel[] {
    const inst = this.book.instrument;
    return levels.map(([tick, lots]) => [ticksToPrice(tick, inst), lots === 0 ? '0' : lotsToSize(lots, inst)]);
  }
}
