// The order form's rules, checked before anything is sent: quantity on the lot grid and within the
// instrument's limits, a limit price on the tick grid. Funds, position and the price band are the
// engine's to judge (its reject reason is shown); the form only shows what is available.
import { lotsToSize, priceToTicks, sizeToLots, ticksToPrice } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import type { Lots, Ticks } from '../market/units.ts';

/** What the user typed. */
export interface OrderDraft {
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  price: string;
}

/** A draft that passed: the exact strings to send, on the instrument's grids. */
export interface CheckedOrder {
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  lots: Lots;
  price: string | undefined;
  priceTicks: Ticks | undefined;
}

export type DraftCheck = { ok: true; order: CheckedOrder } | { ok: false; errors: { quantity?: string; price?: string } };

const DECIMAL = /^\d+(\.\d+)?$/;

/** Checks a draft; each field gets at most one message, the first rule it breaks. */
export function checkDraft(draft: OrderDraft, inst: Instrument): DraftCheck {
  const quantity = checkQuantity(clean(draft.quantity), inst);
  const price = draft.type === 'limit' ? checkPrice(clean(draft.price), inst) : { ticks: undefined };
  if ('error' in quantity || 'error' in price) {
    return { ok: false, errors: { ...('error' in quantity ? { quantity: quantity.error } : {}), ...('error' in price ? { price: price.error } : {}) } };
  }
  return {
    ok: true,
    order: {
      side: draft.side,
      type: draft.type,
      quantity: lotsToSize(quantity.lots, inst),
      lots: quantity.lots,
      price: price.ticks === undefined ? undefined : ticksToPrice(price.ticks, inst),
      priceTicks: price.ticks,
    },
  };
}

// Thousands separators and surrounding spaces are forgiven; anything else is the user's to fix.
function clean(text: string): string {
  return text.trim().replaceAll(',', '');
}

function checkQuantity(text: string, inst: Instrument): { lots: Lots } | { error: string } {
  if (text === '') return { error: 'Enter a quantity' };
  if (!DECIMAL.test(text)) return { error: 'Quantity must be a positive number' };
  const lots = sizeToLots(text, inst);
  if (lots === null) return { error: `Quantity must be a multiple of ${inst.lotSize}` };
  if (lots === 0) return { error: 'Quantity must be more than 0' };
  const min = sizeToLots(inst.minQty, inst) ?? 0;
  const max = sizeToLots(inst.maxQty, inst) ?? Number.MAX_SAFE_INTEGER;
  if (lots < min) return { error: `Minimum quantity is ${inst.minQty}` };
  if (lots > max) return { error: `Maximum quantity is ${inst.maxQty}` };
  return { lots };
}

function checkPrice(text: string, inst: Instrument): { ticks: Ticks } | { error: string } {
  if (text === '') return { error: 'Enter a limit price' };
  if (!DECIMAL.test(text)) return { error: 'Price must be a positive number' };
  const ticks = priceToTicks(text, inst);
  if (ticks === null) return { error: `Price must be a multiple of the tick size ${inst.tickSize}` };
  if (ticks === 0) return { error: 'Price must be more than 0' };
  return { ticks };
}
