// Which ladder row shows which of the user's resting orders. The mock book is the market's, not the
// engine's: a resting order is not one of its levels, so its price may fall between two shown levels.
//
// Rule: an order belongs to the row whose price range it lies in, the same way grouping buckets
// levels. A bid row covers its price up to the next better row (bids round down), an ask row its
// price down to the next better row (asks round up). So with grouping on, an order lands in its
// grouped bucket, or in the next worse shown bucket when its own bucket holds no market size; with
// no grouping it lands on the nearest row at or worse than its price — where the order would queue.
// An order better than the best row (inside the spread) marks the best row: a trader wants to see
// they are at the top. An order worse than the last shown row is not marked: pinning it to the edge
// row would claim a price that row does not have.
import { priceToTicks, sizeToLots } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import type { BookSide } from '../market/order-book.ts';
import { asLots, type Lots, type Ticks } from '../market/units.ts';
import type { OrderRow } from './account-schemas.ts';
import { isRestingOrder } from './order-kind.ts';

/** The fields of an open order this needs (an `OrderRow` of the account cache has them). */
export type OpenOrderFields = Pick<OrderRow, 'symbol' | 'side' | 'orderType' | 'triggeredAt' | 'price' | 'quantity' | 'filledQty'>;

/** One resting order on the ladder's grid: its side of the book, exact price and unfilled size. */
export interface OwnOrder {
  side: BookSide;
  priceTicks: Ticks;
  lots: Lots;
}

/** The own orders one row holds, best price first, and their unfilled size together. */
export interface OwnRowMark {
  lots: Lots;
  orders: readonly OwnOrder[];
}

/**
 * The instrument's resting orders (limits, and stop-limits once triggered) with size left, on its grid;
 * anything off the grid is skipped, and so is a stop waiting for its trigger: it is not working in the book.
 */
export function ownOrdersOf(open: readonly OpenOrderFields[], inst: Instrument): OwnOrder[] {
  const out: OwnOrder[] = [];
  for (const order of open) {
    if (order.symbol !== inst.symbol || !isRestingOrder(order) || order.price === null) continue;
    const priceTicks = priceToTicks(order.price, inst);
    const quantity = sizeToLots(order.quantity, inst);
    const filled = sizeToLots(order.filledQty, inst);
    if (priceTicks === null || quantity === null || filled === null || quantity <= filled) continue;
    out.push({ side: order.side === 'buy' ? 'bid' : 'ask', priceTicks, lots: asLots(quantity - filled) });
  }
  return out;
}

/**
 * For one side's rows (prices best-first, as `groupLevels` gives them), the own orders each row
 * holds: an array as long as `rowPrices`, undefined where a row holds none.
 */
export function ownOrderMarks(rowPrices: readonly Ticks[], side: BookSide, orders: readonly OwnOrder[]): (OwnRowMark | undefined)[] {
  const marks: (OwnRowMark | undefined)[] = rowPrices.map(() => undefined);
  const isBetterOrSame = (a: number, b: number): boolean => (side === 'bid' ? a >= b : a <= b);
  const ownSide = orders.filter((o) => o.side === side).sort((a, b) => (side === 'bid' ? b.priceTicks - a.priceTicks : a.priceTicks - b.priceTicks));
  for (const order of ownSide) {
    // The first row (best-first) that the order's price is at or better than.
    const index = rowPrices.findIndex((row) => isBetterOrSame(order.priceTicks, row));
    if (index === -1) continue;
    const mark = marks[index];
    marks[index] = { lots: asLots((mark?.lots ?? 0) + order.lots), orders: [...(mark?.orders ?? []), order] };
  }
  return marks;
}
