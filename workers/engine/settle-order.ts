// Applies executions (and possibly the end) of one order inside the transaction: fill rows, the order's
// totals and status, the position and the cash, and the events that tell the user.
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import type { CancelReason, OrderEvent } from '../../lib/protocol/orders.ts';
import type { Tx } from '../../lib/accounts/account-lock.ts';
import { loadPosition, saveFillEffects, type FillRow } from './account-store.ts';
import { fillCash, type Liquidity } from './fees.ts';
import { averagePrice, exactNotional, formatMoney, type Money } from '../../lib/accounts/money.ts';
import { balanceEvent } from '../../lib/accounts/account-events.ts';
import { cancelledEvent, filledEvent, positionEvent } from './order-events.ts';
import { storedLots, storedTicks, type OrderRecord } from './order-record.ts';
import { applyFill, type PositionState } from '../../lib/accounts/position.ts';
import type { Execution } from './walk-book.ts';

/** Ends the order unless it fills completely; `requestId` when a request asked for it. */
export interface CancelIntent {
  reason: CancelReason;
  requestId?: string | number;
}

/** The order and cash after settling, and the events in the order the user should see them. */
export interface Settlement {
  order: OrderRecord;
  cash: Money;
  events: OrderEvent[];
}

/** Records `executions` of `order` at `liquidity`, then cancels the rest if asked; `cash` is the locked balance. */
export async function settleOrder(
  tx: Tx,
  order: OrderRecord,
  cash: Money,
  executions: readonly Execution[],
  liquidity: Liquidity,
  cancel?: CancelIntent,
  /** The position in the order's instrument when the caller already read it in this transaction. */
  positionBefore?: PositionState,
): Promise<Settlement> {
  const { inst, userId } = order;
  const events: OrderEvent[] = [];
  let current = order;
  let cashAfter = cash;
  let notional = await priorNotional(tx, order);
  let position: PositionState | undefined; // loaded on the first fill
  // Decided first, stored after in one statement with the order's totals, the position and the cash.
  const steps: { execution: Execution; fill: FillRow; after: OrderRecord; avgPrice: Money; fee: Money }[] = [];
  for (const execution of executions) {
    const money = fillCash(order.side, execution.priceTicks, execution.lots, inst, liquidity);
    const fill = { price: ticksToPrice(execution.priceTicks, inst), quantity: lotsToSize(execution.lots, inst), fee: formatMoney(money.fee) };
    notional += exactNotional(execution.priceTicks, execution.lots, inst).value;
    position = applyFill(position ?? positionBefore ?? (await loadPosition(tx, userId, inst)), order.side, execution.priceTicks, execution.lots, inst);
    cashAfter += money.cashDelta;
    const filledLots = current.filledLots + execution.lots;
    current = { ...current, filledLots, status: filledLots === order.lots ? 'filled' : 'partially_filled' };
    steps.push({ execution, fill, after: current, avgPrice: averagePrice(notional, filledLots, inst), fee: money.fee });
  }
  const isCancelled = cancel !== undefined && current.status !== 'filled';
  if (isCancelled) current = { ...current, status: 'cancelled' };
  if (executions.length > 0 || isCancelled) {
    const avgPrice = current.filledLots > 0 ? formatMoney(averagePrice(notional, current.filledLots, inst)) : null;
    const totals = { filledQty: lotsToSize(current.filledLots, inst), avgPrice, status: current.status, reason: isCancelled ? cancel.reason : null };
    // A fill changes the order, the position and the cash: one statement with the fill rows rather than four round trips.
    if (position === undefined) await tx.order.update({ where: { id: order.id }, data: totals });
    else {
      const stored = await saveFillEffects(tx, order, totals, position, cashAfter, steps.map((step) => step.fill));
      for (const [i, step] of steps.entries()) {
        const row = stored[i];
        if (row === undefined) throw new Error(`fill ${i} of order ${order.id} was not stored`);
        events.push(filledEvent(step.after, { fillId: row.id, ...step.execution, fee: step.fee, liquidity, avgPrice: step.avgPrice, ts: row.createdAt.getTime() }));
      }
    }
  }
  if (isCancelled) events.push(cancelledEvent(current, cancel.reason, cancel.requestId));
  if (position !== undefined) events.push(positionEvent(inst, position), balanceEvent(cashAfter));
  return { order: current, cash: cashAfter, events };
}

// The exact notional of the order's earlier fills, so its average price stays exact across fills.
async function priorNotional(tx: Tx, order: OrderRecord): Promise<bigint> {
  if (order.filledLots === 0) return 0n;
  const fills = await tx.fill.findMany({ where: { orderId: order.id }, select: { price: true, quantity: true } });
  let notional = 0n;
  for (const fill of fills) notional += exactNotional(storedTicks(fill.price, order.inst), storedLots(fill.quantity, order.inst), order.inst).value;
  return notional;
}
