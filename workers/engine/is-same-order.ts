// Whether a request with an already used clientOrderId asks for the order that was placed: then it
// is a retry and gets the original acknowledgement, otherwise DUPLICATE_CLIENT_ORDER_ID.
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import type { OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { effectiveTimeInForce } from './normalize-order.ts';
import type { OrderRecord } from './order-record.ts';

/** Compares by value on the instrument's grids, so "1.50" and "1.5" are the same quantity. */
export function isSameOrder(order: OrderRecord, request: OrderPlaceRequest): boolean {
  const { inst } = order;
  if (request.symbol !== inst.symbol || request.side !== order.side || request.type !== order.type) return false;
  if (effectiveTimeInForce(request) !== order.timeInForce) return false;
  if (sizeToLots(request.quantity, inst) !== order.lots) return false;
  if (request.price === undefined) return order.priceTicks === null;
  const priceTicks = priceToTicks(request.price, inst);
  return priceTicks !== null && priceTicks === order.priceTicks;
}
