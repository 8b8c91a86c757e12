// How the open-orders table shows one order: its type with its option tags (post-only, a time in
// force other than GTC), the limit, and for a stop its trigger and whether it went off. Words are
// message keys (lib/client/ui-text.ts); prices are formatted here.
import type { OrderRow } from './account-schemas.ts';
import { isStopOrder } from './order-kind.ts';
import { groupThousands } from './format.ts';
import { uiText, type UiText } from './ui-text.ts';

export interface OpenOrderView {
  typeLabel: UiText;
  /** "Post", "IOC", "FOK": options that change how it fills. */
  tags: UiText[];
  /** The limit, formatted; undefined for a stop-market (which fills down to its protection price) or a market order. */
  priceText: string | undefined;
  /** Stops only: where it triggers, "≥ 65,100.0" for a buy, "≤ …" for a sell. */
  triggerText: string | undefined;
  /** Stops only: waiting for a trade at the stop price, or already triggered. */
  stopState: 'waiting' | 'triggered' | undefined;
  /** The cancel button's accessible name. */
  cancelLabel: UiText;
}

export function openOrderView(order: OrderRow): OpenOrderView {
  const isStop = isStopOrder(order);
  const hasTimeInForce = order.timeInForce !== 'GTC' && order.orderType !== 'market' && order.orderType !== 'stop_market';
  const tags = [...(order.postOnly ? [uiText('account.postTag')] : []), ...(hasTimeInForce ? [uiText('orders.tif', { tif: order.timeInForce })] : [])];
  const priceText = order.price === null || order.orderType === 'stop_market' ? undefined : groupThousands(order.price);
  const typeLabel = uiText(`ticket.type.${order.orderType}`);
  const what = { side: order.side, quantity: order.quantity, symbol: order.symbol };
  if (!isStop || order.stopPrice === null) {
    const cancelLabel = order.price === null ? uiText('account.cancelMarketOrder', what) : uiText('account.cancelOrder', { ...what, price: order.price });
    return { typeLabel, tags, priceText, triggerText: undefined, stopState: undefined, cancelLabel };
  }
  const stop = groupThousands(order.stopPrice);
  return {
    typeLabel,
    tags,
    priceText,
    triggerText: `${order.side === 'buy' ? '≥' : '≤'} ${stop}`,
    stopState: order.triggeredAt === null ? 'waiting' : 'triggered',
    cancelLabel: uiText('account.cancelStopOrder', { ...what, price: stop }),
  };
}
