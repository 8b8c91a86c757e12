// Turns a placed order's wire fields into integer units on the instrument's grids, or says why not.
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import type { Lots, Ticks } from '../../lib/market/units.ts';
import { REJECT_CODES, hasLimitPrice, isStopType, type OrderPlaceRequest, type OrderType, type TimeInForce } from '../../lib/protocol/orders.ts';
import { passed, refused, type Checked } from './rejection.ts';

/** An order on its instrument's grids; market and stop-market orders have no limit and are always IOC. */
export interface NormalizedOrder {
  inst: Instrument;
  clientOrderId: string;
  side: 'buy' | 'sell';
  type: OrderType;
  timeInForce: TimeInForce;
  lots: Lots;
  /** The limit of limit and stop-limit orders; null for the others (a stop-market's protection is the engine's). */
  priceTicks: Ticks | null;
  stopTicks: Ticks | null;
  postOnly: boolean;
}

/** The time in force an order is stored with: IOC for market and stop-market orders, GTC unless asked for the others. */
export function effectiveTimeInForce(request: Pick<OrderPlaceRequest, 'type' | 'timeInForce'>): TimeInForce {
  return hasLimitPrice(request.type) ? (request.timeInForce ?? 'GTC') : 'IOC';
}

/** Checks the symbol, the quantity (lot grid, min/max), the prices (tick grid, presence by type) and the options. */
export function normalizeOrder(request: OrderPlaceRequest): Checked<NormalizedOrder> {
  const inst = getInstrument(request.symbol);
  if (inst === undefined) return refused(REJECT_CODES.UNKNOWN_SYMBOL, `${request.symbol} is not a listed symbol`);
  const lots = checkedLots(request.quantity, inst);
  if (!lots.ok) return lots;
  const options = checkOptions(request);
  if (!options.ok) return options;
  let stopTicks: Ticks | null = null;
  if (isStopType(request.type)) {
    if (request.stopPrice === undefined) return refused(REJECT_CODES.INVALID_PRICE, `a ${request.type} order needs a stopPrice`);
    const stop = checkedTicks(request.stopPrice, inst, 'stopPrice');
    if (!stop.ok) return stop;
    stopTicks = stop.value;
  }
  const base = { inst, clientOrderId: request.clientOrderId, side: request.side, type: request.type, lots: lots.value, timeInForce: effectiveTimeInForce(request), stopTicks, postOnly: request.postOnly === true };
  if (!hasLimitPrice(request.type)) {
    if (request.price !== undefined) return refused(REJECT_CODES.INVALID_PRICE, `a ${request.type} order takes no price`);
    return passed({ ...base, priceTicks: null });
  }
  if (request.price === undefined) return refused(REJECT_CODES.INVALID_PRICE, `a ${request.type} order needs a price`);
  const price = checkedTicks(request.price, inst, 'price');
  return price.ok ? passed({ ...base, priceTicks: price.value }) : price;
}

/** A quantity on the lot grid and within the instrument's min/max. */
export function checkedLots(quantity: string, inst: Instrument): Checked<Lots> {
  const lots = sizeToLots(quantity, inst);
  if (lots === null || lots === 0) {
    return refused(REJECT_CODES.INVALID_QUANTITY, `quantity ${quantity} is not a positive multiple of the lot size ${inst.lotSize}`);
  }
  const minLots = ensureDefined(sizeToLots(inst.minQty, inst) ?? undefined, `${inst.symbol} minQty in lots`);
  const maxLots = ensureDefined(sizeToLots(inst.maxQty, inst) ?? undefined, `${inst.symbol} maxQty in lots`);
  if (lots < minLots || lots > maxLots) return refused(REJECT_CODES.INVALID_QUANTITY, `quantity ${quantity} is outside ${inst.minQty}..${inst.maxQty}`);
  return passed(lots);
}

/** A positive price on the tick grid. */
export function checkedTicks(price: string, inst: Instrument, field: string): Checked<Ticks> {
  const ticks = priceToTicks(price, inst);
  if (ticks === null || ticks === 0) return refused(REJECT_CODES.INVALID_PRICE, `${field} ${price} is not a positive multiple of the tick size ${inst.tickSize}`);
  return passed(ticks);
}

function checkOptions(request: OrderPlaceRequest): Checked<true> {
  if (!isStopType(request.type) && request.stopPrice !== undefined) return refused(REJECT_CODES.INVALID_OPTIONS, `a ${request.type} order takes no stopPrice`);
  // GTC on a market order has always meant IOC; fill-or-kill would be a promise it cannot keep.
  if (!hasLimitPrice(request.type) && request.timeInForce === 'FOK') return refused(REJECT_CODES.INVALID_OPTIONS, `a ${request.type} order is always IOC`);
  if (request.postOnly === true && (request.type !== 'limit' || effectiveTimeInForce(request) !== 'GTC')) {
    return refused(REJECT_CODES.INVALID_OPTIONS, 'postOnly is for GTC limit orders');
  }
  return passed(true);
}
