// Wall-clock time in ms since the epoch with sub-millisecond resolution, for per-hop latency stamps.
// Date.now() alone counts whole ms, too coarse for a gateway hop that takes 0.2 ms; performance.now()
// is fine-grained but counts from the process's own origin. This anchors the second to the first.
// Works the same in Node and in browsers (both have Date.now and performance.now).

/** A stamp is kept to 0.1 ms: finer than any hop worth showing, and short on the wire. */
const STAMP_RESOLUTION = 10;
/** Past this drift from Date.now() the wall clock was stepped or slewed: anchor again. */
const MAX_DRIFT_MS = 2;

let anchorMs: number | undefined;

// Waits for Date.now() to tick over (at most ~1 ms, once): at that instant the wall clock is a whole
// number of ms, so the anchor is exact to the monotonic clock's resolution, not off by up to 1 ms.
function anchorAtTick(): number {
  const start = Date.now();
  for (let i = 0; i < 1_000_000; i++) {
    const wall = Date.now();
    if (wall !== start) return wall - performance.now();
  }
  return Date.now() - performance.now();
}

/** Now, in ms since the epoch, to 0.1 ms; never before Date.now(). */
export function hopClockMs(): number {
  anchorMs ??= anchorAtTick();
  const monotonic = performance.now();
  const wall = Date.now();
  let now = anchorMs + monotonic;
  if (Math.abs(now - wall) > MAX_DRIFT_MS) {
    anchorMs = wall - monotonic;
    now = wall;
  }
  // Another process's Date.now() stamp (the feed's ts) must not look later than this one for the same instant.
  return Math.round(Math.max(now, wall) * STAMP_RESOLUTION) / STAMP_RESOLUTION;
}
