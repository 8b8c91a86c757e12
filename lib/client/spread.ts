// The spread and the mid price between a best bid and a best ask, exact on the instrument's grid.
import { tickUnits, ticksToPrice, unitsToDecimal } from '../market/decimal.ts';
import type { Instrument } from '../market/instruments.ts';
import { asTicks, type Ticks } from '../market/units.ts';

/** "5.8 (0.009%)": the spread in price and as a share of the mid; negative when the book is crossed. */
export function spreadText(bidTicks: Ticks, askTicks: Ticks, inst: Instrument): string {
  const spreadTicks = askTicks - bidTicks;
  const mid = (askTicks + bidTicks) / 2;
  const pct = mid > 0 ? (spreadTicks / mid) * 100 : 0;
  const spread = `${spreadTicks < 0 ? '-' : ''}${ticksToPrice(asTicks(Math.abs(spreadTicks)), inst)}`;
  return `${spread} (${pct.toFixed(3)}%)`;
}

/** The mid price, exact: one decimal more than the instrument's when it falls between two units. */
export function midPrice(bidTicks: Ticks, askTicks: Ticks, inst: Instrument): string {
  const sumUnits = (bidTicks + askTicks) * tickUnits(inst);
  return sumUnits % 2 === 0 ? unitsToDecimal(sumUnits / 2, inst.pricePrecision) : unitsToDecimal(sumUnits * 5, inst.pricePrecision + 1);
}
