// Prices on the instrument's tick grid as the chart's order lines need them: the price under a pixel
// snapped to a whole tick, a tick stepped by the arrow keys, and ticks back to the price string the
// engine takes. The chart's price scale speaks floats; the order's price stays exact ticks.
import { priceToTicks, ticksToPrice, tickUnits } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { asTicks, type Ticks } from '../../lib/market/units.ts';
import { groupThousands } from '../../lib/client/format.ts';

/** The whole tick nearest a float price; null when it is not a positive finite price. */
export function nearestTick(price: number, inst: Instrument): Ticks | null {
  if (!Number.isFinite(price)) return null;
  const ticks = Math.round((price * 10 ** inst.pricePrecision) / tickUnits(inst));
  return ticks >= 1 && Number.isSafeInteger(ticks) ? asTicks(ticks) : null;
}

/** A price string on the grid as ticks; null when malformed or off the grid. */
export function ticksOf(price: string | null | undefined, inst: Instrument): Ticks | null {
  return price === null || price === undefined ? null : priceToTicks(price, inst);
}

/** Ticks as the float the chart draws at. */
export function ticksToNumber(ticks: Ticks, inst: Instrument): number {
  return Number(ticksToPrice(ticks, inst));
}

/** Ticks as the engine's price string ("65010.5"). */
export function ticksToWire(ticks: Ticks, inst: Instrument): string {
  return ticksToPrice(ticks, inst);
}

/** Ticks as people read them ("65,010.5"). */
export function ticksToText(ticks: Ticks, inst: Instrument): string {
  return groupThousands(ticksToPrice(ticks, inst));
}

/** Moves a price by whole ticks, never below one tick. */
export function stepTicks(ticks: Ticks, step: number): Ticks {
  return asTicks(Math.max(1, ticks + Math.trunc(step)));
}

/** How far a key moves a line: an arrow one tick (ten with Shift), Page Up/Down ten; 0 for any other key. */
export function arrowStep(key: string, shiftKey: boolean): number {
  const size = shiftKey ? 10 : 1;
  if (key === 'ArrowUp') return size;
  if (key === 'ArrowDown') return -size;
  if (key === 'PageUp') return 10;
  if (key === 'PageDown') return -10;
  return 0;
}

/** What a vertical drag needs to turn the pointer into a price. */
export interface DragGeometry {
  /** The line's y (px from the pane's top) when the drag began. */
  originY: number;
  /** The pointer's clientY when the drag began. */
  startPointerY: number;
  /** The pane's height: a drag is held inside it. */
  paneHeight: number;
  /** The chart's price at a y (px from the pane's top); null where the scale has none. */
  yToPrice: (y: number) => number | null;
}

/**
 * The tick a line dragged to `pointerY` (clientY) stands at: the line moves as far as the pointer did
 * (so grabbing the handle off its centre does not make it jump), held inside the pane, snapped to the
 * grid. Null when the scale cannot say (no data yet).
 */
export function ticksAtDrag(geometry: DragGeometry, pointerY: number, inst: Instrument): Ticks | null {
  const y = Math.min(Math.max(geometry.originY + (pointerY - geometry.startPointerY), 0), geometry.paneHeight);
  const price = geometry.yToPrice(y);
  return price === null ? null : nearestTick(price, inst);
}
