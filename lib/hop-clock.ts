// Wall-clock time in ms since the epoch with sub-millisecond resolution, for per-hop latency stamps.
// Date.now() alone counts whole ms, too coarse for a gateway hop that takes 0.2 ms; performance.now()
// is fine-grained but counts from the process's own origin. This anchors the second to the first.
// Works the same in Node and in browsers (both have Date.now and performance.now).

/** A stamp is kept to 0.1 ms: finer than any hop worth showing, and short on the wire. */
const STAMP_RESOLUTION = 10;
/** Past this, the wall clock was stepped back (an NTP correction): anchor again, to it. */
const MAX_AHEAD_MS = 2;
/** How long the first call samples the two clocks to find the anchor. */
const ANCHOR_SAMPLING_MS = 1;

/**
 * Wall clock minus monotonic clock. Date.now() is the wall clock floored to a whole ms, so each
 * reading of `Date.now() - performance.now()` is up to 1 ms below the true difference and never above
 * it (the wall clock is read first): the largest reading is the closest, and every call offers one.
 */
let anchorMs: number | undefined;

function initialAnchor(): number {
  let best = Number.NEGATIVE_INFINITY;
  const start = performance.now();
  do {
    const wall = Date.now();
    best = Math.max(best, wall - performance.now());
  } while (performance.now() - start < ANCHOR_SAMPLING_MS);
  return best;
}

/** Now, in ms since the epoch, to 0.1 ms; never before Date.now(). */
export function hopClockMs(): number {
  anchorMs ??= initialAnchor();
  // The wall clock is read between two monotonic readings. A thread paused between the reads must not
  // look like a wall clock stepped back: that test uses the reading before (a pause only makes `wall`
  // later), and the anchor is raised with the one after (a pause only makes it lower), so neither moves
  // the stamps back.
  const monotonicBefore = performance.now();
  const wall = Date.now();
  const monotonic = performance.now();
  if (anchorMs + monotonicBefore > wall + MAX_AHEAD_MS) anchorMs = wall - monotonic;
  anchorMs = Math.max(anchorMs, wall - monotonic);
  return Math.round((anchorMs + monotonic) * STAMP_RESOLUTION) / STAMP_RESOLUTION;
}
