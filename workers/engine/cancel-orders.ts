// `order.cancel` and `order.cancelAll` inside one transaction each. Cancelling is idempotent: a
// redelivered cancel of an order it already cancelled replays the cancellation. A cancel that needs no
// write (no such order of the user's, or one already ended), and a cancelAll with nothing to cancel, are
// answered from a plain read first, so only ops that end an open order take the account lock: made-up or
// foreign ids cost one indexed read, not a transaction on the engine's serial queue.
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import { isKnownSymbol } from '../../lib/market/instruments.ts';
import { CANCEL_REASONS, REJECT_CODES, type OrderCancelAllRequest, type OrderCancelRequest } from '../../lib/protocol/orders.ts';
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import { cancelAllDoneEvent, cancelledEvent, rejectedEvent } from './order-events.ts';
import { OPEN_STATUSES, toOrderRecord } from './order-record.ts';
import { timeStatement } from './engine-metrics.ts';
import { answer, type Outcome } from './outcome.ts';
import { settleOrder, type CancelIntent } from './settle-order.ts';
import type { Money } from '../../lib/accounts/money.ts';

/**
 * The answer to a cancel that needs no write, from a plain read outside any transaction; undefined when
 * the order is the user's and open, and so must be cancelled under the account lock (cancelOrder).
 * Safe without the lock: orders are never deleted and an ended order never reopens, and every order op
 * before this one was committed first (the engine runs them in arrival order).
 */
export async function answerCancelFromRead(db: PrismaClient, userId: string, request: OrderCancelRequest): Promise<Outcome | undefined> {
  return answerWithoutWrite(request, await timeStatement('read_order', () => findOrder(db, userId, request)));
}

/** Cancels one of the user's open orders, named by id or by client order id. */
export async function cancelOrder(tx: Tx, userId: string, request: OrderCancelRequest): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  const row = await findOrder(tx, userId, request);
  const answered = answerWithoutWrite(request, row);
  if (answered !== undefined || row === null) return answered ?? answer(unknownOrder(request, 'no such order'));
  const order = toOrderRecord(row);
  const settled = await settleOrder(tx, order, cash, [], 'maker', { reason: CANCEL_REASONS.USER_REQUESTED, requestId: request.id });
  return { events: settled.events, changed: [settled.order] };
}

/**
 * The answer to a cancelAll that has nothing to cancel (an unlisted symbol, or no open order of the user's
 * in it), from a plain read; undefined when there are open orders to cancel under the lock (cancelAllOrders).
 */
export async function answerCancelAllFromRead(db: PrismaClient, userId: string, request: OrderCancelAllRequest): Promise<Outcome | undefined> {
  if (!isKnownSymbol(request.symbol)) return answer(unknownSymbol(request));
  const open = await timeStatement('read_order', () => db.order.findFirst({ where: { userId, symbol: request.symbol, status: { in: [...OPEN_STATUSES] } }, select: { id: true } }));
  return open === null ? answer(cancelAllDoneEvent(request, 0)) : undefined;
}

/** Cancels every open order of the user in one symbol, then acknowledges with how many it cancelled. */
export async function cancelAllOrders(tx: Tx, userId: string, request: OrderCancelAllRequest): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  if (!isKnownSymbol(request.symbol)) return answer(unknownSymbol(request));
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

type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

// No order: UNKNOWN_ORDER. Cancelled by the user already: the cancellation again (a redelivery). Ended
// otherwise: UNKNOWN_ORDER. Open: undefined, for the caller to cancel.
function answerWithoutWrite(request: OrderCancelRequest, row: OrderRow | null): Outcome | undefined {
  if (row === null) return answer(unknownOrder(request, 'no such order'));
  const order = toOrderRecord(row);
  if (order.status === 'cancelled' && row.reason === CANCEL_REASONS.USER_REQUESTED) {
    return answer(cancelledEvent(order, CANCEL_REASONS.USER_REQUESTED, request.id));
  }
  if (!OPEN_STATUSES.includes(order.status)) return answer(unknownOrder(request, `order ${order.id} is ${order.status}`));
  return undefined;
}

function unknownSymbol(request: OrderCancelAllRequest) {
  return rejectedEvent(request, { code: REJECT_CODES.UNKNOWN_SYMBOL, message: `${request.symbol} is not a listed symbol` });
}

function unknownOrder(request: OrderCancelRequest, message: string) {
  return rejectedEvent(request, { code: REJECT_CODES.UNKNOWN_ORDER, message });
}

/** One of the user's orders by id or client order id; another user's order id is as unknown as a made-up one. */
export function findOrder(tx: Pick<PrismaClient, 'order'> | Tx, userId: string, request: Pick<OrderCancelRequest, 'orderId' | 'clientOrderId'>) {
  if (request.orderId === undefined) {
    return tx.order.findUnique({ where: { userId_clientOrderId: { userId, clientOrderId: request.clientOrderId ?? '' } } });
  }
  const id = BigInt(request.orderId);
  // An id past the BIGINT column's range names no order; querying it would fail the transaction.
  return id <= MAX_ORDER_ID ? tx.order.findFirst({ where: { id, userId } }) : Promise.resolve(null);
}
