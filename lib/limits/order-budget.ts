// The order-op budget's arithmetic, shared by the gateway (which enforces it, counted in the broker so
// every node sees the same counts) and the engine (whose own place limiter is only a backstop above it).
import type { RateLimitRule } from '../broker/broker.ts';

/** A budget as configured: ops per second on average, and how many may come at once. */
export interface OpsRate {
  opsPerSecond: number;
  burst: number;
}

/**
 * The fixed window that enforces a rate: `burst` ops per window of burst/opsPerSecond seconds (rounded up
 * to whole seconds, the stores' unit), so the average never passes `opsPerSecond` and `burst` may come at once.
 */
export function windowRule(rate: OpsRate): RateLimitRule {
  const seconds = Math.max(1, Math.ceil(rate.burst / rate.opsPerSecond));
  return { points: rate.burst, durationMs: seconds * 1000 };
}

/**
 * The engine's token bucket for the same budget, loose enough never to refuse what the gateway let
 * through: two windows can meet back to back (a full window's ops at the end of one and at the start
 * of the next), so the bucket holds two windows' worth and refills at the window's average rate.
 * Only a client that reaches the queue without the gateway's check (none should) ever meets it.
 */
export function engineBackstop(rate: OpsRate): { opsPerSecond: number; opsBurst: number } {
  const rule = windowRule(rate);
  return { opsPerSecond: rule.points / (rule.durationMs / 1000), opsBurst: 2 * rule.points };
}
