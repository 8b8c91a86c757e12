// The venue's book for one symbol at venue precision, with running totals per tick of our grid
// (see venue-grid.ts for why levels are re-gridded). Pure state: no I/O, no emitting.
import type { Instrument } from '../../../../lib/market/instruments.ts';
import type { Level } from '../../../../lib/market/price-ladder.ts';
import type { Ticks } from '../../../../lib/market/units.ts';
import type { BinanceBadInput } from './bad-input.ts';
import type { VenueLevel } from './binance-messages.ts';
import { lotsIn, parseVenueDecimal, tickAtOrAbove, tickAtOrBelow, venueGridOf, type VenueGrid } from './venue-grid.ts';

type ParsedLevels = { ok: true; levels: [price: bigint, size: bigint][] } | { ok: false; bad: BinanceBadInput };

// One side: venue levels, and their sizes summed per tick of ours.
class VenueSide {
  readonly levels = new Map<bigint, bigint>();
  readonly totals = new Map<Ticks, bigint>();

  constructor(
    readonly isBid: boolean,
    readonly toTick: (price: bigint) => Ticks,
  ) {}

  set(price: bigint, size: bigint): void {
    const old = this.levels.get(price) ?? 0n;
    if (size === 0n) this.levels.delete(price);
    else this.levels.set(price, size);
    if (old === size) return;
    const tick = this.toTick(price);
    const total = (this.totals.get(tick) ?? 0n) - old + size;
    if (total === 0n) this.totals.delete(tick);
    else this.totals.set(tick, total);
  }

  best(): bigint | undefined {
    let best: bigint | undefined;
    for (const price of this.levels.keys()) if (best === undefined || (this.isBid ? price > best : price < best)) best = price;
    return best;
  }

  clear(): void {
    this.levels.clear();
    this.totals.clear();
  }
}

/** One symbol's venue book, validated level by level, readable on our grid. */
export class RegriddedBook {
  private readonly grid: VenueGrid;
  private readonly bids: VenueSide;
  private readonly asks: VenueSide;

  constructor(readonly instrument: Instrument) {
    const grid = venueGridOf(instrument);
    this.grid = grid;
    this.bids = new VenueSide(true, (price) => tickAtOrBelow(price, grid));
    this.asks = new VenueSide(false, (price) => tickAtOrAbove(price, grid));
  }

  /** Replaces the book with a snapshot; a bad or crossed one leaves the book empty. */
  replace(bids: readonly VenueLevel[], asks: readonly VenueLevel[]): BinanceBadInput | null {
    this.clear();
    const bad = this.apply(bids, asks);
    if (bad?.code === 'CROSSED_BOOK') {
      this.clear();
      return { code: 'CROSSED_SNAPSHOT', detail: bad.detail };
    }
    return bad;
  }

  /** Applies absolute sizes (0 removes). Malformed input changes nothing; after CROSSED_BOOK discard the book. */
  apply(bids: readonly VenueLevel[], asks: readonly VenueLevel[]): BinanceBadInput | null {
    const parsedBids = this.parse(bids, this.bids);
    if (!parsedBids.ok) return parsedBids.bad;
    const parsedAsks = this.parse(asks, this.asks);
    if (!parsedAsks.ok) return parsedAsks.bad;
    for (const [price, size] of parsedBids.levels) this.bids.set(price, size);
    for (const [price, size] of parsedAsks.levels) this.asks.set(price, size);
    const bid = this.bids.best();
    const ask = this.asks.best();
    if (bid !== undefined && ask !== undefined && bid >= ask) {
      return { code: 'CROSSED_BOOK', detail: `${this.instrument.symbol} best bid ${bid} ≥ best ask ${ask} (10^-8 units)` };
    }
    return null;
  }

  /** Removes every level. */
  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** The best `n` levels of a side on our grid, best-first, as [ticks, lots]; ticks under one lot are left out. */
  top(side: 'bid' | 'ask', n: number): Level[] {
    const venueSide = side === 'bid' ? this.bids : this.asks;
    const ticks = [...venueSide.totals.keys()].sort(side === 'bid' ? (a, b) => b - a : (a, b) => a - b);
    const levels: Level[] = [];
    for (const tick of ticks) {
      if (levels.length >= n) break;
      const lots = lotsIn(venueSide.totals.get(tick) ?? 0n, this.grid);
      // A bid below our first tick rounds to price 0, which no book accepts.
      if (lots > 0 && tick > 0) levels.push([tick, lots]);
    }
    return levels;
  }

  private parse(levels: readonly VenueLevel[], side: VenueSide): ParsedLevels {
    const parsed: [bigint, bigint][] = [];
    for (const [priceText, sizeText] of levels) {
      if (sizeText.startsWith('-')) return fail('NEGATIVE_SIZE', `size ${sizeText} at price ${priceText} is negative`);
      const price = parseVenueDecimal(priceText);
      const size = parseVenueDecimal(sizeText);
      if (price === null || size === null) return fail('MALFORMED_LEVEL', `level [${priceText}, ${sizeText}] is not two decimals of at most 8 places`);
      if (price === 0n) return fail('ZERO_PRICE', `level at price ${priceText}`);
      // Keeps every tick and lot count a safe integer for the exact decimal code downstream.
      if (!Number.isSafeInteger(side.toTick(price)) || !Number.isSafeInteger(lotsIn(size, this.grid))) {
        return fail('MALFORMED_LEVEL', `level [${priceText}, ${sizeText}] is out of range`);
      }
      parsed.push([price, size]);
    }
    return { ok: true, levels: parsed };
  }
}

function fail(code: BinanceBadInput['code'], detail: string): ParsedLevels {
  return { ok: false, bad: { code, detail } };
}
