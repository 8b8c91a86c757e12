// Exact money arithmetic in bigint units of 10^-8, the scale of every Decimal(24, 8) column.
// Prices and sizes stay in the instrument's integer ticks and lots; only money needs bigints,
// because price × size of a large order passes Number.MAX_SAFE_INTEGER.
import { lotUnits, tickUnits } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import type { Lots, Ticks } from '../market/units.ts';

/** Decimals of every stored amount (cash, fees, average prices, P&L). */
export const MONEY_SCALE = 8;

/** An amount in units of 10^-MONEY_SCALE; may be negative (P&L, cash deltas). */
export type Money = bigint;

/** How a division that does not come out even is rounded. */
export type Rounding = 'floor' | 'ceil' | 'half-up';

const MONEY_TEXT = /^(-?)(\d+)(?:\.(\d{1,8}))?$/;

/** Divides `n` by a positive `d`, rounding as asked (half-up rounds halves away from zero). */
export function divide(n: bigint, d: bigint, rounding: Rounding): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const quotient = n / d; // truncates toward zero
  const remainder = n % d;
  if (remainder === 0n) return quotient;
  const awayFromZero = n < 0n ? quotient - 1n : quotient + 1n;
  if (rounding === 'floor') return n < 0n ? awayFromZero : quotient;
  if (rounding === 'ceil') return n > 0n ? awayFromZero : quotient;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  return twice >= d ? awayFromZero : quotient;
}

/** Rescales an integer with `scale` decimals to money units. */
export function toMoney(value: bigint, scale: number, rounding: Rounding): Money {
  if (scale <= MONEY_SCALE) return value * 10n ** BigInt(MONEY_SCALE - scale);
  return divide(value, 10n ** BigInt(scale - MONEY_SCALE), rounding);
}

/** Parses a decimal string with at most 8 decimals (a stored Decimal's `toFixed(8)`); throws when malformed. */
export function parseMoney(text: string): Money {
  const match = MONEY_TEXT.exec(text);
  if (!match) throw new RangeError(`not a money amount: ${JSON.stringify(text)}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction.padEnd(MONEY_SCALE, '0'));
  return sign === '-' ? -units : units;
}

/** Formats money units with exactly 8 decimals, e.g. "-12.50000000". */
export function formatMoney(units: Money): string {
  const digits = (units < 0n ? -units : units).toString().padStart(MONEY_SCALE + 1, '0');
  const split = digits.length - MONEY_SCALE;
  return `${units < 0n ? '-' : ''}${digits.slice(0, split)}.${digits.slice(split)}`;
}

/** A price in ticks as money per whole unit of the instrument. */
export function priceMoney(priceTicks: Ticks, inst: Instrument): Money {
  return toMoney(BigInt(priceTicks * tickUnits(inst)), inst.pricePrecision, 'half-up');
}

/** A size in lots as integer units of 10^-sizePrecision. */
export function sizeUnits(lots: Lots, inst: Instrument): bigint {
  return BigInt(lots * lotUnits(inst));
}

/** price × size exactly, as an integer with `scale` = pricePrecision + sizePrecision decimals. */
export function exactNotional(priceTicks: Ticks, lots: Lots, inst: Instrument): { value: bigint; scale: number } {
  const price = BigInt(priceTicks * tickUnits(inst));
  return { value: price * sizeUnits(lots, inst), scale: inst.pricePrecision + inst.sizePrecision };
}

/** price × size in money units, rounded as asked. */
export function notionalMoney(priceTicks: Ticks, lots: Lots, inst: Instrument, rounding: Rounding): Money {
  const { value, scale } = exactNotional(priceTicks, lots, inst);
  return toMoney(value, scale, rounding);
}

/** The volume-weighted average price of fills whose exact notionals sum to `notional`, per whole unit. */
export function averagePrice(notional: bigint, lots: Lots, inst: Instrument): Money {
  if (lots === 0) return 0n;
  // notional has pricePrecision + sizePrecision decimals; dividing by size units leaves pricePrecision.
  const scaled = notional * 10n ** BigInt(MONEY_SCALE - inst.pricePrecision);
  return divide(scaled, sizeUnits(lots, inst), 'half-up');
}
