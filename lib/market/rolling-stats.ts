// Rolling 24 h statistics of an instrument (open, high, low, last, change, base and quote volume), folded
// from its 1m candles. One pure function serves the REST answer (stored candles) and the browser (stored
// plus live candles), so both agree; the window slides by the minute, so what leaves it leaves the figures.
import type { Candle } from './candle.ts';
import { addDecimal, compareDecimal } from './decimal-arith.ts';
import { multiplyDecimal, percentChange, subtractDecimal } from './signed-decimal.ts';
import { TIMEFRAMES, bucketStart } from './timeframes.ts';

export const DAY_MS = 86_400_000;
const MINUTE_MS = TIMEFRAMES['1m'];

/** The fields of a 1m candle the statistics read. */
export type MinuteCandle = Pick<Candle, 'openTime' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

/** 24 h figures as decimal strings; `change` and `changePct` are signed. */
export interface Stats24h {
  /** The first candle's open. */
  open: string;
  high: string;
  low: string;
  /** The newest candle's close. */
  last: string;
  /** last − open. */
  change: string;
  /** (last − open) / open in percent, two decimals. */
  changePct: string;
  /** Base volume: Σ candle volume. */
  volume: string;
  /** Quote volume, estimated as Σ candle volume × candle close. */
  quoteVolume: string;
  /** Open time (ms) of the oldest candle counted. */
  from: number;
  /** End (ms) of the newest candle counted: the figures are as of this time. */
  to: number;
}

/**
 * The oldest minute in the window at `now`: the window is the 1440 one-minute buckets ending with the
 * one that contains `now` (so the current, still open, minute counts).
 */
export function windowStart(now: number): number {
  return bucketStart(now, '1m') - DAY_MS + MINUTE_MS;
}

/** Whether a 1m candle is inside the window at `now`. */
export function isInWindow(openTime: number, now: number): boolean {
  return openTime >= windowStart(now) && openTime <= now;
}

/**
 * Folds the 1m candles inside the window at `now` (in any order; one candle per open time) into the
 * 24 h figures; null when none is inside.
 */
export function rollingStats(candles: readonly MinuteCandle[], now: number): Stats24h | null {
  let first: MinuteCandle | undefined;
  let newest: MinuteCandle | undefined;
  let high = '';
  let low = '';
  let volume = '0';
  let quoteVolume = '0';
  for (const candle of candles) {
    if (!isInWindow(candle.openTime, now)) continue;
    if (first === undefined || candle.openTime < first.openTime) first = candle;
    if (newest === undefined || candle.openTime > newest.openTime) newest = candle;
    if (high === '' || compareDecimal(candle.high, high) > 0) high = candle.high;
    if (low === '' || compareDecimal(candle.low, low) < 0) low = candle.low;
    volume = addDecimal(volume, candle.volume);
    quoteVolume = addDecimal(quoteVolume, multiplyDecimal(candle.volume, candle.close));
  }
  if (first === undefined || newest === undefined) return null;
  return {
    open: first.open,
    high,
    low,
    last: newest.close,
    change: subtractDecimal(newest.close, first.open),
    changePct: percentChange(first.open, newest.close),
    volume,
    quoteVolume,
    from: first.openTime,
    to: Math.min(newest.openTime + MINUTE_MS, Math.max(now, newest.openTime)),
  };
}
