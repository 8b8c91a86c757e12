// Applies executions (and possibly the end) of one order inside the transaction: fill rows, the order's
// totals and status, the position and the cash, and the events that tell the user. Deciding is pure
// (planSettlement); new orders store their plans with their insert (place-orders.ts), an order already
// stored through settleOrder here.
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import { asLots } from '../../lib/market/units.ts';
import type { CancelReason } from '../../lib/protocol/orders.ts';
import type { OrderEvent } from '../../lib/protocol/order-events.ts';
import type { Tx } from '../../lib/accounts/account-lock.ts';
import { loadPosition, saveFillEffects, type FillRow, type OrderTotals } from './account-store.ts';
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

/** One execution as decided: the fill row to store and the order right after it. */
interface FillStep {
  execution: Execution;
  fill: FillRow;
  after: OrderRecord;
  avgPrice: Money;
  fee: Money;
}

/** Everything settling decides before anything is stored. */
export interface SettlementPlan {
  liquidity: Liquidity;
  steps: FillStep[];
  /** The order after every execution (and the cancel, if any). */
  order: OrderRecord;
  totals: OrderTotals;
  /** The holding after the fills; undefined when nothing filled. */
  position: PositionState | undefined;
  cash: Money;
  cancel: CancelIntent | undefined;
}

/**
 * Decides the fills of `order`: `positionBefore` is the holding in its instrument (needed when there
 * are executions), `priorNotional` the exact notional of its earlier fills (average price stays exact).
 */
export function planSettlement(
  order: OrderRecord,
  cash: Money,
  executions: readonly Execution[],
  liquidity: Liquidity,
  cancel: CancelIntent | undefined,
  positionBefore: PositionState | undefined,
  priorNotional: bigint,
): SettlementPlan {
  const { inst } = order;
  let current = order;
  let cashAfter = cash;
  let notional = priorNotional;
  let position: PositionState | undefined;
  const steps: FillStep[] = [];
  for (const execution of executions) {
    if (positionBefore === undefined) throw new Error(`order ${order.id} fills without its position`);
    const money = fillCash(order.side, execution.priceTicks, execution.lots, inst, liquidity);
    const fill = { price: ticksToPrice(execution.priceTicks, inst), quantity: lotsToSize(execution.lots, inst), fee: formatMoney(money.fee) };
    notional += exactNotional(execution.priceTicks, execution.lots, inst).value;
    position = applyFill(position ?? positionBefore, order.side, execution.priceTicks, execution.lots, inst);
    cashAfter += money.cashDelta;
    const filledLots = asLots(current.filledLots + execution.lots);
    current = { ...current, filledLots, status: filledLots === order.lots ? 'filled' : 'partially_filled' };
    steps.push({ execution, fill, after: current, avgPrice: averagePrice(notional, filledLots, inst), fee: money.fee });
  }
  const isCancelled = cancel !== undefined && current.status !== 'filled';
  if (isCancelled) current = { ...current, status: 'cancelled' };
  const avgPrice = current.filledLots > 0 ? formatMoney(averagePrice(notional, current.filledLots, inst)) : null;
  const totals = { filledQty: lotsToSize(current.filledLots, inst), avgPrice, status: current.status, reason: isCancelled ? cancel.reason : null };
  return { liquidity, steps, order: current, totals, position, cash: cashAfter, cancel: isCancelled ? cancel : undefined };
}

/** The plan of an order that had no id yet, given the id and time its insert returned. */
export function withOrderIdentity(plan: SettlementPlan, id: bigint, createdAtMs: number): SettlementPlan {
  return {
    ...plan,
    order: { ...plan.order, id, createdAtMs },
    steps: plan.steps.map((step) => ({ ...step, after: { ...step.after, id, createdAtMs } })),
  };
}

/** The user's events for a stored plan: each fill (with the id it was stored under), the cancel, the position and cash. */
export function settlementEvents(plan: SettlementPlan, fillIds: readonly bigint[], fillTs: number): OrderEvent[] {
  const events: OrderEvent[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const fillId = fillIds[i];
    if (fillId === undefined) throw new Error(`fill ${i} of order ${plan.order.id} was not stored`);
    events.push(filledEvent(step.after, { fillId, ...step.execution, fee: step.fee, liquidity: plan.liquidity, avgPrice: step.avgPrice, ts: fillTs }));
  }
  if (plan.cancel !== undefined) events.push(cancelledEvent(plan.order, plan.cancel.reason, plan.cancel.requestId));
  if (plan.position !== undefined) events.push(positionEvent(plan.order.inst, plan.position), balanceEvent(plan.cash));
  return events;
}

/** Records `executions` of a stored `order` at `liquidity`, then cancels the rest if asked; `cash` is the locked balance. */
export async function settleOrder(
  tx: Tx,
  order: OrderRecord,
  cash: Money,
  executions: readonly Execution[],
  liquidity: Liquidity,
  cancel?: CancelIntent,
): Promise<Settlement> {
  const positionBefore = executions.length > 0 ? await loadPosition(tx, order.userId, order.inst) : undefined;
  const plan = planSettlement(order, cash, executions, liquidity, cancel, positionBefore, await priorNotional(tx, order));
  let fillIds: bigint[] = [];
  let fillTs = Date.now();
  // A fill changes the order, the position and the cash: one statement with the fill rows rather than four round trips.
  if (plan.position !== undefined) {
    const stored = await saveFillEffects(tx, order, plan.totals, plan.position, plan.cash, plan.steps.map((step) => step.fill));
    fillIds = stored.map((row) => row.id);
    fillTs = stored[0]?.createdAt.getTime() ?? fillTs;
  } else if (plan.cancel !== undefined) {
    await tx.order.update({ where: { id: order.id }, data: plan.totals });
  }
  return { order: plan.order, cash: plan.cash, events: settlementEvents(plan, fillIds, fillTs) };
}

// The exact notional of the order's earlier fills, so its average price stays exact across fills.
async function priorNotional(tx: Tx, order: OrderRecord): Promise<bigint> {
  if (order.filledLots === 0) return 0n;
  const fills = await tx.fill.findMany({ where: { orderId: order.id }, select: { price: true, quantity: true } });
  let notional = 0n;
  for (const fill of fills) notional += exactNotional(storedTicks(fill.price, order.inst), storedLots(fill.quantity, order.inst), order.inst).value;
  return notional;
}
