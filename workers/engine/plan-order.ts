// Decides what a new order does against the live book and the account: which executions, how much
// rests (or waits for its stop), how much is cancelled and why — or the first reason to refuse it.
// Pure: no I/O.
import type { OrderBook } from '../../lib/market/order-book.ts';
import { ZERO_LOTS, type Lots, type Ticks } from '../../lib/market/units.ts';
import { CANCEL_REASONS, REJECT_CODES, type CancelReason } from '../../lib/protocol/orders.ts';
import type { EngineLimits } from './engine-limits.ts';
import { fillCash } from './fees.ts';
import { formatMoney, type Money } from '../../lib/accounts/money.ts';
import type { NormalizedOrder } from './normalize-order.ts';
import { isWithinPriceBand } from './price-band.ts';
import { passed, refused, type Checked } from './rejection.ts';
import { buyReservation } from './reservation.ts';
import { protectionTicks, stopReached } from '../../lib/market/stop-rules.ts';
import { walkBook, type Execution } from './walk-book.ts';

/** What the account can spend and deliver, net of what its open orders hold back. */
export interface AccountView {
  cash: Money;
  reservedCash: Money;
  positionLots: Lots;
  reservedLots: Lots;
  openOrders: number;
}

/** The market an order is decided against: the live book (undefined = none) and the last trade's price. */
export interface MarketView {
  book: OrderBook | undefined;
  lastTradeTicks: Ticks | undefined;
}

/** The outcome of an accepted order: taker executions now, then the rest rests, waits or is cancelled. */
export interface OrderPlan {
  /** The price stored with the order: its limit, or a stop-market's protection price. */
  priceTicks: Ticks | null;
  executions: Execution[];
  /** Lots left open: resting on the book, or the whole order while a stop waits. */
  restingLots: Lots;
  cancelledLots: Lots;
  cancelReason: CancelReason | null;
}

/** Checks the order against the market and the account, and plans it. */
export function planOrder(order: NormalizedOrder, market: MarketView, account: AccountView, limits: EngineLimits): Checked<OrderPlan> {
  const { inst, side } = order;
  const { book } = market;
  if (book === undefined) return refused(REJECT_CODES.MARKET_CLOSED, `no live book for ${inst.symbol}`);
  for (const [field, ticks] of [['price', order.priceTicks], ['stop price', order.stopTicks]] as const) {
    if (ticks === null) continue;
    const isInBand = isWithinPriceBand(ticks, book, limits.priceBandBps);
    if (isInBand === undefined) return refused(REJECT_CODES.MARKET_CLOSED, `the ${inst.symbol} book is empty`);
    if (!isInBand) return refused(REJECT_CODES.INVALID_PRICE, `${field} is more than ${limits.priceBandBps / 100} % away from the mid`);
  }
  const isStop = order.stopTicks !== null;
  if (order.stopTicks !== null) {
    if (market.lastTradeTicks === undefined) return refused(REJECT_CODES.STOP_WOULD_TRIGGER, `no ${inst.symbol} trade seen yet to trigger on`);
    if (stopReached(side, order.stopTicks, market.lastTradeTicks)) {
      return refused(REJECT_CODES.STOP_WOULD_TRIGGER, `the last trade already reached the stop price; it would trigger at once`);
    }
  }
  const priceTicks = order.type === 'stop_market' && order.stopTicks !== null ? protectionTicks(side, order.stopTicks, limits.priceBandBps) : order.priceTicks;
  const canRest = isStop || (order.type === 'limit' && order.timeInForce === 'GTC');
  if (canRest && account.openOrders >= limits.maxOpenOrders) return refused(REJECT_CODES.TOO_MANY_OPEN_ORDERS, `at most ${limits.maxOpenOrders} open orders`);
  if (side === 'sell' && order.lots > account.positionLots - account.reservedLots) {
    return refused(REJECT_CODES.INSUFFICIENT_POSITION, `selling more ${inst.symbol} than is held and not already offered`);
  }
  // A stop takes nothing until it triggers: it only holds back what it could spend.
  const walk = isStop ? { executions: [], remainingLots: order.lots } : walkBook(book, side, order.lots, priceTicks ?? undefined);
  if (order.type === 'market' && walk.executions.length === 0) return refused(REJECT_CODES.NO_LIQUIDITY, `no ${side === 'buy' ? 'asks' : 'bids'} in the ${inst.symbol} book`);
  if (order.postOnly && walk.executions.length > 0) return refused(REJECT_CODES.POST_ONLY_WOULD_TAKE, `a post-only ${side} at this price would take liquidity`);
  if (order.timeInForce === 'FOK' && !isStop && walk.remainingLots > 0) {
    return passed({ priceTicks, executions: [], restingLots: ZERO_LOTS, cancelledLots: order.lots, cancelReason: CANCEL_REASONS.FOK_UNFILLED });
  }
  const restingLots = canRest ? walk.remainingLots : ZERO_LOTS;
  if (side === 'buy') {
    const needed = cashNeeded(order, walk.executions, priceTicks, restingLots);
    const available = account.cash - account.reservedCash;
    if (needed > available) return refused(REJECT_CODES.INSUFFICIENT_FUNDS, `needs ${formatMoney(needed)} with fees, ${formatMoney(available)} available`);
  }
  const cancelledLots = canRest ? ZERO_LOTS : walk.remainingLots;
  return passed({ priceTicks, executions: walk.executions, restingLots, cancelledLots, cancelReason: cancelledLots === 0 ? null : restCancelReason(order.type) });
}

/** Why the part of an order the book could not fill now is cancelled, when it may not rest. */
export function restCancelReason(type: NormalizedOrder['type']): CancelReason {
  return type === 'market' || type === 'stop_market' ? CANCEL_REASONS.NO_LIQUIDITY : CANCEL_REASONS.IOC_EXPIRED;
}

// Cost of the immediate executions with taker fees, plus the reservation of whatever rests or waits.
function cashNeeded(order: NormalizedOrder, executions: Execution[], priceTicks: Ticks | null, restingLots: Lots): Money {
  let needed = 0n;
  for (const execution of executions) needed -= fillCash('buy', execution.priceTicks, execution.lots, order.inst, 'taker').cashDelta;
  if (restingLots > 0 && priceTicks !== null) needed += buyReservation(priceTicks, restingLots, order.inst);
  return needed;
}
