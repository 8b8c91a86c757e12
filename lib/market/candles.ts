// Candle aggregation in one import: timeframes, the live aggregator and 1m → coarser derivation.
export { TIMEFRAMES, TIMEFRAME_NAMES, bucketStart, isTimeframe, type Timeframe } from './timeframes';
export type { Candle } from './candle';
export { CandleAggregator } from './candle-aggregator';
export { aggregateCandles } from './aggregate-candles';
