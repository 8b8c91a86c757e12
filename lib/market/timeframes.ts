// Candle timeframes and the UTC-aligned buckets they cut time into.

/** Every timeframe and its length in ms; buckets align to the Unix epoch, so 1d is a UTC day. */
export const TIMEFRAMES = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
} as const;

/** A timeframe name such as '1m'. */
export type Timeframe = keyof typeof TIMEFRAMES;

/** Timeframe names from finest to coarsest. */
export const TIMEFRAME_NAMES: readonly Timeframe[] = ['1s', '1m', '5m', '15m', '1h', '1d'];

/** Whether an untrusted string names a timeframe. */
export function isTimeframe(name: string): name is Timeframe {
  return Object.hasOwn(TIMEFRAMES, name);
}

/** Start (ms) of the bucket of `timeframe` that contains `ts`. */
export function bucketStart(ts: number, timeframe: Timeframe): number {
  const ms = TIMEFRAMES[timeframe];
  return Math.floor(ts / ms) * ms;
}
