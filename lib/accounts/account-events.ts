// Account events built outside an order's settlement: the cash after a change, and the end of an
// order closed by a reset. Both processes that write accounts (engine, web) publish them.
import { getInstrument } from '../market/instruments.ts';
import type { CancelReason } from '../protocol/orders.ts';
import type { BalanceEvent, OrderCancelledEvent } from '../protocol/order-events.ts';
import { formatMoney, type Money } from './money.ts';

/** Cash after a change. */
export function balanceEvent(cash: Money): BalanceEvent {
  return { type: 'balance', cash: formatMoney(cash), ts: Date.now() };
}

/** The fields of a stored order a cancellation event is built from. */
export interface CancelledOrderRow {
  id: bigint;
  clientOrderId: string;
  symbol: string;
  filledQty: { toFixed(decimals: number): string };
}

/** The end of a stored order that did not fill completely (its filled size printed at the instrument's precision). */
export function cancelledRowEvent(row: CancelledOrderRow, reason: CancelReason): OrderCancelledEvent {
  const precision = getInstrument(row.symbol)?.sizePrecision ?? 8;
  return {
    type: 'order.cancelled',
    orderId: row.id.toString(),
    clientOrderId: row.clientOrderId,
    symbol: row.symbol,
    reason,
    filledQty: row.filledQty.toFixed(precision),
    ts: Date.now(),
  };
}
