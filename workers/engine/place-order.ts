// `order.place` inside one transaction: idempotency first, then the checks, then the order, its
// immediate fills, the position and the cash — all committed together or not at all.
import type { OrderBook } from '../../lib/market/order-book.ts';
import { REJECT_CODES, type OrderPlaceRequest } from '../../lib/protocol/orders.ts';
import type { Tx } from '../../lib/accounts/account-lock.ts';
import { accountView, insertOrder, readOrderAccount, toPosition } from './account-store.ts';
import type { EngineLimits } from './engine-limits.ts';
import { isSameOrder } from './is-same-order.ts';
import { normalizeOrder } from './normalize-order.ts';
import { acceptedEvent, rejectedEvent } from './order-events.ts';
import { toOrderRecord, type OrderRecord } from './order-record.ts';
import { answer, type Outcome } from './outcome.ts';
import { planOrder } from './plan-order.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { planSettlement, settlementEvents, withOrderIdentity } from './settle-order.ts';

/** What placing an order needs besides the transaction. */
export interface PlaceContext {
  liveBook: (symbol: string) => OrderBook | undefined;
  limits: EngineLimits;
  rateLimiter: RateLimiter;
}

/**
 * Places an order for `userId`, or replays its acknowledgement when it was placed before. The caller
 * has locked the account (lockAccounts) in an earlier statement of `tx`.
 */
export async function placeOrder(tx: Tx, ctx: PlaceContext, userId: string, request: OrderPlaceRequest, receivedAt: number): Promise<Outcome> {
  const account = await readOrderAccount(tx, userId, request.clientOrderId, request.symbol);
  const existing = account.existingOrderId === null ? null : await tx.order.findUnique({ where: { id: account.existingOrderId } });
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
  const position = toPosition(account.position, inst);
  const plan = planOrder(normalized.value, ctx.liveBook(inst.symbol), accountView(account, inst, position), ctx.limits);
  if (!plan.ok) return answer(rejectedEvent(request, plan.rejection));
  const { executions, cancelReason } = plan.value;
  const cancel = cancelReason === null ? undefined : { reason: cancelReason, requestId: request.id };
  // Decided before the insert, so the order, its fills, the position and the cash take one statement.
  const unsaved: OrderRecord = { id: 0n, userId, clientOrderId: request.clientOrderId, inst, side, type, timeInForce, lots, priceTicks, filledLots: 0, status: 'open', createdAtMs: 0 };
  const decided = planSettlement(unsaved, account.cash, executions, 'taker', cancel, position, 0n);
  const effects = decided.position === undefined ? undefined : { position: decided.position, cash: decided.cash, fills: decided.steps.map((step) => step.fill) };
  const stored = await insertOrder(tx, unsaved, decided.totals, effects);
  const settled = withOrderIdentity(decided, stored.id, stored.createdAt.getTime());
  return { events: [acceptedEvent(settled.order, request.id), ...settlementEvents(settled, stored.fillIds, stored.createdAt.getTime())], changed: [settled.order] };
}
