import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HopRing, percentile } from '../../../lib/client/hop-ring.ts';

describe('HopRing', () => {
  it('answers p50 and p99 per hop over the samples kept', () => {
    const ring = new HopRing(2, 100);
    // Hop 0: 1..100 ms; hop 1: ten times that, in reverse order of arrival.
    for (let i = 1; i <= 100; i++) ring.add([i, (101 - i) * 10]);
    const { count, hops } = ring.summary();
    assert.equal(count, 100);
    assert.deepEqual(hops, [
      { p50: 50, p99: 99 },
      { p50: 500, p99: 990 },
    ]);
  });

  it('keeps only the last N samples: the oldest go first', () => {
    const ring = new HopRing(1, 10);
    for (let i = 0; i < 10; i++) ring.add([1000]); // an old slow spell
    for (let i = 1; i <= 10; i++) ring.add([i]);
    assert.equal(ring.size, 10);
    assert.deepEqual(ring.summary().hops[0], { p50: 5, p99: 10 }, 'none of the 1000 ms samples is left');
    ring.add([7]);
    assert.deepEqual(ring.summary().hops[0], { p50: 6, p99: 10 }, 'the 1 ms sample went');
  });

  it('has no figures before the first sample, and none after clear', () => {
    const ring = new HopRing(3, 4);
    assert.deepEqual(ring.summary(), { count: 0, hops: [undefined, undefined, undefined] });
    ring.add([1, 2, 3]);
    ring.clear();
    assert.equal(ring.summary().count, 0);
  });

  it('refuses a sample of the wrong width and a ring of no size', () => {
    const ring = new HopRing(4, 8);
    assert.throws(() => ring.add([1, 2, 3]), RangeError);
    assert.throws(() => new HopRing(4, 0), RangeError);
    assert.throws(() => new HopRing(0, 8), RangeError);
  });
});

describe('percentile', () => {
  it('is the nearest-rank value', () => {
    assert.equal(percentile([5], 0.99), 5);
    assert.equal(percentile([1, 2], 0.5), 1);
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2);
    assert.equal(percentile([1, 2, 3, 4], 0.99), 4);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });
});
