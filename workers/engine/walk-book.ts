// Taker execution against the public book: what an order arriving now would get. The book is
// only read — mock orders never change the public market.
import type { OrderBook } from '../../lib/market/order-book.ts';
import { asLots, type Lots, type Ticks } from '../../lib/market/units.ts';

/** One execution at one price level, in integer units. */
export interface Execution {
  priceTicks: Ticks;
  lots: Lots;
}

/** The executions, best price first, and the lots the book could not fill. */
export interface Walk {
  executions: Execution[];
  remainingLots: Lots;
}

/** Walks the opposite side best-first, taking up to `lots`, never past `limitTicks` when given. */
export function walkBook(book: OrderBook, side: 'buy' | 'sell', lots: Lots, limitTicks?: Ticks): Walk {
  const ladder = side === 'buy' ? book.asks : book.bids;
  const executions: Execution[] = [];
  let remainingLots = lots;
  for (let i = 0; remainingLots > 0; i++) {
    const priceTicks = ladder.priceAt(i);
    if (priceTicks === undefined || !isWithinLimit(side, priceTicks, limitTicks)) break;
    const take = asLots(Math.min(remainingLots, ladder.lotsAt(priceTicks)));
    executions.push({ priceTicks, lots: take });
    remainingLots = asLots(remainingLots - take);
  }
  return { executions, remainingLots };
}

/** Whether a buy may pay, or a sell may accept, this price. */
export function isWithinLimit(side: 'buy' | 'sell', priceTicks: Ticks, limitTicks: Ticks | undefined): boolean {
  if (limitTicks === undefined) return true;
  return side === 'buy' ? priceTicks <= limitTicks : priceTicks >= limitTicks;
}
