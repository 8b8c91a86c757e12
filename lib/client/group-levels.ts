// Price grouping for the ladder: levels merged into buckets of a multiple of the tick size, with
// running (cumulative) size from the best price outwards.
import type { BookSide, Level } from '../market/order-book.ts';
import { ZERO_LOTS, asLots, asTicks, type Lots, type Ticks } from '../market/units.ts';

/** One ladder row: a bucket's price in ticks, its size and the size from the best bucket to it, in lots. */
export interface LadderRow {
  priceTicks: Ticks;
  lots: Lots;
  cumLots: Lots;
}

/** The tick multiples offered as price groupings. */
export const GROUP_MULTIPLES = [1, 5, 10, 50, 100, 500] as const;

/**
 * Groups best-first levels into buckets of `groupTicks` ticks and keeps the best `maxRows` buckets.
 * Bids round down and asks round up, so a bucket never shows a better price than its orders and the
 * grouped bid stays below the grouped ask.
 */
export function groupLevels(levels: readonly Level[], side: BookSide, groupTicks: number, maxRows: number): LadderRow[] {
  const step = Math.max(1, Math.floor(groupTicks));
  const rows: LadderRow[] = [];
  let cumLots = ZERO_LOTS;
  for (const [price, lots] of levels) {
    const bucket = asTicks(side === 'bid' ? Math.floor(price / step) * step : Math.ceil(price / step) * step);
    cumLots = asLots(cumLots + lots);
    const last = rows[rows.length - 1];
    if (last && last.priceTicks === bucket) {
      last.lots = asLots(last.lots + lots);
      last.cumLots = cumLots;
      continue;
    }
    if (rows.length === maxRows) break;
    rows.push({ priceTicks: bucket, lots, cumLots });
  }
  return rows;
}
