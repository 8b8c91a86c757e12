// Derives coarser candles from 1m candles, e.g. to backfill a chart from stored history.
import type { Candle } from './candle.ts';
import { addDecimal, compareDecimal } from './decimal-arith.ts';
import { TIMEFRAMES, bucketStart, type Timeframe } from './timeframes.ts';

const MINUTE_MS = TIMEFRAMES['1m'];

/**
 * Merges ascending, gap-free 1m candles into `timeframe` buckets (1m or coarser). A bucket is
 * closed only when all its inputs are closed and its last minute is present.
 */
export function aggregateCandles(candles1m: readonly Candle[], timeframe: Timeframe): Candle[] {
  const frameMs = TIMEFRAMES[timeframe];
  if (frameMs < MINUTE_MS) throw new RangeError(`cannot derive ${timeframe} candles from 1m candles`);
  const merged: Candle[] = [];
  let previousOpenTime = -Infinity;
  let areInputsClosed = true; // of the bucket being built
  for (const candle of candles1m) {
    if (candle.timeframe !== '1m') throw new RangeError(`expected 1m candles, got ${candle.timeframe}`);
    if (candle.openTime <= previousOpenTime) throw new RangeError('1m candles must be in ascending openTime order');
    previousOpenTime = candle.openTime;
    const openTime = bucketStart(candle.openTime, timeframe);
    const isLastMinute = candle.openTime + MINUTE_MS === openTime + frameMs;
    const last = merged.at(-1);
    if (last === undefined || last.openTime !== openTime) {
      areInputsClosed = candle.isClosed;
      merged.push({ ...candle, timeframe, openTime, isClosed: areInputsClosed && isLastMinute });
      continue;
    }
    areInputsClosed &&= candle.isClosed;
    merged[merged.length - 1] = {
      ...last,
      high: compareDecimal(candle.high, last.high) > 0 ? candle.high : last.high,
      low: compareDecimal(candle.low, last.low) < 0 ? candle.low : last.low,
      close: candle.close,
      volume: addDecimal(last.volume, candle.volume),
      trades: last.trades + candle.trades,
      isClosed: areInputsClosed && isLastMinute,
    };
  }
  return merged;
}
