// `order.place` inside one transaction: idempotency first, then the checks, then the order, its
// immediate fills, the position and the cash — all committed together or not at all.
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import type { OrderBook } from '../../lib/market/order-book.ts';
import { REJECT_CODES, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import { lockAccountForOrder, type Tx } from '../../lib/accounts/account-lock.ts';
import { loadAccountView, toPosition } from './account-store.ts';
import type { EngineLimits } from './engine-limits.ts';
import { isSameOrder } from './is-same-order.ts';
import { normalizeOrder } from './normalize-order.ts';
import { acceptedEvent, rejectedEvent } from './order-events.ts';
import { toOrderRecord } from './order-record.ts';
import { answer, type Outcome } from './outcome.ts';
import { planOrder } from './plan-order.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { settleOrder } from './settle-order.ts';

/** What placing an order needs besides the transaction. */
export interface PlaceContext {
  liveBook: (symbol: string) => OrderBook | undefined;
  limits: EngineLimits;
  rateLimiter: RateLimiter;
}

/** Places an order for `userId`, or replays its acknowledgement when it was placed before. */
export async function placeOrder(tx: Tx, ctx: PlaceContext, userId: string, request: OrderPlaceRequest, receivedAt: number): Promise<Outcome> {
  const { cash, existingOrderId, position } = await lockAccountForOrder(tx, userId, request.clientOrderId, request.symbol);
  const existing = existingOrderId === null ? null : await tx.order.findUnique({ where: { id: existingOrderId } });
  if (existing !== null) {
    const order = toOrderRecord(existing);
    if (isSameOrder(order, request)) return answer(acceptedEvent(order, request.id));
    const message = `clientOrderId ${request.clientOrderId} was already used for a different order`;
    return answer(rejectedEvent(request, { code: REJECT_CODES.DUPLICATE_CLIENT_ORDER_ID, message }));
  }
  if (!ctx.rateLimiter.tryTake(userId, receivedAt)) {
    return answer(rejectedEvent(request, { code: REJECT_CODES.RATE_LIMITED, message: 'too many order requests; slow down' }));
  }
  const normalized = normalizeOrder(request);
  if (!normalized.ok) return answer(rejectedEvent(request, normalized.rejection));
  const { inst, lots, priceTicks, side, type, timeInForce } = normalized.value;
  const account = await loadAccountView(tx, userId, inst, cash, toPosition(position, inst));
  const plan = planOrder(normalized.value, ctx.liveBook(inst.symbol), account, ctx.limits);
  if (!plan.ok) return answer(rejectedEvent(request, plan.rejection));
  const row = await tx.order.create({
    data: {
      userId,
      clientOrderId: request.clientOrderId,
      symbol: inst.symbol,
      side,
      type,
      timeInForce,
      quantity: lotsToSize(lots, inst),
      price: priceTicks === null ? null : ticksToPrice(priceTicks, inst),
      status: 'open',
    },
  });
  const order = toOrderRecord(row);
  const { executions, cancelReason } = plan.value;
  const cancel = cancelReason === null ? undefined : { reason: cancelReason, requestId: request.id };
  const settled = await settleOrder(tx, order, cash, executions, 'taker', cancel, account.position);
  return { events: [acceptedEvent(order, request.id), ...settled.events], changed: [settled.order] };
}
