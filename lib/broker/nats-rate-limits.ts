// Fixed-window rate limits on JetStream KV, shared by every process on the server and exact under
// concurrency: each call is one compare-and-set of the key's `{ consumed, resetAtMs }`.
// As with rate-limiter-flexible on Redis, a window opens at a key's first call and lasts the rule's
// whole seconds. Its end is written with the clock of the process that opened it and read with the
// reader's: two processes whose clocks differ by d see that window end up to d apart (the count stays
// shared and exact). Counters live in one bucket per window length, whose max_age (bucket-wide on 2.9)
// removes a counter some time after its window ended, so keys that stop calling leave nothing behind.
import { StorageType, type KV, type KvEntry } from 'nats';
import type { RateLimitResult, RateLimitRule } from './broker.ts';
import { getOrCreate } from './get-or-create.ts';
import type { NatsLink } from './nats-connection.ts';
import { compareAndSet } from './nats-kv-cas.ts';
import type { NatsNames } from './nats-names.ts';
import { checkRule, windowSeconds } from './rate-limits.ts';

interface Window {
  consumed: number;
  resetAtMs: number;
}

// A counter outlives its window by at least this much (the max_age counts from its last write, made inside it).
const EXPIRY_MARGIN_MS = 1000;

function parseWindow(entry: KvEntry | null): Window | undefined {
  if (entry === null || entry.operation !== 'PUT') return undefined;
  const parsed: unknown = JSON.parse(entry.string());
  if (typeof parsed !== 'object' || parsed === null || !('consumed' in parsed) || !('resetAtMs' in parsed)) return undefined;
  const { consumed, resetAtMs } = parsed;
  return typeof consumed === 'number' && typeof resetAtMs === 'number' ? { consumed, resetAtMs } : undefined;
}

/** The rate-limit counters of one NATS broker. */
export class NatsRateLimits {
  private readonly buckets = new Map<number, Promise<KV>>();

  constructor(
    private readonly link: NatsLink,
    private readonly names: NatsNames,
  ) {}

  // The take under way per key in this process. A compare-and-set round is two round trips, and every
  // writer that loses one goes again: calls on one hot key (a gateway's per-address order budget at
  // 200 ops/s from one address) each racing the others lost 100 rounds in a row under load and failed.
  // One at a time per key, this process loses rounds only to other processes.
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** Counts `cost` points against `key` under `rule`; refused calls count too. */
  take(key: string, rule: RateLimitRule, cost: number): Promise<RateLimitResult> {
    const previous = this.inFlight.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.takeNow(key, rule, cost));
    this.inFlight.set(key, run);
    void run.catch(() => undefined).finally(() => this.inFlight.get(key) === run && this.inFlight.delete(key));
    return run;
  }

  private async takeNow(key: string, rule: RateLimitRule, cost: number): Promise<RateLimitResult> {
    checkRule(rule, cost);
    const seconds = windowSeconds(rule);
    return compareAndSet(await this.bucket(seconds), this.names.limit(key), (current) => {
      const nowMs = Date.now();
      const open = parseWindow(current);
      const window = open && open.resetAtMs > nowMs ? open : { consumed: 0, resetAtMs: nowMs + seconds * 1000 };
      const consumed = window.consumed + cost;
      const allowed = consumed <= rule.points;
      const result: RateLimitResult = { allowed, retryAfterMs: allowed ? 0 : Math.max(1, window.resetAtMs - nowMs), remaining: Math.max(0, rule.points - consumed) };
      return { write: JSON.stringify({ consumed, resetAtMs: window.resetAtMs }), result };
    });
  }

  private bucket(seconds: number): Promise<KV> {
    const bucket = getOrCreate(this.buckets, seconds, () =>
      this.link.connection().then(({ js }) => js.views.kv(this.names.limitBucket(seconds), { history: 1, ttl: seconds * 1000 + EXPIRY_MARGIN_MS, storage: StorageType.File })),
    );
    bucket.catch(() => this.buckets.get(seconds) === bucket && this.buckets.delete(seconds));
    return bucket;
  }
}
