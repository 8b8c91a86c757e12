// Venue decimals to our grid. Binance quotes prices and sizes with up to 8 decimals on grids finer
// than ours (BTCUSDT ticks 0.01, BTC-USD ticks 0.1), so levels are re-gridded, not dropped:
// a bid goes to the tick at or below it, an ask to the tick at or above it, and the sizes of all
// venue levels in one tick are summed. Rounding away from the spread keeps a valid book uncrossed
// and never shows a better price than the venue has; dropping off-grid levels would have hidden
// most of the BTC and ETH book, including its best prices. Sizes are floored to our lot.
import { lotUnits, tickUnits } from '../../../../lib/market/decimal.ts';
import type { Instrument } from '../../../../lib/market/instruments.ts';
import { asLots, asTicks, type Lots, type Ticks } from '../../../../lib/market/units.ts';

/** Decimals of every venue amount held internally; Binance never sends more significant ones. */
export const VENUE_DECIMALS = 8;

const DECIMAL = /^(\d{1,20})(?:\.(\d{1,40}))?$/;

/** Parses a non-negative decimal string into units of 10^-8; null when malformed or finer than that. */
export function parseVenueDecimal(text: string): bigint | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > VENUE_DECIMALS) return null;
  return BigInt(match[1] ?? '0') * 10n ** BigInt(VENUE_DECIMALS) + BigInt(fraction.padEnd(VENUE_DECIMALS, '0'));
}

/** One instrument's tick and lot in venue units. */
export interface VenueGrid {
  readonly tick: bigint;
  readonly lot: bigint;
}

/** The instrument's grid in venue units; throws for an instrument finer than the venue's decimals. */
export function venueGridOf(inst: Instrument): VenueGrid {
  if (inst.pricePrecision > VENUE_DECIMALS || inst.sizePrecision > VENUE_DECIMALS) {
    throw new RangeError(`${inst.symbol} is finer than ${VENUE_DECIMALS} decimals`);
  }
  return {
    tick: BigInt(tickUnits(inst)) * 10n ** BigInt(VENUE_DECIMALS - inst.pricePrecision),
    lot: BigInt(lotUnits(inst)) * 10n ** BigInt(VENUE_DECIMALS - inst.sizePrecision),
  };
}

/** Our tick at or below a venue price (bids, and trades whose aggressor sold). */
export function tickAtOrBelow(price: bigint, grid: VenueGrid): Ticks {
  return asTicks(Number(price / grid.tick));
}

/** Our tick at or above a venue price (asks, and trades whose aggressor bought). */
export function tickAtOrAbove(price: bigint, grid: VenueGrid): Ticks {
  return asTicks(Number((price + grid.tick - 1n) / grid.tick));
}

/** Whole lots in a venue size, rounded down. */
export function lotsIn(size: bigint, grid: VenueGrid): Lots {
  return asLots(Number(size / grid.lot));
}
