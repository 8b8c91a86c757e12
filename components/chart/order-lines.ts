// Which lines the candle chart draws for the account: one per open order of the chart's instrument
// (at its limit, or dashed at the stop price while a stop waits for its trigger) and one at the
// position's average entry. Pure: the account cache's rows in, what to draw and say out.
import { lotsToSize, sizeToLots } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { asLots, type Ticks } from '../../lib/market/units.ts';
import type { OrderRow } from '../../lib/client/account-schemas.ts';
import { groupThousands, trimSize } from '../../lib/client/format.ts';
import { isRestingOrder, isWaitingStop } from '../../lib/client/order-kind.ts';
import { uiText, type UiText } from '../../lib/client/ui-text.ts';
import { ticksOf, ticksToText } from './price-ticks.ts';

/** The fields of an open order this reads (an `OrderRow` of the account cache). */
export type ChartOrderFields = Pick<OrderRow, 'orderId' | 'symbol' | 'side' | 'orderType' | 'quantity' | 'filledQty' | 'price' | 'stopPrice' | 'triggeredAt'>;

/** The fields of a position this reads. */
export interface ChartPositionFields {
  symbol: string;
  quantity: string;
  avgCost: string;
}

/** One open order's line. */
export interface OrderLine {
  /** Stable across renders: the order's id. */
  orderId: string;
  /** 'limit': working at its price (can be dragged); 'stop': waiting at its stop price (cancel only). */
  kind: 'limit' | 'stop';
  side: 'buy' | 'sell';
  ticks: Ticks;
  /** The unfilled size, as shown ("0.01"). */
  size: string;
  /** What the line says: "Buy 0.01", "Stop sell 0.05", "Stop sell 0.05 · limit 64,900.0". */
  label: UiText;
  /** The × button's accessible name: "Cancel buy 0.01 at 64,990.0". */
  cancelLabel: UiText;
}

/** The position's average entry. */
export interface EntryLine {
  price: number;
  /** "Entry 0.25 @ 65,025.81". */
  label: UiText;
}

/**
 * The chart instrument's open orders as lines, highest price first. A stop before its trigger sits at
 * its stop price; a triggered stop-limit is a limit order at its price. Orders with nothing left, or a
 * price off the grid, draw nothing (a wrong line is worse than none).
 */
export function orderLinesFor(open: readonly ChartOrderFields[], inst: Instrument): OrderLine[] {
  const lines: OrderLine[] = [];
  for (const order of open) {
    if (order.symbol !== inst.symbol) continue;
    const size = remainingSize(order, inst);
    if (size === null) continue;
    const side = order.side;
    if (isWaitingStop(order)) {
      const ticks = ticksOf(order.stopPrice, inst);
      if (ticks === null) continue;
      const limit = order.orderType === 'stop_limit' ? ticksOf(order.price, inst) : null;
      const label = limit === null ? uiText('chart.line.stop', { side, size }) : uiText('chart.line.stopLimit', { side, size, limit: ticksToText(limit, inst) });
      lines.push({ orderId: order.orderId, kind: 'stop', side, ticks, size, label, cancelLabel: uiText('chart.line.cancelStop', { side, size, price: ticksToText(ticks, inst) }) });
      continue;
    }
    // Only a limit (or a triggered stop-limit) works at a price; a market order is never left resting.
    if (!isRestingOrder(order)) continue;
    const ticks = ticksOf(order.price, inst);
    if (ticks === null) continue;
    lines.push({ orderId: order.orderId, kind: 'limit', side, ticks, size, label: uiText('chart.line.limit', { side, size }), cancelLabel: uiText('chart.line.cancel', { side, size, price: ticksToText(ticks, inst) }) });
  }
  return lines.sort((a, b) => b.ticks - a.ticks);
}

/** The position's entry line for the chart's instrument; undefined when flat. */
export function entryLineFor(positions: readonly ChartPositionFields[], inst: Instrument): EntryLine | undefined {
  const position = positions.find((p) => p.symbol === inst.symbol);
  if (!position) return undefined;
  const quantity = Number(position.quantity);
  const avgCost = Number(position.avgCost);
  if (!Number.isFinite(quantity) || quantity === 0 || !Number.isFinite(avgCost) || avgCost <= 0) return undefined;
  // An average is rarely on the tick grid: two decimals at least, as the positions table shows it.
  const shown = groupThousands(avgCost.toFixed(Math.max(2, inst.pricePrecision)));
  return { price: avgCost, label: uiText('chart.line.entry', { size: trimSize(position.quantity, 8), price: shown }) };
}

/** An order's unfilled size as shown; null when nothing is left or a size is off the lot grid. */
function remainingSize(order: ChartOrderFields, inst: Instrument): string | null {
  const quantity = sizeToLots(order.quantity, inst);
  const filled = sizeToLots(order.filledQty, inst);
  if (quantity === null || filled === null || quantity <= filled) return null;
  return trimSize(lotsToSize(asLots(quantity - filled), inst), 8);
}
