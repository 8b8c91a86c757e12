// Reconnect delays: exponential backoff with full jitter, so a restarted server is not hit by every
// client at the same instant. Why full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

/** The growth of the delay ceiling: `baseMs · 2^attempt`, capped at `maxMs`. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** 0.5 s, 1 s, 2 s, … up to 10 s: a restarted local server is found within seconds, a dead one is not hammered. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

/** The delay before reconnect attempt `attempt` (0 = the first retry): uniform in [0, min(maxMs, baseMs·2^attempt)). */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  // The exponent is clamped so a long outage cannot overflow to Infinity before the cap applies.
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * ceiling);
}
