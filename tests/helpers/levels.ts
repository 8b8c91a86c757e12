// Integer book levels for tests, written as plain [priceTicks, lots] pairs.
import type { Level } from '../../lib/market/price-ladder.ts';
import { asLots, asTicks } from '../../lib/market/units.ts';

/** One level from a plain price in ticks and size in lots. */
export function level(priceTicks: number, lots: number): Level {
  return [asTicks(priceTicks), asLots(lots)];
}

/** Levels from plain [priceTicks, lots] pairs, in the order given. */
export function levels(pairs: readonly (readonly [number, number])[]): Level[] {
  return pairs.map(([priceTicks, lots]) => level(priceTicks, lots));
}
