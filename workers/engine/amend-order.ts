// `order.amend` under the account lock: a resting limit order's price and/or total quantity change in
// place. Decided like a new order for what changes — the grids, the band, the cash or position it now
// holds back (net of what it held before), post-only — and a new price that crosses the book takes
// there as taker, like a new order arriving. Amending to the terms the order has is a no-op that
// answers the same way, so a redelivered amend changes nothing twice.
import type { OrderBook } from '../../lib/market/order-book.ts';
import { lotsToSize, ticksToPrice } from '../../lib/market/decimal.ts';
import { asLots, type Lots, type Ticks } from '../../lib/market/units.ts';
import { REJECT_CODES, type OrderAmendRequest } from '../../lib/protocol/orders.ts';
import { formatMoney, type Money } from '../../lib/accounts/money.ts';
import { lockAccount, type Tx } from '../../lib/accounts/account-lock.ts';
import { accountView, readAccounts } from './batch-accounts.ts';
import { findOrder } from './cancel-orders.ts';
import type { EngineLimits } from './engine-limits.ts';
import { fillCash } from './fees.ts';
import { checkedLots, checkedTicks } from './normalize-order.ts';
import { amendedEvent, rejectedEvent } from './order-events.ts';
import { OPEN_STATUSES, isResting, toOrderRecord, unfilledLots, type OrderRecord } from './order-record.ts';
import { answer, type Outcome } from './outcome.ts';
import { isWithinPriceBand } from './price-band.ts';
import { passed, refused, type Checked, type Rejection } from './rejection.ts';
import { buyReservation } from './reservation.ts';
import { settleOrder } from './settle-order.ts';
import { walkBook, type Execution } from './walk-book.ts';

/** What amending needs besides the transaction. */
export interface AmendContext {
  liveBook: (symbol: string) => OrderBook | undefined;
  limits: EngineLimits;
}

/** The order's new terms and what they take from the book now. */
interface AmendPlan {
  lots: Lots;
  priceTicks: Ticks;
  executions: Execution[];
  keptPriority: boolean;
}

/** Amends one of the user's resting orders, named by id or client order id. */
export async function amendOrder(tx: Tx, userId: string, request: OrderAmendRequest, ctx: AmendContext): Promise<Outcome> {
  const cash = await lockAccount(tx, userId);
  const row = await findOrder(tx, userId, request);
  const refuse = (rejection: Rejection): Outcome => answer(rejectedEvent(request, rejection));
  if (row === null) return refuse({ code: REJECT_CODES.UNKNOWN_ORDER, message: 'no such order' });
  const order = toOrderRecord(row);
  if (!OPEN_STATUSES.includes(order.status)) return refuse({ code: REJECT_CODES.UNKNOWN_ORDER, message: `order ${order.id} is ${order.status}` });
  if (!isResting(order) || order.priceTicks === null) {
    return refuse({ code: REJECT_CODES.NOT_AMENDABLE, message: 'only a resting limit order can be amended; cancel the stop and place it again' });
  }
  const plan = await planAmend(tx, order, order.priceTicks, cash, request, ctx);
  if (!plan.ok) return refuse(plan.rejection);
  const { lots, priceTicks, executions, keptPriority } = plan.value;
  const amended: OrderRecord = { ...order, lots, priceTicks };
  if (lots === order.lots && priceTicks === order.priceTicks) return answer(amendedEvent(amended, request.id, true));
  const { inst } = order;
  await tx.order.update({
    where: { id: order.id },
    data: { quantity: lotsToSize(lots, inst), price: ticksToPrice(priceTicks, inst), placedQuantity: row.placedQuantity ?? row.quantity, placedPrice: row.placedPrice ?? row.price },
  });
  const settled = executions.length === 0 ? { order: amended, events: [] } : await settleOrder(tx, amended, cash, executions, 'taker');
  return { events: [amendedEvent(amended, request.id, keptPriority), ...settled.events], changed: [settled.order] };
}

async function planAmend(tx: Tx, order: OrderRecord, oldTicks: Ticks, cash: Money, request: OrderAmendRequest, ctx: AmendContext): Promise<Checked<AmendPlan>> {
  const { inst, side } = order;
  const lots = request.quantity === undefined ? passed(order.lots) : checkedLots(request.quantity, inst);
  if (!lots.ok) return lots;
  const price = request.price === undefined ? passed(oldTicks) : checkedTicks(request.price, inst, 'price');
  if (!price.ok) return price;
  if (lots.value <= order.filledLots) {
    return refused(REJECT_CODES.INVALID_QUANTITY, `quantity ${request.quantity ?? ''} is not above the ${lotsToSize(order.filledLots, inst)} already filled; cancel instead`);
  }
  const priceTicks = price.value;
  const isRepriced = priceTicks !== oldTicks;
  const keptPriority = !isRepriced && lots.value <= order.lots;
  if (lots.value === order.lots && !isRepriced) return passed({ lots: lots.value, priceTicks, executions: [], keptPriority });
  const book = ctx.liveBook(inst.symbol);
  if (book === undefined) return refused(REJECT_CODES.MARKET_CLOSED, `no live book for ${inst.symbol}`);
  if (isRepriced && isWithinPriceBand(priceTicks, book, ctx.limits.priceBandBps) !== true) {
    return refused(REJECT_CODES.INVALID_PRICE, `price is more than ${ctx.limits.priceBandBps / 100} % away from the mid`);
  }
  const remaining = asLots(lots.value - order.filledLots);
  // Only a new price can cross: at the old one, a crossing book fills the order as maker (resting-fill-scheduler.ts).
  const executions = isRepriced ? walkBook(book, side, remaining, priceTicks).executions : [];
  if (order.postOnly && executions.length > 0) return refused(REJECT_CODES.POST_ONLY_WOULD_TAKE, `a post-only ${side} at this price would take liquidity`);
  const afford = await checkAffordable(tx, order, cash, { remaining, priceTicks, executions });
  return afford.ok ? passed({ lots: lots.value, priceTicks, executions, keptPriority }) : afford;
}

// What the amended order needs against what the account has, net of everything else open.
async function checkAffordable(tx: Tx, order: OrderRecord, cash: Money, next: { remaining: Lots; priceTicks: Ticks; executions: Execution[] }): Promise<Checked<true>> {
  const { inst, side } = order;
  // The read also looks up client order ids (for placing); this order's own is a harmless one to give it.
  const account = (await readAccounts(tx, [order.userId], [order.clientOrderId])).get(order.userId);
  if (account === undefined) return refused(REJECT_CODES.UNKNOWN_ORDER, 'no such account');
  const view = accountView(account, inst);
  const held = unfilledLots(order);
  if (side === 'sell') {
    const offeredElsewhere = view.reservedLots - held;
    if (next.remaining > view.positionLots - offeredElsewhere) return refused(REJECT_CODES.INSUFFICIENT_POSITION, `selling more ${inst.symbol} than is held and not already offered`);
    return passed(true);
  }
  const available = cash - (view.reservedCash - buyReservation(order.priceTicks ?? next.priceTicks, held, inst));
  let needed = 0n;
  let taken = 0;
  for (const execution of next.executions) {
    needed -= fillCash('buy', execution.priceTicks, execution.lots, inst, 'taker').cashDelta;
    taken += execution.lots;
  }
  needed += buyReservation(next.priceTicks, asLots(next.remaining - taken), inst);
  if (needed > available) return refused(REJECT_CODES.INSUFFICIENT_FUNDS, `needs ${formatMoney(needed)} with fees, ${formatMoney(available)} available`);
  return passed(true);
}
