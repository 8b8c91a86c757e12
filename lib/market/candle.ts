// The OHLCV candle as published: decimal strings at the instrument's precision.
import type { Timeframe } from './timeframes.ts';

/** One OHLCV bucket. Each candle opens at the previous close, so frames are continuous. */
export interface Candle {
  symbol: string;
  timeframe: Timeframe;
  /** Bucket start, ms since the epoch. */
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  trades: number;
  /** False while the bucket is still open and may change. */
  isClosed: boolean;
}
