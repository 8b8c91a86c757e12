// What an open order is doing, as the engine sees it (workers/engine/order-record.ts): a limit order,
// or a stop-limit once triggered, works in the book at its price; a stop before its trigger waits.
import { isStopType } from '../protocol/orders.ts';
import type { OrderRow } from './account-schemas.ts';

type Kind = Pick<OrderRow, 'orderType' | 'triggeredAt'>;

/** Whether the order is a stop (market or limit). */
export function isStopOrder(order: Pick<OrderRow, 'orderType'>): boolean {
  return isStopType(order.orderType);
}

/** Whether the open order rests in the book at its price: a limit, or a triggered stop-limit. */
export function isRestingOrder(order: Kind): boolean {
  return order.orderType === 'limit' || (order.orderType === 'stop_limit' && order.triggeredAt !== null);
}

/** Whether the open order is a stop still waiting for a trade at its stop price. */
export function isWaitingStop(order: Kind): boolean {
  return isStopOrder(order) && order.triggeredAt === null;
}
