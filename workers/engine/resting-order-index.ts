// Indexes the resting limit orders by symbol, in memory, so each delta or trade is matched without a
// database query. The database stays the truth: a fill re-reads the order before touching it.
import { isResting, unfilledLots, type OrderRecord } from './order-record.ts';
import type { RestingTerms } from './lots-filled-by-market.ts';

/** A resting order as the matcher sees it. */
export interface RestingOrder extends RestingTerms {
  id: bigint;
  userId: string;
  symbol: string;
}

/** Resting orders by symbol and id. */
export class RestingOrderIndex {
  private readonly bySymbol = new Map<string, Map<bigint, RestingOrder>>();

  /** Records an order's committed state: indexed while resting, dropped otherwise. */
  update(order: OrderRecord): void {
    const symbol = order.inst.symbol;
    if (!isResting(order) || order.priceTicks === null) {
      this.remove(symbol, order.id);
      return;
    }
    let orders = this.bySymbol.get(symbol);
    if (orders === undefined) {
      orders = new Map();
      this.bySymbol.set(symbol, orders);
    }
    orders.set(order.id, { id: order.id, userId: order.userId, symbol, side: order.side, priceTicks: order.priceTicks, remainingLots: unfilledLots(order) });
  }

  /** Forgets an order. */
  remove(symbol: string, id: bigint): void {
    this.bySymbol.get(symbol)?.delete(id);
  }

  /** The resting orders of a symbol, oldest first. */
  ordersOf(symbol: string): RestingOrder[] {
    return [...(this.bySymbol.get(symbol)?.values() ?? [])];
  }

  /** How many orders are resting in all symbols. */
  get size(): number {
    let count = 0;
    for (const orders of this.bySymbol.values()) count += orders.size;
    return count;
  }
}
