// The delta of a depth-N view: what turns the old top N of a side into the new top N. A level that
// enters the view because one above it left is included, and one pushed out is removed with size 0.
import type { Level } from '../../../lib/market/price-ladder.ts';
import { ZERO_LOTS, type Ticks } from '../../../lib/market/units.ts';

/**
 * Changes between two best-first ladders cut at `depth`, as absolute [priceTicks, lots] (0 = removed).
 * Both inputs must be sorted best-first for the same side (`isBid`: high→low, else low→high).
 */
export function diffTop(before: readonly Level[], after: readonly Level[], depth: number, isBid: boolean): Level[] {
  const changes: Level[] = [];
  const beforeEnd = Math.min(depth, before.length);
  const afterEnd = Math.min(depth, after.length);
  let i = 0;
  let j = 0;
  while (i < beforeEnd || j < afterEnd) {
    const old = i < beforeEnd ? before[i] : undefined;
    const now = j < afterEnd ? after[j] : undefined;
    if (old && now && old[0] === now[0]) {
      if (old[1] !== now[1]) changes.push(now);
      i++;
      j++;
    } else if (old && (!now || isBetter(old[0], now[0], isBid))) {
      // Only in the old view: removed from the book or pushed past the view's depth.
      changes.push([old[0], ZERO_LOTS]);
      i++;
    } else if (now) {
      changes.push(now);
      j++;
    }
  }
  return changes;
}

function isBetter(a: Ticks, b: Ticks, isBid: boolean): boolean {
  return isBid ? a > b : a < b;
}
