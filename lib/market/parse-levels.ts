// Validates untrusted wire levels into integer levels, naming exactly what is wrong.
import { bookError, type BookError } from './book-error.ts';
import type { WireLevel } from './book-messages.ts';
import { priceToTicks, sizeToLots } from './decimal.ts';
import type { Instrument } from './instruments.ts';
import type { Level } from './price-ladder.ts';

/** Integer levels (lots may be 0, meaning "remove"), or the first problem found. */
export type ParsedLevels = { ok: true; levels: Level[] } | { ok: false; error: BookError };

const DECIMAL = /^\d+(\.\d+)?$/;

/** Parses wire levels on the instrument's grids; sizes may be 0, prices must be positive. */
export function parseLevels(levels: readonly WireLevel[], inst: Instrument): ParsedLevels {
  const parsed: Level[] = new Array<Level>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length !== 2) return fail('MALFORMED_LEVEL', `level ${i} is not [price, size]`);
    const [price, size]: unknown[] = level;
    if (typeof price !== 'string' || typeof size !== 'string') return fail('MALFORMED_LEVEL', `level ${i} must hold strings`);
    const ticks = priceToTicks(price, inst);
    if (ticks === null) {
      return DECIMAL.test(price)
        ? fail('OFF_GRID_PRICE', `price ${price} is off the ${inst.tickSize} grid or out of range`)
        : fail('MALFORMED_PRICE', `price ${JSON.stringify(price)} is not a decimal`);
    }
    if (ticks === 0) return fail('ZERO_PRICE', 'price must be positive');
    const lots = sizeToLots(size, inst);
    if (lots === null) {
      if (size.startsWith('-')) return fail('NEGATIVE_SIZE', `size ${size} is negative`);
      return DECIMAL.test(size)
        ? fail('OFF_GRID_SIZE', `size ${size} is off the ${inst.lotSize} grid or out of range`)
        : fail('MALFORMED_SIZE', `size ${JSON.stringify(size)} is not a decimal`);
    }
    parsed[i] = [ticks, lots];
  }
  return { ok: true, levels: parsed };
}

function fail(code: BookError['code'], message: string): ParsedLevels {
  return { ok: false, error: bookError(code, message) };
}
