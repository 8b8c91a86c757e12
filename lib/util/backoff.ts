// Retry delays: capped exponential backoff with full jitter, so clients that lost a server together
// do not come back in lockstep. Why full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
// Pure (no I/O, no clock, the random source is a parameter), so the browser and Node share it.

/** The growth of the delay ceiling: `baseMs · 2^attempt`, capped at `maxMs`. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * The delay before retry `attempt` (0 = the first retry): `floor(random() · min(maxMs, baseMs·2^attempt))`,
 * uniform in [0, ceiling) for a `random` in [0, 1); `() => 1` gives the ceiling itself (no jitter).
 * It references nothing outside its own body, so it can also be sent inline (the ticker widget's script).
 */
// eslint-disable-next-line no-restricted-properties -- only the default: every test passes its own source
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  // The exponent is clamped so a long outage cannot overflow to Infinity before the cap applies.
  const ceilingMs = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * ceilingMs);
}
