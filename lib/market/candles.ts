// Candle aggregation in one import: timeframes, the live aggregator and 1m → coarser derivation.
export { TIMEFRAMES, TIMEFRAME_NAMES, bucketStart, isTimeframe, type Timeframe } from './timeframes.ts';
export type { Candle } from './candle.ts';
export { CandleAggregator } from './candle-aggregator.ts';
export { aggregateCandles } from './aggregate-candles.ts';
