// Reconnect and resnapshot delays: capped exponential backoff with full jitter, so many clients
// that lost the venue at once do not come back in lockstep
// (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).

/** Bounds of the delay. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Delay before retry number `attempt` (0 for the first retry): uniform in [0, min(maxMs, baseMs · 2^attempt)). */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const capMs = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.floor(random() * capMs);
}
