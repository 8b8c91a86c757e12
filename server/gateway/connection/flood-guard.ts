// Tells a client that ignores RATE_LIMITED replies from one that bursts now and then.

/** Counts rejected frames in a fixed window; `record` says when the count reaches the limit. */
export class FloodGuard {
  private windowStartMs = 0;
  private rejected = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records one rejected frame; true once `limit` were rejected within one window. */
  record(nowMs = Date.now()): boolean {
    if (nowMs - this.windowStartMs >= this.windowMs) {
      this.windowStartMs = nowMs;
      this.rejected = 0;
    }
    this.rejected += 1;
    return this.rejected >= this.limit;
  }
}
