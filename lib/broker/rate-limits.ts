// Fixed-window rate limits over rate-limiter-flexible: one limiter per rule (points and window), kept for
// the broker's life; the memory broker counts in this process, the Redis brokers in Redis for every process.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitResult, RateLimitRule } from './broker.ts';
import { getOrCreate } from './get-or-create.ts';

/** Builds the limiter of one rule, whose window is in whole seconds. */
export type LimiterFactory = (points: number, durationSeconds: number) => RateLimiterAbstract;

/** The limiters of one broker, one per distinct rule. */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly create: LimiterFactory) {}

  /** Counts `cost` points against `key` (already the store's full name) under `rule`. */
  async take(key: string, rule: RateLimitRule, cost: number): Promise<RateLimitResult> {
    checkRule(rule, cost);
    // The stores expire a counter by the second: below one, Redis would never expire it.
    const seconds = windowSeconds(rule);
    const limiter = getOrCreate(this.limiters, `${rule.points}/${seconds}`, () => this.create(rule.points, seconds));
    try {
      const taken = await limiter.consume(key, cost);
      return { allowed: true, retryAfterMs: 0, remaining: taken.remainingPoints };
    } catch (refusal) {
      // The library rejects with its result when the points do not fit, and with an Error when the store failed.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterMs: Math.max(1, refusal.msBeforeNext), remaining: refusal.remainingPoints };
    }
  }
}

/** Refuses (RangeError) a rule or cost no store can honour: every broker checks the same way. */
export function checkRule(rule: RateLimitRule, cost: number): void {
  if (!Number.isInteger(rule.points) || rule.points < 1) throw new RangeError(`rate limit points must be a positive whole number (got ${rule.points})`);
  if (!Number.isFinite(rule.durationMs) || rule.durationMs <= 0) throw new RangeError(`rate limit durationMs must be positive (got ${rule.durationMs})`);
  if (!Number.isInteger(cost) || cost < 1) throw new RangeError(`rate limit cost must be a positive whole number (got ${cost})`);
}

/** A rule's window in whole seconds, rounded up, at least one: the stores expire counters by the second. */
export function windowSeconds(rule: RateLimitRule): number {
  return Math.max(1, Math.ceil(rule.durationMs / 1000));
}
