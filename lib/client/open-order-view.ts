// How the open-orders table shows one order: its type in words with its option tags (post-only, a
// time in force other than GTC), the limit, and for a stop its trigger and whether it went off.
import type { OrderRow } from './account-schemas.ts';
import { groupThousands } from './format.ts';

const TYPE_LABELS: Record<OrderRow['orderType'], string> = { limit: 'Limit', market: 'Market', stop_market: 'Stop', stop_limit: 'Stop limit' };

export interface OpenOrderView {
  typeLabel: string;
  /** "Post", "IOC", "FOK": options that change how it fills. */
  tags: string[];
  /** The limit; "market" for a stop-market (which fills down to its protection price). */
  priceText: string;
  /** Stops only: where it triggers, "≥ 65,100.0" for a buy, "≤ …" for a sell. */
  triggerText: string | undefined;
  /** Stops only: waiting for a trade at the stop price, or already triggered. */
  stopState: 'waiting' | 'triggered' | undefined;
  /** The cancel button's accessible name. */
  cancelLabel: string;
}

export function openOrderView(order: OrderRow): OpenOrderView {
  const isStop = order.orderType === 'stop_market' || order.orderType === 'stop_limit';
  const tags = [...(order.postOnly ? ['Post'] : []), ...(order.timeInForce !== 'GTC' && order.orderType !== 'market' && order.orderType !== 'stop_market' ? [order.timeInForce] : [])];
  const priceText = order.price === null || order.orderType === 'stop_market' ? 'market' : groupThousands(order.price);
  if (!isStop || order.stopPrice === null) {
    return { typeLabel: TYPE_LABELS[order.orderType], tags, priceText, triggerText: undefined, stopState: undefined, cancelLabel: `Cancel ${order.side} ${order.quantity} ${order.symbol} at ${order.price ?? 'market'}` };
  }
  const stop = groupThousands(order.stopPrice);
  return {
    typeLabel: TYPE_LABELS[order.orderType],
    tags,
    priceText,
    triggerText: `${order.side === 'buy' ? '≥' : '≤'} ${stop}`,
    stopState: order.triggeredAt === null ? 'waiting' : 'triggered',
    cancelLabel: `Cancel ${order.side} stop ${order.quantity} ${order.symbol} at ${stop}`,
  };
}
