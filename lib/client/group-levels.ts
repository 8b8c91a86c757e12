// Price grouping for the ladder (a trader's "precision" switch): levels merged into buckets of a
// multiple of the tick size, with running (cumulative) size from the best price outwards, and the
// bucket prices printed with the step's own decimals.
import { ticksToPrice } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
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
export type GroupMultiple = (typeof GROUP_MULTIPLES)[number];

/** The grouping a ladder starts with: every level as it is. */
export const DEFAULT_GROUP_MULTIPLE: GroupMultiple = 1;

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

/** A stored or submitted grouping, or the default when it is not one of the offered multiples. */
export function parseGroupMultiple(raw: unknown): GroupMultiple {
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  return GROUP_MULTIPLES.find((m) => m === n) ?? DEFAULT_GROUP_MULTIPLE;
}

/** The step as a trader reads it, without trailing zeros: 10 ticks of 0.1 → "1", 5 ticks of 0.05 → "0.25". */
export function groupStepText(multiple: number, inst: Instrument): string {
  const text = ticksToPrice(asTicks(multiple), inst);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** How many decimals prices grouped at `multiple` ticks need: those of the step itself. */
export function groupDecimals(multiple: number, inst: Instrument): number {
  const text = groupStepText(multiple, inst);
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

/**
 * A bucket price (the instrument's exact price string) cut to `decimals` decimals. Exact, not rounded:
 * a bucket is a multiple of the step, so the digits past the step's decimals are zeros.
 */
export function priceAtDecimals(price: string, decimals: number): string {
  const dot = price.indexOf('.');
  if (dot === -1 || price.length - dot - 1 <= decimals) return price;
  return decimals === 0 ? price.slice(0, dot) : price.slice(0, dot + 1 + decimals);
}
