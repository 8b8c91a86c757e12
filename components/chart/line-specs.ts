// How the account's lines look on the candles: orders in their side's colour (solid at a limit,
// dashed at a waiting stop, thicker while being moved), the entry dotted in a neutral colour. The
// lines carry no chart title: the HTML overlay labels them (orders at the right edge with their × and
// drag handle, the entry at the left), so labels never pile up where the chart draws titles.
import type { Instrument } from '../../lib/market/instruments.ts';
import type { PriceLineSpec } from './chart-annotations.ts';
import type { ChartColors } from './chart-theme.ts';
import { displayedTicks, movingOrderId, type LineDrag } from './line-drag.ts';
import type { EntryLine, OrderLine } from './order-lines.ts';
import { ticksToNumber } from './price-ticks.ts';

/** The id of an order's price line. */
export const orderLineId = (orderId: string): string => `order:${orderId}`;

export function lineSpecsFor(orders: readonly OrderLine[], entry: EntryLine | undefined, drag: LineDrag, colors: ChartColors, inst: Instrument): PriceLineSpec[] {
  const moving = movingOrderId(drag);
  const specs = orders.map(
    (line): PriceLineSpec => ({
      id: orderLineId(line.orderId),
      price: ticksToNumber(displayedTicks(drag, line.orderId, line.ticks), inst),
      color: line.side === 'buy' ? colors.up : colors.down,
      style: line.kind === 'stop' ? 'dashed' : 'solid',
      title: '',
      axisTextColor: '#ffffff',
      lineWidth: line.orderId === moving ? 2 : 1,
    }),
  );
  if (entry) specs.push({ id: 'entry', price: entry.price, color: colors.entry, style: 'dotted', title: '', axisTextColor: colors.background, lineWidth: 1 });
  return specs;
}
