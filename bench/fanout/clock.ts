// One clock for every benchmark process: wall-clock milliseconds with sub-millisecond precision, so a
// delta's publish time (set by the publisher) can be compared with its arrival (seen by the load generator).

/** Epoch milliseconds, fractional. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
