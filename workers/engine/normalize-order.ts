// Turns a placed order's wire fields into integer units on the instrument's grids, or says why not.
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import { ensureDefined } from '../../lib/market/ensure-defined.ts';
import { getInstrument, type Instrument } from '../../lib/market/instruments.ts';
import type { Lots, Ticks } from '../../lib/market/units.ts';
import { REJECT_CODES, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { passed, refused, type Checked } from './rejection.ts';

/** An order on its instrument's grids; market orders have no price and are always IOC. */
export interface NormalizedOrder {
  inst: Instrument;
  clientOrderId: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  timeInForce: 'GTC' | 'IOC';
  lots: Lots;
  priceTicks: Ticks | null;
}

/** The time in force an order is stored with: IOC for market orders, GTC unless asked for limits. */
export function effectiveTimeInForce(request: Pick<OrderPlaceRequest, 'type' | 'timeInForce'>): 'GTC' | 'IOC' {
  return request.type === 'market' ? 'IOC' : (request.timeInForce ?? 'GTC');
}

/** Checks the symbol, the quantity (lot grid, min/max) and the price (tick grid, presence by type). */
export function normalizeOrder(request: OrderPlaceRequest): Checked<NormalizedOrder> {
  const inst = getInstrument(request.symbol);
  if (inst === undefined) return refused(REJECT_CODES.UNKNOWN_SYMBOL, `${request.symbol} is not a listed symbol`);
  const lots = sizeToLots(request.quantity, inst);
  if (lots === null || lots === 0) {
    return refused(REJECT_CODES.INVALID_QUANTITY, `quantity ${request.quantity} is not a positive multiple of the lot size ${inst.lotSize}`);
  }
  const minLots = ensureDefined(sizeToLots(inst.minQty, inst) ?? undefined, `${inst.symbol} minQty in lots`);
  const maxLots = ensureDefined(sizeToLots(inst.maxQty, inst) ?? undefined, `${inst.symbol} maxQty in lots`);
  if (lots < minLots || lots > maxLots) {
    return refused(REJECT_CODES.INVALID_QUANTITY, `quantity ${request.quantity} is outside ${inst.minQty}..${inst.maxQty}`);
  }
  const base = { inst, clientOrderId: request.clientOrderId, side: request.side, lots, timeInForce: effectiveTimeInForce(request) };
  if (request.type === 'market') {
    if (request.price !== undefined) return refused(REJECT_CODES.INVALID_PRICE, 'a market order takes no price');
    return passed({ ...base, type: 'market', priceTicks: null });
  }
  if (request.price === undefined) return refused(REJECT_CODES.INVALID_PRICE, 'a limit order needs a price');
  const priceTicks = priceToTicks(request.price, inst);
  if (priceTicks === null || priceTicks === 0) {
    return refused(REJECT_CODES.INVALID_PRICE, `price ${request.price} is not a positive multiple of the tick size ${inst.tickSize}`);
  }
  return passed({ ...base, type: 'limit', priceTicks });
}
