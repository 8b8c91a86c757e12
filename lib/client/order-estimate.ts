// What an order would cost or pay, for the form: a limit order at its price, a market order by
// walking the visible opposite side of the book, a stop at what it reserves while it waits (a
// stop-limit's limit, a stop-market's protection price). An estimate in floating point, for display only.
import type { Level } from '../market/order-book.ts';
import type { Instrument } from '../market/instruments.ts';
import { protectionTicks as protectionTicksInBand } from '../market/stop-rules.ts';
import { asLots, asTicks } from '../market/units.ts';
import type { CheckedOrder } from './order-draft.ts';

/** The taker fee the engine charges (10 bps; workers/engine/fees.ts): the most an order can pay. */
export const TAKER_FEE_RATE = 0.001;

/**
 * The engine's price band (workers/engine/engine-limits.ts, in basis points of the mid): a stop-market
 * may fill down (or up) to its stop moved by it, and reserves at that protection price.
 */
export const PRICE_BAND_BPS = 1000;

export interface OrderEstimate {
  /** Average price of the (estimated) execution; for a stop, the price it reserves at. */
  avgPrice: number;
  /** Quantity × price. */
  notional: number;
  fee: number;
  /** Cash out for a buy (notional + fee), cash in for a sell (notional − fee). */
  total: number;
  /** A market order larger than the visible book: the estimate covers only what is visible. */
  isBeyondBook: boolean;
  /** A stop: the figures are what it holds back until its trigger, the worst it can fill at. */
  isReservation: boolean;
}

/** The estimate, or undefined when there is no price to estimate with (a market order on an empty side). */
export function estimateOrder(order: CheckedOrder, inst: Instrument, book: { bids: readonly Level[]; asks: readonly Level[] }): OrderEstimate | undefined {
  const tick = Number(inst.tickSize);
  const lot = Number(inst.lotSize);
  const atPrice = (priceTicks: number, isReservation: boolean): OrderEstimate => finish(order, order.lots * lot, order.lots * lot * priceTicks * tick, false, isReservation);
  if (order.type === 'stop_market' && order.stopTicks !== undefined) return atPrice(protectionTicks(order.side, order.stopTicks), true);
  if (order.type === 'stop_limit' && order.priceTicks !== undefined) return atPrice(order.priceTicks, true);
  if (order.type === 'limit' && order.priceTicks !== undefined) return atPrice(order.priceTicks, false);
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
  return finish(order, filled * lot, notional, remaining > 0, false);
}

/** A stop-market's protection price in ticks: the engine's rule (lib/market/stop-rules.ts) at the engine's band. */
export function protectionTicks(side: 'buy' | 'sell', stopTicks: number): number {
  return protectionTicksInBand(side, asTicks(stopTicks), PRICE_BAND_BPS);
}

function finish(order: CheckedOrder, quantity: number, notional: number, isBeyondBook: boolean, isReservation: boolean): OrderEstimate {
  const fee = notional * TAKER_FEE_RATE;
  return { avgPrice: notional / quantity, notional, fee, total: order.side === 'buy' ? notional + fee : notional - fee, isBeyondBook, isReservation };
}
