// What an order would cost or pay, for the form: a limit order at its price, a market order by
// walking the visible opposite side of the book. An estimate in floating point, for display only.
import type { Level } from '../market/order-book.ts';
import type { Instrument } from '../market/instruments.ts';
import { asLots } from '../market/units.ts';
import type { CheckedOrder } from './order-draft.ts';

/** The taker fee the engine charges (10 bps; workers/engine/fees.ts): the most an order can pay. */
export const TAKER_FEE_RATE = 0.001;

export interface OrderEstimate {
  /** Average price of the (estimated) execution. */
  avgPrice: number;
  /** Quantity × price. */
  notional: number;
  fee: number;
  /** Cash out for a buy (notional + fee), cash in for a sell (notional − fee). */
  total: number;
  /** A market order larger than the visible book: the estimate covers only what is visible. */
  isBeyondBook: boolean;
}

/** The estimate, or undefined when there is no price to estimate with (a market order on an empty side). */
export function estimateOrder(order: CheckedOrder, inst: Instrument, book: { bids: readonly Level[]; asks: readonly Level[] }): OrderEstimate | undefined {
  const tick = Number(inst.tickSize);
  const lot = Number(inst.lotSize);
  if (order.type === 'limit' && order.priceTicks !== undefined) return finish(order, order.lots * lot, order.lots * lot * order.priceTicks * tick, false);
  const levels = order.side === 'buy' ? book.asks : book.bids;
  let remaining = order.lots;
  let notional = 0;
  for (const [priceTicks, lots] of levels) {
    const take = asLots(Math.min(remaining, lots));
    notional += take * lot * priceTicks * tick;
    remaining = asLots(remaining - take);
    if (remaining === 0) break;
  }
  const filled = order.lots - remaining;
  if (filled === 0) return undefined;
  return finish(order, filled * lot, notional, remaining > 0);
}

function finish(order: CheckedOrder, quantity: number, notional: number, isBeyondBook: boolean): OrderEstimate {
  const fee = notional * TAKER_FEE_RATE;
  return { avgPrice: notional / quantity, notional, fee, total: order.side === 'buy' ? notional + fee : notional - fee, isBeyondBook };
}
