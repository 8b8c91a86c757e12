// Compile-only proof that ticks, lots and plain numbers cannot be mixed up: every `@ts-expect-error`
// below must meet a type error, or `tsc --noEmit` fails. The checks live in a function never called.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lotsToSize, ticksToPrice } from '../../../lib/market/decimal.ts';
import type { Instrument } from '../../../lib/market/instruments.ts';
import { OrderBook, type Level } from '../../../lib/market/order-book.ts';
import { PriceLadder } from '../../../lib/market/price-ladder.ts';
import { asLots, asTicks, type Lots, type Ticks } from '../../../lib/market/units.ts';

export function misuseFailsToCompile(inst: Instrument, ticks: Ticks, lots: Lots, count: number): void {
  const ladder = new PriceLadder(true);
  ladder.set(ticks, lots);
  // @ts-expect-error lots where a price in ticks is expected
  ladder.set(lots, lots);
  // @ts-expect-error a price in ticks where lots are expected
  ladder.set(ticks, ticks);
  // @ts-expect-error a plain number where ticks are expected
  ladder.lotsAt(count);
  // @ts-expect-error a plain number where lots are expected
  new OrderBook().apply('bid', ticks, count);
  // @ts-expect-error ticks formatted as a size
  lotsToSize(ticks, inst);
  // @ts-expect-error lots formatted as a price
  ticksToPrice(lots, inst);
  // @ts-expect-error the sum of two lots is a plain number until re-branded
  const total: Lots = lots + lots;
  // @ts-expect-error a level is [ticks, lots], not the other way round
  const swapped: Level = [lots, ticks];
  // Reading a branded value as a plain number (a count, an index, arithmetic) is always allowed.
  const plain: number = ticks + lots;
  void [total, swapped, plain, asLots(plain), asTicks(plain)];
}

it('brands exist only in types: at run time ticks and lots are the numbers given', () => {
  assert.equal(asTicks(650_001) + asLots(3), 650_004);
});
