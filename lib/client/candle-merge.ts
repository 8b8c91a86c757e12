// Chart bars from candles: REST history merged with live candles from the socket, never handing the
// chart a bar older than its last one (lightweight-charts' `update()` contract).
import type { Candle } from '../market/candle.ts';

/** One chart bar: time in UTC seconds (lightweight-charts' unit), prices and volume as numbers. */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** False while the bucket is still open. */
  isClosed: boolean;
}

/** A candle as a bar; null when a field is not a finite number (untrusted input is dropped, not drawn). */
export function barFromCandle(candle: Pick<Candle, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'isClosed'>): Bar | null {
  const bar: Bar = {
    time: Math.floor(candle.openTime / 1000),
    open: Number(candle.open),
    high: Number(candle.high),
    low: Number(candle.low),
    close: Number(candle.close),
    volume: Number(candle.volume),
    isClosed: candle.isClosed === true,
  };
  const values = [bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume];
  return values.every(Number.isFinite) ? bar : null;
}

/** What a live bar did to the series: `update` replaced the last bar, `append` added one, `ignore` was older. */
export type LiveMerge = 'append' | 'update' | 'ignore';

/** Merges a live bar into ascending `bars` in place. A bar older than the last one is ignored, never inserted. */
export function mergeLiveBar(bars: Bar[], bar: Bar): LiveMerge {
  const last = bars[bars.length - 1];
  if (!last || bar.time > last.time) {
    bars.push(bar);
    return 'append';
  }
  if (bar.time < last.time) return 'ignore';
  // Same bucket: a closed bar is final, so a late open update of it must not undo it.
  if (last.isClosed && !bar.isClosed) return 'ignore';
  bars[bars.length - 1] = bar;
  return 'update';
}

/**
 * Joins REST history with the live bars received while it loaded: ascending, one bar per time.
 * For a time in both, the closed one wins (it is final); if both or neither are closed, the live one.
 */
export function mergeHistory(history: readonly Bar[], live: readonly Bar[]): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of history) byTime.set(bar.time, bar);
  for (const bar of live) {
    const known = byTime.get(bar.time);
    if (!known || bar.isClosed || !known.isClosed) byTime.set(bar.time, bar);
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
