// A token bucket per account, driven by the request's own timestamp (the gateway's receivedAt) so a
// redelivered queue entry is judged by when it arrived, not by when the engine got to it.

interface Bucket {
  tokens: number;
  atMs: number;
}

const PRUNE_EVERY_CALLS = 1000;

/** Allows `ratePerSecond` ops per account on average and `burst` at once. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private calls = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key` at `nowMs`; false when the bucket is empty. */
  tryTake(key: string, nowMs: number): boolean {
    if (++this.calls % PRUNE_EVERY_CALLS === 0) this.prune(nowMs);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, atMs: nowMs };
    // Time that runs backwards (another gateway's clock) refills nothing rather than draining.
    const elapsedMs = Math.max(0, nowMs - bucket.atMs);
    const tokens = Math.min(this.burst, bucket.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    const hasToken = tokens >= 1;
    this.buckets.set(key, { tokens: hasToken ? tokens - 1 : tokens, atMs: Math.max(nowMs, bucket.atMs) });
    return hasToken;
  }

  /** Remembers the buckets of `keys`; calling the result puts them back (tokens taken by work that was rolled back). */
  remember(keys: Iterable<string>): () => void {
    const saved = new Map<string, Bucket | undefined>();
    for (const key of keys) saved.set(key, this.buckets.get(key));
    return () => {
      for (const [key, bucket] of saved) {
        if (bucket === undefined) this.buckets.delete(key);
        else this.buckets.set(key, bucket);
      }
    };
  }

  // A bucket that has refilled completely is the same as no bucket: forget it.
  private prune(nowMs: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.atMs) * this.ratePerSecond) / 1000 >= this.burst) this.buckets.delete(key);
    }
  }
}
