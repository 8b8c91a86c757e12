// The band a limit price must fall in, around the mid, so a fat-fingered price is refused
// instead of resting forever or filling absurdly.
import type { OrderBook } from '../../lib/market/order-book.ts';
import type { Ticks } from '../../lib/market/units.ts';

/** Whether a limit price is within `bandBps` of the mid (or of the only best); undefined for an empty book. */
export function isWithinPriceBand(priceTicks: Ticks, book: OrderBook, bandBps: number): boolean | undefined {
  const bid = book.bestBid();
  const ask = book.bestAsk();
  // Twice the mid, so the comparison stays in whole ticks.
  const twiceMid = bid !== undefined && ask !== undefined ? bid + ask : 2 * (bid ?? ask ?? Number.NaN);
  if (Number.isNaN(twiceMid)) return undefined;
  return Math.abs(2 * priceTicks - twiceMid) * 10_000 <= twiceMid * bandBps;
}
