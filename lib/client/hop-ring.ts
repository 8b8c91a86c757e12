// The last N per-hop latency samples and their percentiles: a fixed ring per hop (no allocation per
// sample), so a page can keep timing every delta for hours. Pure: the caller supplies every number.

/** One hop's median and 99th percentile over the samples kept, in ms. */
export interface HopPercentiles {
  p50: number;
  p99: number;
}

/** What the ring holds now: each hop's percentiles (undefined before any sample) and how many samples. */
export interface HopSummary {
  count: number;
  hops: (HopPercentiles | undefined)[];
}

/** A bounded ring of samples, each one duration per hop. */
export class HopRing {
  private readonly columns: Float64Array[];
  private next = 0;
  private filled = 0;

  constructor(
    readonly hopCount: number,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(hopCount) || hopCount < 1) throw new RangeError(`hopCount must be a positive integer, got ${hopCount}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.columns = Array.from({ length: hopCount }, () => new Float64Array(capacity));
  }

  /** Samples kept (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /** Adds one sample, its durations in hop order; the oldest one goes once the ring is full. */
  add(durations: readonly number[]): void {
    if (durations.length !== this.hopCount) throw new RangeError(`a sample has ${this.hopCount} durations, got ${durations.length}`);
    durations.forEach((value, hop) => {
      (this.columns[hop] as Float64Array)[this.next] = value;
    });
    this.next = (this.next + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
  }

  /** Forgets every sample. */
  clear(): void {
    this.next = 0;
    this.filled = 0;
  }

  /** p50 and p99 of each hop over the samples kept. */
  summary(): HopSummary {
    const hops = this.columns.map((column) => {
      if (this.filled === 0) return undefined;
      const sorted = column.slice(0, this.filled).sort();
      return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
    });
    return { count: this.filled, hops };
  }
}

/** Nearest-rank percentile of ascending values: the smallest value with at least `p` of them at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
