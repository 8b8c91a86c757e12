// Exact conversion between decimal strings and integer units (ticks, lots), never through floats.
import type { Instrument } from './instruments.ts';
import { asLots, asTicks, type Lots, type Ticks } from './units.ts';

const CODE_0 = 48;
const CODE_9 = 57;

/**
 * Parses a non-negative decimal string into integer units of 10^-precision; null when malformed,
 * finer than the precision (non-zero digits past it), or beyond Number.MAX_SAFE_INTEGER units.
 */
export function decimalToUnits(text: string, precision: number): number | null {
  const dot = text.indexOf('.');
  const intEnd = dot === -1 ? text.length : dot;
  // "", ".5" and "5." are malformed: both sides of the point must have digits.
  if (intEnd === 0 || dot === text.length - 1) return null;
  let units = 0;
  for (let i = 0; i < intEnd; i++) {
    const code = text.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) return null;
    units = units * 10 + (code - CODE_0);
  }
  let fractionDigits = 0;
  for (let i = intEnd + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) return null;
    fractionDigits++;
    if (fractionDigits <= precision) units = units * 10 + (code - CODE_0);
    else if (code !== CODE_0) return null; // a non-zero digit past the precision is off the grid
  }
  for (let i = fractionDigits; i < precision; i++) units *= 10;
  return Number.isSafeInteger(units) ? units : null;
}

/** Formats integer units of 10^-precision as a decimal string with exactly `precision` decimals. */
export function unitsToDecimal(units: number, precision: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`units must be a non-negative safe integer, got ${units}`);
  const digits = String(units);
  if (precision === 0) return digits;
  const padded = digits.length > precision ? digits : '0'.repeat(precision + 1 - digits.length) + digits;
  const split = padded.length - precision;
  return `${padded.slice(0, split)}.${padded.slice(split)}`;
}

interface Grid {
  tickUnits: number;
  lotUnits: number;
}

const GRIDS = new WeakMap<Instrument, Grid>();

function gridOf(inst: Instrument): Grid {
  const cached = GRIDS.get(inst);
  if (cached) return cached;
  const tickUnits = decimalToUnits(inst.tickSize, inst.pricePrecision);
  const lotUnits = decimalToUnits(inst.lotSize, inst.sizePrecision);
  if (!tickUnits || !lotUnits) throw new RangeError(`${inst.symbol}: tickSize/lotSize must be positive at their precision`);
  const grid = { tickUnits, lotUnits };
  GRIDS.set(inst, grid);
  return grid;
}

/** How many 10^-pricePrecision units one tick is (1 for a 0.1 tick at one decimal, 5 for 0.05 at two). */
export function tickUnits(inst: Instrument): number {
  return gridOf(inst).tickUnits;
}

/** How many 10^-sizePrecision units one lot is. */
export function lotUnits(inst: Instrument): number {
  return gridOf(inst).lotUnits;
}

/** Formats a whole number of ticks as the instrument's price string. */
export function ticksToPrice(ticks: Ticks, inst: Instrument): string {
  return unitsToDecimal(ticks * gridOf(inst).tickUnits, inst.pricePrecision);
}

/** Parses a price string into whole ticks; null when malformed or not on the tick grid. */
export function priceToTicks(text: string, inst: Instrument): Ticks | null {
  const units = decimalToUnits(text, inst.pricePrecision);
  const step = gridOf(inst).tickUnits;
  return units === null || units % step !== 0 ? null : asTicks(units / step);
}

/** Formats a whole number of lots as the instrument's size string. */
export function lotsToSize(lots: Lots, inst: Instrument): string {
  return unitsToDecimal(lots * gridOf(inst).lotUnits, inst.sizePrecision);
}

/** Parses a size string into whole lots; null when malformed or not on the lot grid. */
export function sizeToLots(text: string, inst: Instrument): Lots | null {
  const units = decimalToUnits(text, inst.sizePrecision);
  const step = gridOf(inst).lotUnits;
  return units === null || units % step !== 0 ? null : asLots(units / step);
}
