// "Use 25/50/75/100 % of what I have": a quantity on the lot grid that the available cash (with the
// taker fee) or the held position can cover.
import { lotsToSize } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import { asLots } from '../market/units.ts';
import { TAKER_FEE_RATE } from './order-estimate.ts';

/** The quantity for a fraction of the available cash (buy, at `price`) or position (sell); undefined when nothing fits. */
export function quantityForFraction(side: 'buy' | 'sell', fraction: number, inst: Instrument, available: { cash: number; position: number }, price: number | undefined): string | undefined {
  const lot = Number(inst.lotSize);
  let lots: number;
  if (side === 'sell') {
    lots = Math.floor((available.position * fraction) / lot + 1e-9);
  } else {
    if (price === undefined || price <= 0) return undefined;
    lots = Math.floor((available.cash * fraction) / (price * (1 + TAKER_FEE_RATE)) / lot);
  }
  return lots > 0 ? lotsToSize(asLots(lots), inst) : undefined;
}
