// The hop clock: the wall clock (Date.now) to 0.1 ms, never behind it, never going back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hopClockMs } from '../../lib/hop-clock.ts';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('hopClockMs', () => {
  it('reads the wall clock to a tenth of a ms: between Date.now() before and after, in order, not whole ms only', () => {
    const stamps: number[] = [];
    for (let i = 0; i < 500; i++) {
      const before = Date.now();
      const stamp = hopClockMs();
      const after = Date.now();
      // Date.now() floors to the ms and a stamp rounds to 0.1 ms: it may read after + 1 at the very end of a ms.
      assert.ok(stamp >= before && stamp <= after + 1, `${stamp} within [${before}, ${after + 1}]`);
      assert.equal(Math.round(stamp * 10) / 10, stamp, 'kept to 0.1 ms');
      stamps.push(stamp);
      spin(0.03);
    }
    assert.ok(
      stamps.every((stamp, i) => i === 0 || stamp >= (stamps[i - 1] ?? 0)),
      'never goes back',
    );
    const fractional = stamps.filter((stamp) => !Number.isInteger(stamp)).length;
    assert.ok(fractional > stamps.length / 2, `${fractional} of ${stamps.length} stamps have a fraction of a ms`);
  });

  it('never goes back when the thread is paused between reading the two clocks', async (t) => {
    // A fresh copy of the module (its anchor is module state) on clocks the test drives: the true time
    // moves only when the test says, and once 3 ms pass between the wall read and the monotonic one.
    let trueMs = 1_700_000_000_000.25;
    let pauseAfterWallRead = false;
    t.mock.method(Date, 'now', () => {
      const wall = Math.floor(trueMs);
      if (pauseAfterWallRead) trueMs += 3;
      pauseAfterWallRead = false;
      return wall;
    });
    t.mock.method(performance, 'now', () => (trueMs += 0.01) - 1_699_999_000_000);
    const { hopClockMs: freshClock } = (await import(`../../lib/hop-clock.ts?paused=${Date.now()}`)) as typeof import('../../lib/hop-clock.ts');
    const stamps = [freshClock(), freshClock()];
    pauseAfterWallRead = true;
    stamps.push(freshClock());
    trueMs += 0.2;
    stamps.push(freshClock(), freshClock());
    assert.ok(stamps.every((stamp, i) => i === 0 || stamp >= (stamps[i - 1] ?? 0)), `in order: ${stamps.join(', ')}`);
  });

  it('measures a 5 ms spin as 5 ms, to its resolution', () => {
    const start = hopClockMs();
    spin(5);
    const elapsed = hopClockMs() - start;
    assert.ok(elapsed >= 4.9 && elapsed < 50, `elapsed ${elapsed}`);
  });
});
