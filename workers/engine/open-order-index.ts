// Indexes the open orders market data acts on, by symbol, in memory: resting limit orders (which
// trades and crossing books fill) and stops waiting for their trigger (which trades set off), so
// each delta or trade is matched without a database query. The database stays the truth: a fill or a
// trigger re-reads the order under the account lock before touching it.
import type { Ticks } from '../../lib/market/units.ts';
import { isResting, isWaitingStop, unfilledLots, type OrderRecord } from './order-record.ts';
import type { RestingTerms } from './lots-filled-by-market.ts';

/** A resting order as the matcher sees it. */
export interface RestingOrder extends RestingTerms {
  id: bigint;
  userId: string;
  symbol: string;
}

/** A stop waiting for a trade at or beyond its stop price. */
export interface WaitingStop {
  id: bigint;
  userId: string;
  symbol: string;
  side: 'buy' | 'sell';
  stopTicks: Ticks;
}

/** Resting orders and waiting stops, by symbol and id, oldest first. */
export class OpenOrderIndex {
  private readonly resting = new BySymbol<RestingOrder>();
  private readonly stops = new BySymbol<WaitingStop>();

  /** Told of each stop as it is indexed, so one placed just as a trade passed its price is not missed. */
  onStopIndexed: ((stop: WaitingStop) => void) | undefined;

  /** Records an order's committed state: indexed while resting or waiting, dropped otherwise. */
  update(order: OrderRecord): void {
    const symbol = order.inst.symbol;
    const base = { id: order.id, userId: order.userId, symbol, side: order.side };
    if (isResting(order) && order.priceTicks !== null) this.resting.set(symbol, { ...base, priceTicks: order.priceTicks, remainingLots: unfilledLots(order) });
    else this.resting.delete(symbol, order.id);
    if (isWaitingStop(order) && order.stopTicks !== null) {
      const isNew = !this.stops.has(symbol, order.id);
      const stop = { ...base, stopTicks: order.stopTicks };
      this.stops.set(symbol, stop);
      if (isNew) this.onStopIndexed?.(stop);
    } else {
      this.stops.delete(symbol, order.id);
    }
  }

  /** Forgets an order. */
  remove(symbol: string, id: bigint): void {
    this.resting.delete(symbol, id);
    this.stops.delete(symbol, id);
  }

  /** The resting orders of a symbol, oldest first. */
  restingOf(symbol: string): RestingOrder[] {
    return this.resting.of(symbol);
  }

  /** The waiting stops of a symbol, oldest first. */
  stopsOf(symbol: string): WaitingStop[] {
    return this.stops.of(symbol);
  }

  /** How many orders are resting or waiting in all symbols. */
  get size(): number {
    return this.resting.size + this.stops.size;
  }
}

class BySymbol<T extends { id: bigint }> {
  private readonly bySymbol = new Map<string, Map<bigint, T>>();

  set(symbol: string, item: T): void {
    let items = this.bySymbol.get(symbol);
    if (items === undefined) {
      items = new Map();
      this.bySymbol.set(symbol, items);
    }
    items.set(item.id, item);
  }

  has(symbol: string, id: bigint): boolean {
    return this.bySymbol.get(symbol)?.has(id) ?? false;
  }

  delete(symbol: string, id: bigint): void {
    this.bySymbol.get(symbol)?.delete(id);
  }

  of(symbol: string): T[] {
    return [...(this.bySymbol.get(symbol)?.values() ?? [])];
  }

  get size(): number {
    let count = 0;
    for (const items of this.bySymbol.values()) count += items.size;
    return count;
  }
}
