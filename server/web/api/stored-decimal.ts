// Stored decimals printed the way the wire protocol prints them: sizes and prices at the
// instrument's precision (as the engine's events do), money at 8 decimals.
import { getInstrument } from '../../../lib/market/instruments.ts';

/** A Prisma Decimal, or anything with toFixed. */
export interface StoredDecimal {
  toFixed(decimals: number): string;
}

/** A size at the symbol's size precision. */
export function sizeText(value: StoredDecimal, symbol: string): string {
  return value.toFixed(getInstrument(symbol)?.sizePrecision ?? 8);
}

/** A price at the symbol's price precision. */
export function priceText(value: StoredDecimal, symbol: string): string {
  return value.toFixed(getInstrument(symbol)?.pricePrecision ?? 8);
}

/** An amount of money (cash, fee, average price, P&L). */
export function moneyText(value: StoredDecimal): string {
  return value.toFixed(8);
}
