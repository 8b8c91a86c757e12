// Whether a request with an already used clientOrderId asks for the order that was placed: then it
// is a retry and gets the original acknowledgement, otherwise DUPLICATE_CLIENT_ORDER_ID.
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import type { Ticks } from '../../lib/market/units.ts';
import { hasLimitPrice, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { effectiveTimeInForce } from './normalize-order.ts';
import type { OrderRecord } from './order-record.ts';

/**
 * Compares by value on the instrument's grids, so "1.50" and "1.5" are the same quantity, and with the
 * terms as placed: an amend since does not make the retry a different order.
 */
export function isSameOrder(order: OrderRecord, request: OrderPlaceRequest): boolean {
  const { inst } = order;
  if (request.symbol !== inst.symbol || request.side !== order.side || request.type !== order.type) return false;
  if (effectiveTimeInForce(request) !== order.timeInForce || (request.postOnly === true) !== order.postOnly) return false;
  if (sizeToLots(request.quantity, inst) !== order.placedLots) return false;
  if (!isSamePrice(request.stopPrice, order.stopTicks, inst)) return false;
  // A stop-market's stored price is the engine's protection, not the client's.
  return hasLimitPrice(order.type) ? isSamePrice(request.price, order.placedPriceTicks, inst) : request.price === undefined;
}

function isSamePrice(requested: string | undefined, stored: Ticks | null, inst: Instrument): boolean {
  if (requested === undefined) return stored === null;
  const ticks = priceToTicks(requested, inst);
  return ticks !== null && ticks === stored;
}
