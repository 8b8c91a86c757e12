// Triggers one waiting stop order inside the caller's transaction: re-read under the account lock (it
// may have been cancelled or triggered since it was indexed), marked triggered, then executed as
// taker against the live book within its price — a stop-market down to its protection price, a
// stop-limit to its limit — with the rest resting (GTC stop-limit) or cancelled.
import type { OrderBook } from '../../lib/market/order-book.ts';
import type { Ticks } from '../../lib/market/units.ts';
import { CANCEL_REASONS } from '../../lib/protocol/orders.ts';
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import type { Money } from '../../lib/accounts/money.ts';
import { loadPosition } from './account-store.ts';
import { fillCash } from './fees.ts';
import { triggeredEvent } from './order-events.ts';
import { isWaitingStop, toOrderRecord, unfilledLots, type OrderRecord } from './order-record.ts';
import type { Outcome } from './outcome.ts';
import { restCancelReason } from './plan-order.ts';
import { settleOrder, type CancelIntent } from './settle-order.ts';
import { walkBook, type Execution } from './walk-book.ts';

/** Triggers the stop by a trade at `lastTicks`; no effect when it no longer waits. */
export async function triggerStop(tx: Tx, userId: string, orderId: bigint, lastTicks: Ticks, book: OrderBook | undefined): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  const row = await tx.order.findFirst({ where: { id: orderId, userId } });
  if (row === null) return { events: [], changed: [] };
  const waiting = toOrderRecord(row);
  if (!isWaitingStop(waiting)) return { events: [], changed: [waiting] };
  await tx.order.update({ where: { id: orderId }, data: { triggeredAt: new Date() } });
  const order: OrderRecord = { ...waiting, isTriggered: true };
  const { executions, cancel } = await planTrigger(tx, order, cash, book);
  const settled = await settleOrder(tx, order, cash, executions, 'taker', cancel);
  return { events: [triggeredEvent(order, lastTicks), ...settled.events], changed: [settled.order] };
}

// What the triggered order takes now and whether the rest is cancelled. Without a live book nothing
// is taken: a GTC stop-limit then rests like any limit order, the others end.
async function planTrigger(tx: Tx, order: OrderRecord, cash: Money, book: OrderBook | undefined): Promise<{ executions: Execution[]; cancel: CancelIntent | undefined }> {
  const lots = unfilledLots(order);
  const walk = book === undefined ? { executions: [], remainingLots: lots } : walkBook(book, order.side, lots, order.priceTicks ?? undefined);
  if (order.timeInForce === 'FOK' && walk.remainingLots > 0) return { executions: [], cancel: { reason: CANCEL_REASONS.FOK_UNFILLED } };
  // Its reservation makes these impossible; if an outside writer broke it, end the order rather than overdraw.
  const guard = await overdrawGuard(tx, order, cash, walk.executions);
  if (guard !== undefined) return { executions: [], cancel: guard };
  const keepsResting = order.type === 'stop_limit' && order.timeInForce === 'GTC';
  const cancel = keepsResting || walk.remainingLots === 0 ? undefined : { reason: restCancelReason(order.type) };
  return { executions: walk.executions, cancel };
}

async function overdrawGuard(tx: Tx, order: OrderRecord, cash: Money, executions: readonly Execution[]): Promise<CancelIntent | undefined> {
  if (order.side === 'buy') {
    let after = cash;
    for (const execution of executions) after += fillCash('buy', execution.priceTicks, execution.lots, order.inst, 'taker').cashDelta;
    return after < 0n ? { reason: CANCEL_REASONS.INSUFFICIENT_FUNDS } : undefined;
  }
  const lots = executions.reduce((sum, execution) => sum + execution.lots, 0);
  return (await loadPosition(tx, order.userId, order.inst)).lots < lots ? { reason: CANCEL_REASONS.INSUFFICIENT_POSITION } : undefined;
}
