// What the account can still commit: cash not held back by open buy orders, and holdings not already
// offered by open sell orders (the engine reserves both; its REST cash is the total).
import { TAKER_FEE_RATE } from './order-estimate.ts';
import type { OrderRow } from './account-schemas.ts';

/** Cash and position free for a new order in `symbol`. */
export function availableFor(symbol: string, cash: number, position: number, openOrders: readonly OrderRow[]): { cash: number; position: number } {
  let heldCash = 0;
  let offered = 0;
  for (const order of openOrders) {
    const remaining = Number(order.quantity) - Number(order.filledQty);
    if (!(remaining > 0)) continue;
    if (order.side === 'buy' && order.price !== null) heldCash += remaining * Number(order.price) * (1 + TAKER_FEE_RATE);
    if (order.side === 'sell' && order.symbol === symbol) offered += remaining;
  }
  return { cash: Math.max(0, cash - heldCash), position: Math.max(0, position - offered) };
}
