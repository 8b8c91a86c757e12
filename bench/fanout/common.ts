// Settings every fan-out process shares: where Redis is and which symbol is streamed.

/** Redis for the whole run (shared with other users of the machine: everything is under a per-run prefix). */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The one book every client subscribes to. */
export const SYMBOL = 'BTC-USD';
/** A broker logger that stays quiet: the benchmark prints its own table. */
export const QUIET_LOGGER = { warn: (): void => undefined, info: (): void => undefined };

/** Reads the one required argument of a child script: the run's Redis prefix. */
export function prefixArgument(): string {
  const prefix = process.argv[2];
  if (!prefix) throw new Error('usage: <script> <redis-prefix>');
  return prefix;
}
