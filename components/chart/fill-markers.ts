// The account's fills as markers on the candles: an arrow up under the bar for buys, down over the bar
// for sells, at the bar the fill fell in. Several fills of one side in one bar are one marker with
// their total size, so a market order that took three levels reads as one trade. Pure.
import { TIMEFRAMES, type Timeframe } from '../../lib/market/timeframes.ts';
import { trimSize } from '../../lib/client/format.ts';

/** The fields of a fill this reads (a `FillRow` of the account cache has them). */
export interface ChartFillFields {
  fillId: string;
  symbol: string;
  side: 'buy' | 'sell';
  size: string;
  ts: number;
}

/** One marker, in lightweight-charts' terms; time in UTC seconds, the bar's open. */
export interface FillMarker {
  id: string;
  time: number;
  side: 'buy' | 'sell';
  position: 'belowBar' | 'aboveBar';
  shape: 'arrowUp' | 'arrowDown';
  text: string;
  /** How many fills it stands for. */
  fills: number;
}

/** How many of the latest fills the chart marks; older ones are in the fills table. */
export const MAX_MARKED_FILLS = 200;

/**
 * Joins fill lists (the REST history and the live cache overlap), keeps one copy of each fill of the
 * symbol, the latest `limit` of them, and folds them into one marker per bar and side, oldest first
 * (the order lightweight-charts wants).
 */
export function fillMarkersFor(lists: readonly (readonly ChartFillFields[])[], symbol: string, timeframe: Timeframe, limit = MAX_MARKED_FILLS): FillMarker[] {
  const byId = new Map<string, ChartFillFields>();
  for (const list of lists) {
    for (const fill of list) if (fill.symbol === symbol && Number.isFinite(fill.ts) && !byId.has(fill.fillId)) byId.set(fill.fillId, fill);
  }
  const latest = [...byId.values()].sort((a, b) => b.ts - a.ts || compareIds(b.fillId, a.fillId)).slice(0, limit);
  const barMs = TIMEFRAMES[timeframe];
  const markers = new Map<string, { time: number; side: 'buy' | 'sell'; size: number; fills: number }>();
  for (const fill of latest) {
    const time = Math.floor(fill.ts / barMs) * (barMs / 1000);
    const key = `${time}:${fill.side}`;
    const marker = markers.get(key) ?? { time, side: fill.side, size: 0, fills: 0 };
    marker.size += Number(fill.size) || 0;
    marker.fills += 1;
    markers.set(key, marker);
  }
  return [...markers.entries()]
    .map(([key, m]): FillMarker => ({
      id: `fill:${key}`,
      time: m.time,
      side: m.side,
      position: m.side === 'buy' ? 'belowBar' : 'aboveBar',
      shape: m.side === 'buy' ? 'arrowUp' : 'arrowDown',
      // Summed in floats for display only: the sizes are the fills table's to state exactly.
      text: `${m.side === 'buy' ? 'B' : 'S'} ${trimSize(m.size.toFixed(8), 8)}`,
      fills: m.fills,
    }))
    .sort((a, b) => a.time - b.time || (a.side === b.side ? 0 : a.side === 'buy' ? -1 : 1));
}

// Fill ids are 64-bit decimal strings: longer is larger.
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
