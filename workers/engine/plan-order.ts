// Decides what a new order does against the live book and the account: which executions, how much
// rests, how much is cancelled and why — or the first reason to refuse it. Pure: no I/O.
import type { OrderBook } from '../../lib/market/order-book.ts';
import { ZERO_LOTS, type Lots } from '../../lib/market/units.ts';
import { CANCEL_REASONS, REJECT_CODES, type CancelReason } from '../../lib/protocol/orders.ts';
import type { EngineLimits } from './engine-limits.ts';
import { fillCash } from './fees.ts';
import { formatMoney, type Money } from '../../lib/accounts/money.ts';
import type { NormalizedOrder } from './normalize-order.ts';
import { isWithinPriceBand } from './price-band.ts';
import { passed, refused, type Checked } from './rejection.ts';
import { buyReservation } from './reservation.ts';
import { walkBook, type Execution } from './walk-book.ts';

/** What the account can spend and deliver, net of what its open orders hold back. */
export interface AccountView {
  cash: Money;
  reservedCash: Money;
  positionLots: Lots;
  reservedLots: Lots;
  openOrders: number;
}

/** The outcome of an accepted order: taker executions now, then the rest either rests or is cancelled. */
export interface OrderPlan {
  executions: Execution[];
  restingLots: Lots;
  cancelledLots: Lots;
  cancelReason: CancelReason | null;
}

/** Checks the order against the market (`book` undefined = no live book) and the account, and plans it. */
export function planOrder(order: NormalizedOrder, book: OrderBook | undefined, account: AccountView, limits: EngineLimits): Checked<OrderPlan> {
  const { inst } = order;
  if (book === undefined) return refused(REJECT_CODES.MARKET_CLOSED, `no live book for ${inst.symbol}`);
  const limitTicks = order.priceTicks ?? undefined;
  if (limitTicks !== undefined) {
    const isInBand = isWithinPriceBand(limitTicks, book, limits.priceBandBps);
    if (isInBand === undefined) return refused(REJECT_CODES.MARKET_CLOSED, `the ${inst.symbol} book is empty`);
    if (!isInBand) return refused(REJECT_CODES.INVALID_PRICE, `price is more than ${limits.priceBandBps / 100} % away from the mid`);
  }
  const canRest = order.type === 'limit' && order.timeInForce === 'GTC';
  if (canRest && account.openOrders >= limits.maxOpenOrders) {
    return refused(REJECT_CODES.TOO_MANY_OPEN_ORDERS, `at most ${limits.maxOpenOrders} open orders`);
  }
  if (order.side === 'sell' && order.lots > account.positionLots - account.reservedLots) {
    return refused(REJECT_CODES.INSUFFICIENT_POSITION, `selling more ${inst.symbol} than is held and not already offered`);
  }
  const walk = walkBook(book, order.side, order.lots, limitTicks);
  if (order.type === 'market' && walk.executions.length === 0) {
    return refused(REJECT_CODES.NO_LIQUIDITY, `no ${order.side === 'buy' ? 'asks' : 'bids'} in the ${inst.symbol} book`);
  }
  const restingLots = canRest ? walk.remainingLots : ZERO_LOTS;
  if (order.side === 'buy') {
    const needed = cashNeeded(order, walk.executions, restingLots);
    const available = account.cash - account.reservedCash;
    if (needed > available) {
      return refused(REJECT_CODES.INSUFFICIENT_FUNDS, `needs ${formatMoney(needed)} with fees, ${formatMoney(available)} available`);
    }
  }
  const cancelledLots = canRest ? ZERO_LOTS : walk.remainingLots;
  const cancelReason = cancelledLots === 0 ? null : order.type === 'market' ? CANCEL_REASONS.NO_LIQUIDITY : CANCEL_REASONS.IOC_EXPIRED;
  return passed({ executions: walk.executions, restingLots, cancelledLots, cancelReason });
}

// Cost of the immediate executions with taker fees, plus the reservation of whatever rests.
function cashNeeded(order: NormalizedOrder, executions: Execution[], restingLots: Lots): Money {
  let needed = 0n;
  for (const execution of executions) needed -= fillCash('buy', execution.priceTicks, execution.lots, order.inst, 'taker').cashDelta;
  if (restingLots > 0 && order.priceTicks !== null) needed += buyReservation(order.priceTicks, restingLots, order.inst);
  return needed;
}
