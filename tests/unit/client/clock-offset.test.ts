import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClockOffset } from '../../../lib/client/clock-offset.ts';

/** A ping whose answer the server stamped `serverDelayMs` after it left, on a clock `offsetMs` ahead of the page's. */
function ping(sentAtMs: number, rttMs: number, serverDelayMs: number, offsetMs: number) {
  return { sentAtMs, receivedAtMs: sentAtMs + rttMs, serverTs: Math.floor(sentAtMs + serverDelayMs + offsetMs) };
}

describe('ClockOffset', () => {
  it('knows nothing before the first pong', () => {
    const clock = new ClockOffset();
    assert.equal(clock.estimate(), undefined);
    assert.equal(clock.offsetMs, 0);
  });

  it('applies no correction when the clocks cannot be told apart (one machine: one clock)', () => {
    const clock = new ClockOffset();
    clock.add(ping(10_000.3, 0.8, 0.4, 0));
    clock.add(ping(15_000.6, 2.5, 2.0, 0));
    const estimate = clock.estimate();
    assert.equal(estimate?.isApplied, false);
    assert.equal(estimate?.offsetMs, 0);
    assert.equal(clock.offsetMs, 0);
  });

  it('estimates a server clock 250 ms ahead to within half the best round trip, from the pong with the shortest one', () => {
    const clock = new ClockOffset();
    clock.add(ping(1000, 40, 35, 250)); // a slow, lopsided answer: alone it would be 17 ms off
    clock.add(ping(6000, 4, 2, 250));
    clock.add(ping(11_000, 30, 5, 250));
    const estimate = clock.estimate();
    assert.ok(estimate?.isApplied);
    assert.ok(Math.abs(estimate.offsetMs - 250) <= 2.5, `offset ${estimate.offsetMs}`);
    assert.equal(estimate.uncertaintyMs, 2.5, 'half of the 4 ms round trip plus the whole-ms serverTs');
  });

  it('estimates a server clock behind the page too', () => {
    const clock = new ClockOffset();
    clock.add(ping(50_000, 2, 1, -1200));
    assert.ok(Math.abs(clock.offsetMs + 1200) <= 1.5, `offset ${clock.offsetMs}`);
  });

  it('ignores an impossible ping and forgets everything on clear', () => {
    const clock = new ClockOffset();
    clock.add({ sentAtMs: 10, receivedAtMs: 5, serverTs: 7 });
    clock.add({ sentAtMs: Number.NaN, receivedAtMs: 5, serverTs: 7 });
    assert.equal(clock.estimate(), undefined);
    clock.add(ping(0, 2, 1, 500));
    assert.ok(clock.estimate());
    clock.clear();
    assert.equal(clock.estimate(), undefined);
  });
});
