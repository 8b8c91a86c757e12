// The browser's day of 1m candles: a closed minute is final, malformed candles are refused, and
// minutes leave as the window slides.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MinuteWindow, type IncomingMinute } from '../../../lib/client/minute-window.ts';
import { DAY_MS } from '../../../lib/market/rolling-stats.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);

function minute(openTime: number, close: string, volume: string, isClosed: boolean): IncomingMinute {
  const isUp = Number(close) > 100;
  return { openTime, open: '100.0', high: isUp ? close : '100.0', low: isUp ? '100.0' : close, close, volume, isClosed };
}

describe('MinuteWindow', () => {
  it('keeps a closed minute over a late open update of it, and takes live updates of the open one', () => {
    const window = new MinuteWindow(() => T0 + MINUTE + 5_000);
    assert.ok(window.add(minute(T0, '101.0', '2', true)));
    assert.ok(!window.add(minute(T0, '150.0', '1', false)));
    assert.ok(window.add(minute(T0 + MINUTE, '99.0', '0.5', false)));
    assert.ok(window.add(minute(T0 + MINUTE, '98.0', '0.75', false)));
    const stats = window.stats();
    assert.deepEqual(stats && [stats.high, stats.low, stats.last, stats.volume, stats.to], ['101.0', '98.0', '98.0', '2.75', T0 + MINUTE + 5_000]);
  });

  it('refuses malformed candles', () => {
    const window = new MinuteWindow(() => T0);
    assert.ok(!window.add({ ...minute(T0, '1e-8', '1', true) }));
    assert.ok(!window.add({ ...minute(T0, '100.0', '-1', true) }));
    assert.ok(!window.add({ ...minute(Number.NaN, '100.0', '1', true) }));
    assert.equal(window.stats(), null);
  });

  it('forgets minutes as they leave the window', () => {
    let now = T0 + 30_000;
    const window = new MinuteWindow(() => now);
    window.add(minute(T0, '120.0', '5', true));
    window.add(minute(T0 + 10 * MINUTE, '101.0', '1', true));
    assert.equal(window.stats()?.high, '120.0');
    now = T0 + DAY_MS + 30_000;
    assert.deepEqual([window.stats()?.high, window.stats()?.volume], ['101.0', '1']);
    now += 10 * MINUTE;
    assert.equal(window.stats(), null);
  });
});
