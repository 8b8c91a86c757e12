// Handshakes per client address on this node: a token bucket per limit key (an IPv4 address, an IPv6
// /64), so one client cannot keep a node busy opening, refusing and looking up sockets. A bucket that
// has filled up again is forgotten, so the map holds only the addresses seen in the last few seconds.

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Token buckets of `burst` handshakes refilled at `perSecond`, one per key. */
export class HandshakeRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  // How long an emptied bucket takes to fill: the age past which a bucket is full and can be dropped.
  private readonly refillMs: number;
  private lastSweepMs: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    nowMs = Date.now(),
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError('the handshake rate must be > 0 and its burst ≥ 1');
    this.refillMs = (burst / perSecond) * 1000;
    this.lastSweepMs = nowMs;
  }

  /** Takes a handshake for `key`: undefined when allowed, else the whole seconds (≥ 1) until the next one would be. */
  take(key: string, nowMs = Date.now()): number | undefined {
    if (nowMs - this.lastSweepMs >= this.refillMs) this.sweep(nowMs);
    const bucket = this.buckets.get(key);
    const tokens = bucket === undefined ? this.burst : this.tokensOf(bucket, nowMs);
    if (tokens < 1) {
      if (bucket) Object.assign(bucket, { tokens, atMs: nowMs });
      return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
    }
    this.buckets.set(key, { tokens: tokens - 1, atMs: nowMs });
    return undefined;
  }

  /** Keys currently tracked (for tests and stats). */
  get size(): number {
    return this.buckets.size;
  }

  private tokensOf(bucket: Bucket, nowMs: number): number {
    return Math.min(this.burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) * this.perSecond) / 1000);
  }

  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const [key, bucket] of this.buckets) if (this.tokensOf(bucket, nowMs) >= this.burst) this.buckets.delete(key);
  }
}
