// How many lots of a resting mock limit order market data fills (pure, no I/O). Our order is invisible
// to the public market, so we infer what would have hit it: a print through its price, or a book crossing it.
import type { OrderBook } from '../../lib/market/order-book.ts';
import { ZERO_LOTS, asLots, type Lots, type Ticks } from '../../lib/market/units.ts';
import { walkBook } from './walk-book.ts';

/** What the matcher needs of a resting limit order. */
export interface RestingTerms {
  side: 'buy' | 'sell';
  priceTicks: Ticks;
  remainingLots: Lots;
}

/** A public trade in integer units. */
export interface PublicTrade {
  priceTicks: Ticks;
  lots: Lots;
}

/**
 * Lots a public trade fills: only a print strictly through the limit counts (at the limit we
 * cannot know our place in the queue), and never more than the print's own size.
 */
export function lotsFilledByTrade(order: RestingTerms, trade: PublicTrade): Lots {
  const isThrough = order.side === 'buy' ? trade.priceTicks < order.priceTicks : trade.priceTicks > order.priceTicks;
  return isThrough ? asLots(Math.min(order.remainingLots, trade.lots)) : ZERO_LOTS;
}

/**
 * Lots a crossing book fills: the opposite side's size at or better than the limit, which would
 * have traded with our order had it been on the book. The fill is at our limit price (maker).
 */
export function lotsFilledByBook(order: RestingTerms, book: OrderBook): Lots {
  const walk = walkBook(book, order.side, order.remainingLots, order.priceTicks);
  return asLots(order.remainingLots - walk.remainingLots);
}
