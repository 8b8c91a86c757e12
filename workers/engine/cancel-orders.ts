// `order.cancel` and `order.cancelAll` inside one transaction each. Cancelling is idempotent: a
// redelivered cancel of an order it already cancelled replays the cancellation.
import { isKnownSymbol } from '../../lib/market/instruments.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderCancelAllRequest, type OrderCancelRequest } from '../../lib/protocol/orders.ts';
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import { cancelAllDoneEvent, cancelledEvent, rejectedEvent } from './order-events.ts';
import { OPEN_STATUSES, toOrderRecord } from './order-record.ts';
import { answer, type Outcome } from './outcome.ts';
import { settleOrder, type CancelIntent } from './settle-order.ts';
import type { Money } from '../../lib/accounts/money.ts';

/** Cancels one of the user's open orders, named by id or by client order id. */
export async function cancelOrder(tx: Tx, userId: string, request: OrderCancelRequest): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  const row = await findOrder(tx, userId, request);
  if (row === null) return answer(rejectedEvent(request, { code: REJECT_CODES.UNKNOWN_ORDER, message: 'no such order' }));
  const order = toOrderRecord(row);
  if (order.status === 'cancelled' && row.reason === CANCEL_REASONS.USER_REQUESTED) {
    return answer(cancelledEvent(order, CANCEL_REASONS.USER_REQUESTED, request.id));
  }
  if (!OPEN_STATUSES.includes(order.status)) {
    return answer(rejectedEvent(request, { code: REJECT_CODES.UNKNOWN_ORDER, message: `order ${order.id} is ${order.status}` }));
  }
  const settled = await settleOrder(tx, order, cash, [], 'maker', { reason: CANCEL_REASONS.USER_REQUESTED, requestId: request.id });
  return { events: settled.events, changed: [settled.order] };
}

/** Cancels every open order of the user in one symbol, then acknowledges with how many it cancelled. */
export async function cancelAllOrders(tx: Tx, userId: string, request: OrderCancelAllRequest): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  if (!isKnownSymbol(request.symbol)) {
    return answer(rejectedEvent(request, { code: REJECT_CODES.UNKNOWN_SYMBOL, message: `${request.symbol} is not a listed symbol` }));
  }
  const outcome = await cancelOpenOrders(tx, userId, cash, request.symbol, { reason: CANCEL_REASONS.USER_REQUESTED, requestId: request.id });
  outcome.events.push(cancelAllDoneEvent(request, outcome.changed.length));
  return outcome;
}

/** Ends the user's open orders (in one symbol, or all when `symbol` is undefined), oldest first; the account is already locked. */
export async function cancelOpenOrders(tx: Tx, userId: string, cash: Money, symbol: string | undefined, cancel: CancelIntent): Promise<Outcome> {
  const rows = await tx.order.findMany({ where: { userId, symbol, status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } });
  const outcome: Outcome = { events: [], changed: [] };
  for (const row of rows) {
    const settled = await settleOrder(tx, toOrderRecord(row), cash, [], 'maker', cancel);
    outcome.events.push(...settled.events);
    outcome.changed.push(settled.order);
  }
  return outcome;
}

const MAX_ORDER_ID = 9_223_372_036_854_775_807n;

// Only the user's own orders are found: another user's order id is as unknown as a made-up one.
function findOrder(tx: Tx, userId: string, request: OrderCancelRequest) {
  if (request.orderId === undefined) {
    return tx.order.findUnique({ where: { userId_clientOrderId: { userId, clientOrderId: request.clientOrderId ?? '' } } });
  }
  const id = BigInt(request.orderId);
  // An id past the BIGINT column's range names no order; querying it would fail the transaction.
  return id <= MAX_ORDER_ID ? tx.order.findFirst({ where: { id, userId } }) : Promise.resolve(null);
}
