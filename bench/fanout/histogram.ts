// A latency histogram with logarithmic buckets (2 % wide), so millions of samples cost a fixed few KB.

const GROWTH = 1.02;
const MIN_MS = 0.01;
const BUCKETS = Math.ceil(Math.log(1e6 / MIN_MS) / Math.log(GROWTH)) + 1;

/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Counts latencies; percentiles are read back at the middle of their bucket (±1 %). */
export class LatencyHistogram {
  private counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  record(ms: number): void {
    const index = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / Math.log(GROWTH)));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total += 1;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  reset(): void {
    this.counts = new Float64Array(BUCKETS);
    this.total = 0;
    this.maxMs = 0;
  }

  summary(): LatencySummary {
    return { count: this.total, p50Ms: this.percentile(0.5), p99Ms: this.percentile(0.99), maxMs: this.maxMs };
  }

  private percentile(q: number): number {
    if (this.total === 0) return 0;
    const rank = q * this.total;
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.maxMs, MIN_MS * GROWTH ** (i - 0.5));
    }
    return this.maxMs;
  }
}
