import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, DEFAULT_BACKOFF } from '../../../lib/client/backoff.ts';

describe('reconnect backoff', () => {
  it('doubles the ceiling each attempt up to the cap', () => {
    const atCeiling = () => 0.999_999;
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, { baseMs: 500, maxMs: 10_000 }, atCeiling));
    assert.deepEqual(delays, [499, 999, 1999, 3999, 7999, 9999, 9999]);
  });

  it('spreads delays uniformly from zero to the ceiling (full jitter)', () => {
    assert.equal(backoffDelayMs(3, DEFAULT_BACKOFF, () => 0), 0);
    assert.equal(backoffDelayMs(3, DEFAULT_BACKOFF, () => 0.5), 2000);
  });

  it('stays finite and capped after a very long outage', () => {
    assert.equal(backoffDelayMs(10_000, { baseMs: 500, maxMs: 10_000 }, () => 0.999_999), 9999);
  });

  it('treats a negative attempt as the first', () => {
    assert.equal(backoffDelayMs(-3, { baseMs: 500, maxMs: 10_000 }, () => 0.999_999), 499);
  });

  it('uses Math.random by default and stays within the ceiling', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(2);
      assert.ok(delay >= 0 && delay < 2000, `delay ${delay}`);
    }
  });
});
