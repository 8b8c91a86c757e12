// The one backoff: capped exponential growth, full jitter, a random source that tests can fix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, type BackoffOptions } from '../../../lib/util/backoff.ts';

const OPTIONS: BackoffOptions = { baseMs: 500, maxMs: 10_000 };
const atCeiling = (): number => 0.999_999;

describe('backoff delay', () => {
  it('doubles the ceiling each attempt up to the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, OPTIONS, atCeiling));
    assert.deepEqual(delays, [499, 999, 1999, 3999, 7999, 9999, 9999]);
  });

  it('gives the ceiling itself for a random source of 1 (no jitter)', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, { baseMs: 100, maxMs: 2000 }, () => 1));
    assert.deepEqual(delays, [100, 200, 400, 800, 1600, 2000]);
  });

  it('spreads delays uniformly from zero to the ceiling (full jitter)', () => {
    assert.equal(backoffDelayMs(3, OPTIONS, () => 0), 0);
    assert.equal(backoffDelayMs(3, OPTIONS, () => 0.25), 1000);
    assert.equal(backoffDelayMs(3, OPTIONS, () => 0.5), 2000);
    assert.equal(backoffDelayMs(3, OPTIONS, atCeiling), 3999);
  });

  it('returns whole milliseconds', () => {
    assert.equal(backoffDelayMs(0, { baseMs: 250, maxMs: 5000 }, () => 0.123), 30);
  });

  it('never exceeds the cap, however large the base', () => {
    assert.equal(backoffDelayMs(0, { baseMs: 50_000, maxMs: 2000 }, () => 1), 2000);
  });

  it('stays finite and capped after a very long outage', () => {
    assert.equal(backoffDelayMs(10_000, OPTIONS, atCeiling), 9999);
    assert.equal(backoffDelayMs(Number.MAX_SAFE_INTEGER, OPTIONS, () => 1), 10_000);
  });

  it('treats a negative attempt as the first', () => {
    assert.equal(backoffDelayMs(-3, OPTIONS, atCeiling), 499);
  });

  it('uses Math.random by default and stays within [0, ceiling)', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(2, OPTIONS);
      assert.ok(Number.isInteger(delay) && delay >= 0 && delay < 2000, `delay ${delay}`);
    }
  });

  it('works from its own source text alone, as the ticker widget receives it', () => {
    const inline = new Function(`return (${backoffDelayMs.toString()});`)() as typeof backoffDelayMs;
    for (const attempt of [0, 3, 40]) assert.equal(inline(attempt, OPTIONS, () => 0.5), backoffDelayMs(attempt, OPTIONS, () => 0.5));
    const delay = inline(2, OPTIONS);
    assert.ok(delay >= 0 && delay < 2000, `delay ${delay}`);
  });
});
