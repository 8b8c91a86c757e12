// The order form's rules, checked before anything is sent: quantity on the lot grid and within the
// instrument's limits, a limit and a stop price on the tick grid, a stop on the side of the last trade
// where it waits (a buy stop above, a sell stop below), and only the options the type takes. Funds,
// position, the price band and post-only are the engine's to judge (its reject reason is shown).
import { lotsToSize, priceToTicks, sizeToLots, ticksToPrice } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import type { Lots, Ticks } from '../market/units.ts';
import { hasLimitPrice, isStopType, type OrderPlaceRequest, type OrderType, type TimeInForce } from '../protocol/orders.ts';
import { groupThousands } from './format.ts';
import { uiText, type UiText } from './ui-text.ts';

/** What the user typed. The type's options are kept while another type is shown, and sent only where they apply. */
export interface OrderDraft {
  side: 'buy' | 'sell';
  type: OrderType;
  quantity: string;
  price: string;
  stopPrice?: string;
  timeInForce?: TimeInForce;
  postOnly?: boolean;
}

/** A draft that passed: the exact strings to send, on the instrument's grids, and only the options its type takes. */
export interface CheckedOrder {
  side: 'buy' | 'sell';
  type: OrderType;
  quantity: string;
  lots: Lots;
  /** The limit (limit and stop-limit orders). */
  price: string | undefined;
  priceTicks: Ticks | undefined;
  stopPrice: string | undefined;
  stopTicks: Ticks | undefined;
  /** Limit and stop-limit orders; market and stop-market orders are always immediate-or-cancel. */
  timeInForce: TimeInForce | undefined;
  postOnly: boolean;
}

/** At most one message per field, as words for the page to translate. */
export type DraftErrors = { quantity?: UiText; price?: UiText; stopPrice?: UiText };
export type DraftCheck = { ok: true; order: CheckedOrder } | { ok: false; errors: DraftErrors };

const DECIMAL = /^\d+(\.\d+)?$/;

/** Post-only is a GTC limit's option only. */
export function allowsPostOnly(type: OrderType, timeInForce: TimeInForce | undefined): boolean {
  return type === 'limit' && (timeInForce ?? 'GTC') === 'GTC';
}

/**
 * Checks a draft; each field gets at most one message, the first rule it breaks. `lastTradeTicks` is
 * the last public trade's price, which a stop must not have reached yet; unknown, the engine judges.
 */
export function checkDraft(draft: OrderDraft, inst: Instrument, lastTradeTicks?: Ticks): DraftCheck {
  const quantity = checkQuantity(clean(draft.quantity), inst);
  const price = hasLimitPrice(draft.type) ? checkPrice(clean(draft.price), inst, 'limit') : { ticks: undefined };
  const stop = isStopType(draft.type) ? checkStop(clean(draft.stopPrice ?? ''), draft.side, inst, lastTradeTicks) : { ticks: undefined };
  const errors: DraftErrors = {
    ...('error' in quantity ? { quantity: quantity.error } : {}),
    ...('error' in price ? { price: price.error } : {}),
    ...('error' in stop ? { stopPrice: stop.error } : {}),
  };
  if ('error' in quantity || 'error' in price || 'error' in stop) return { ok: false, errors };
  const timeInForce = hasLimitPrice(draft.type) ? (draft.timeInForce ?? 'GTC') : undefined;
  return {
    ok: true,
    order: {
      side: draft.side,
      type: draft.type,
      quantity: lotsToSize(quantity.lots, inst),
      lots: quantity.lots,
      price: price.ticks === undefined ? undefined : ticksToPrice(price.ticks, inst),
      priceTicks: price.ticks,
      stopPrice: stop.ticks === undefined ? undefined : ticksToPrice(stop.ticks, inst),
      stopTicks: stop.ticks,
      timeInForce,
      postOnly: draft.postOnly === true && allowsPostOnly(draft.type, timeInForce),
    },
  };
}

/** The `order.place` request of a checked order, with only the fields its type takes. */
export function placeRequest(order: CheckedOrder, symbol: string, clientOrderId: string): OrderPlaceRequest {
  const { side, type, quantity, price, stopPrice, timeInForce, postOnly } = order;
  return {
    op: 'order.place',
    id: clientOrderId,
    clientOrderId,
    symbol,
    side,
    type,
    quantity,
    ...(price === undefined ? {} : { price }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    ...(timeInForce === undefined ? {} : { timeInForce }),
    ...(postOnly ? { postOnly } : {}),
  };
}

// Thousands separators and surrounding spaces are forgiven; anything else is the user's to fix.
function clean(text: string): string {
  return text.trim().replaceAll(',', '');
}

function checkQuantity(text: string, inst: Instrument): { lots: Lots } | { error: UiText } {
  if (text === '') return { error: uiText('orders.draft.quantityRequired') };
  if (!DECIMAL.test(text)) return { error: uiText('orders.draft.quantityNotNumber') };
  const lots = sizeToLots(text, inst);
  if (lots === null) return { error: uiText('orders.draft.quantityLot', { lot: inst.lotSize }) };
  if (lots === 0) return { error: uiText('orders.draft.quantityZero') };
  const min = sizeToLots(inst.minQty, inst) ?? 0;
  const max = sizeToLots(inst.maxQty, inst) ?? Number.MAX_SAFE_INTEGER;
  if (lots < min) return { error: uiText('orders.draft.quantityMin', { min: inst.minQty }) };
  if (lots > max) return { error: uiText('orders.draft.quantityMax', { max: inst.maxQty }) };
  return { lots };
}

/** `field`: which price the messages name, the limit or the stop. */
function checkPrice(text: string, inst: Instrument, field: 'limit' | 'stop'): { ticks: Ticks } | { error: UiText } {
  if (text === '') return { error: uiText('orders.draft.priceRequired', { field }) };
  if (!DECIMAL.test(text)) return { error: uiText('orders.draft.priceNotNumber', { field }) };
  const ticks = priceToTicks(text, inst);
  if (ticks === null) return { error: uiText('orders.draft.priceTick', { field, tick: inst.tickSize }) };
  if (ticks === 0) return { error: uiText('orders.draft.priceZero', { field }) };
  return { ticks };
}

// A stop the last trade already reached would trigger at once: the engine refuses it (STOP_WOULD_TRIGGER).
function checkStop(text: string, side: 'buy' | 'sell', inst: Instrument, lastTradeTicks: Ticks | undefined): { ticks: Ticks } | { error: UiText } {
  const stop = checkPrice(text, inst, 'stop');
  if ('error' in stop || lastTradeTicks === undefined) return stop;
  const last = groupThousands(ticksToPrice(lastTradeTicks, inst));
  if (side === 'buy' && stop.ticks <= lastTradeTicks) return { error: uiText('orders.draft.buyStopAbove', { last }) };
  if (side === 'sell' && stop.ticks >= lastTradeTicks) return { error: uiText('orders.draft.sellStopBelow', { last }) };
  return stop;
}
