// Branded integer units of the order book, so a price in ticks cannot stand where a size in lots
// (or a plain count or index) is meant; the brand exists only in types, at run time both are numbers.

/** A price as a whole number of the instrument's ticks. */
export type Ticks = number & { readonly __unit: 'ticks' };

/** A size as a whole number of the instrument's lots. */
export type Lots = number & { readonly __unit: 'lots' };

/** Brands a raw number as ticks: only where one legitimately becomes a price (parsing, arithmetic). */
export function asTicks(n: number): Ticks {
  return n as Ticks;
}

/** Brands a raw number as lots: only where one legitimately becomes a size (parsing, arithmetic). */
export function asLots(n: number): Lots {
  return n as Lots;
}

/** No lots: the size that removes a level. */
export const ZERO_LOTS = asLots(0);
