// One side of an order book: integer tick prices kept sorted best-first, with their lots.
import { ensureDefined } from './ensure-defined.ts';
import { ZERO_LOTS, type Lots, type Ticks } from './units.ts';

/** A price level as integer units: [priceTicks, lots]. */
export type Level = readonly [priceTicks: Ticks, lots: Lots];

/**
 * The price levels of one side. Prices sit in an array sorted best-first (bids high→low,
 * asks low→high) so an update is a binary search plus one splice, not a re-sort.
 */
export class PriceLadder {
  private readonly prices: Ticks[] = [];
  private readonly lotsByPrice = new Map<Ticks, Lots>();

  /** `isBid` orders prices high→low; otherwise low→high. */
  constructor(readonly isBid: boolean) {}

  /** Number of price levels. */
  get depth(): number {
    return this.prices.length;
  }

  /** Lots resting at a price; 0 when there is no level. */
  lotsAt(priceTicks: Ticks): Lots {
    return this.lotsByPrice.get(priceTicks) ?? ZERO_LOTS;
  }

  /** The price of the i-th best level (0 = best); undefined past the end. */
  priceAt(index: number): Ticks | undefined {
    return this.prices[index];
  }

  /** Best price, or undefined when the side is empty. */
  best(): Ticks | undefined {
    return this.prices[0];
  }

  /** Sets the absolute lots at a price; 0 removes the level. */
  set(priceTicks: Ticks, lots: Lots): void {
    if (lots === 0) {
      if (!this.lotsByPrice.delete(priceTicks)) return;
      this.prices.splice(this.indexFor(priceTicks), 1);
      return;
    }
    if (!this.lotsByPrice.has(priceTicks)) this.prices.splice(this.indexFor(priceTicks), 0, priceTicks);
    this.lotsByPrice.set(priceTicks, lots);
  }

  /** Removes every level past `maxDepth` and returns the removed levels, best-first. */
  trim(maxDepth: number): Level[] {
    if (this.prices.length <= maxDepth) return [];
    return this.prices.splice(maxDepth).map((price) => {
      const lots = this.lotsAt(price);
      this.lotsByPrice.delete(price);
      return [price, lots] as const;
    });
  }

  /** The best `n` levels, best-first. */
  top(n: number): Level[] {
    const count = Math.min(n, this.prices.length);
    const levels: Level[] = new Array<Level>(count);
    for (let i = 0; i < count; i++) {
      const price = ensureDefined(this.prices[i], 'ladder price');
      levels[i] = [price, this.lotsAt(price)];
    }
    return levels;
  }

  /** Removes every level. */
  clear(): void {
    this.prices.length = 0;
    this.lotsByPrice.clear();
  }

  /** An independent copy. */
  clone(): PriceLadder {
    const copy = new PriceLadder(this.isBid);
    copy.prices.push(...this.prices);
    for (const [price, lots] of this.lotsByPrice) copy.lotsByPrice.set(price, lots);
    return copy;
  }

  // First index whose price is not better than `priceTicks` (where it is or would be inserted).
  private indexFor(priceTicks: Ticks): number {
    let low = 0;
    let high = this.prices.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const price = ensureDefined(this.prices[mid], 'ladder price');
      const isBetter = this.isBid ? price > priceTicks : price < priceTicks;
      if (isBetter) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
