// The rolling 24 h figures: equal to a brute-force fold over the candles inside the window, exact in
// decimals, and what leaves the window leaves the figures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DAY_MS, isInWindow, rollingStats, windowStart, type MinuteCandle } from '../../../lib/market/rolling-stats.ts';
import { multiplyDecimal, percentChange, subtractDecimal } from '../../../lib/market/signed-decimal.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 6, 12, 30, 15, 250);

/** Integer units at a precision as a decimal string (2 decimals for prices, 4 for sizes here). */
function text(units: bigint, precision: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(precision + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

interface RawCandle {
  minute: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

function candle(raw: RawCandle): MinuteCandle {
  return { openTime: raw.minute * MINUTE, open: text(raw.open, 2), high: text(raw.high, 2), low: text(raw.low, 2), close: text(raw.close, 2), volume: text(raw.volume, 4) };
}

const nowMinute = Math.floor(NOW / MINUTE);
const rawCandle = fc
  .record({
    // Two days around now, so many candles fall outside the window on either side.
    minute: fc.integer({ min: nowMinute - 2 * 1440, max: nowMinute + 30 }),
    prices: fc.array(fc.bigInt({ min: 1n, max: 10_000_000n }), { minLength: 4, maxLength: 4 }),
    volume: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  })
  .map(({ minute, prices, volume }): RawCandle => {
    const [a = 1n, b = 1n, c = 1n, d = 1n] = prices;
    const sorted = [a, b, c, d].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return { minute, open: b, high: sorted[3] ?? a, low: sorted[0] ?? a, close: c, volume };
  });

/** The figures the slow way: filter by time, sort, then fold in integers. */
function bruteForce(raws: readonly RawCandle[], now: number) {
  const inside = raws.filter((r) => r.minute * MINUTE <= now && r.minute * MINUTE > now - DAY_MS - (now % MINUTE)).sort((x, y) => x.minute - y.minute);
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last) return null;
  const high = inside.reduce((m, r) => (r.high > m ? r.high : m), 0n);
  const low = inside.reduce((m, r) => (r.low < m ? r.low : m), first.low);
  const volume = inside.reduce((s, r) => s + r.volume, 0n);
  const quote = inside.reduce((s, r) => s + r.volume * r.close, 0n);
  const pctTimes100 = Number(((last.close - first.open) * 10_000n * 1000n) / first.open) / 1000;
  return {
    open: text(first.open, 2),
    high: text(high, 2),
    low: text(low, 2),
    last: text(last.close, 2),
    change: text(last.close - first.open, 2),
    pct: pctTimes100 / 100,
    volume: text(volume, 4),
    quoteVolume: text(quote, 6),
    from: first.minute * MINUTE,
  };
}

describe('rollingStats', () => {
  it('equals a brute-force fold over the candles inside the window, in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(rawCandle, { selector: (r) => r.minute, maxLength: 120 }), fc.integer({ min: 0, max: 40 * MINUTE }), (raws, later) => {
        const now = NOW + later;
        const stats = rollingStats(raws.map(candle), now);
        const expected = bruteForce(raws, now);
        if (expected === null) return assert.equal(stats, null);
        assert.ok(stats);
        assert.deepEqual(
          { open: stats.open, high: stats.high, low: stats.low, last: stats.last, change: stats.change, volume: stats.volume, quoteVolume: stats.quoteVolume, from: stats.from },
          { open: expected.open, high: expected.high, low: expected.low, last: expected.last, change: expected.change, volume: expected.volume, quoteVolume: expected.quoteVolume, from: expected.from },
        );
        assert.ok(Math.abs(Number(stats.changePct) - expected.pct) <= 0.005 + 1e-9, `${stats.changePct} vs ${expected.pct}`);
      }),
      { numRuns: 300 },
    );
  });

  it('counts exactly the 1440 minutes ending with the current one', () => {
    const start = windowStart(NOW);
    assert.equal(start, Math.floor(NOW / MINUTE) * MINUTE - DAY_MS + MINUTE);
    assert.ok(isInWindow(start, NOW));
    assert.ok(!isInWindow(start - MINUTE, NOW));
    assert.ok(isInWindow(Math.floor(NOW / MINUTE) * MINUTE, NOW));
    assert.ok(!isInWindow(Math.floor(NOW / MINUTE) * MINUTE + MINUTE, NOW));
  });

  it('drops the high, low and volume of a minute once it leaves the window', () => {
    const start = windowStart(NOW);
    const old: MinuteCandle = { openTime: start, open: '100.00', high: '150.00', low: '50.00', close: '101.00', volume: '7.0000' };
    const recent: MinuteCandle = { openTime: start + 600 * MINUTE, open: '101.00', high: '103.00', low: '99.00', close: '102.00', volume: '1.5000' };
    const now = rollingStats([old, recent], NOW);
    assert.deepEqual(
      now && [now.open, now.high, now.low, now.last, now.change, now.changePct, now.volume, now.quoteVolume, now.from, now.to],
      ['100.00', '150.00', '50.00', '102.00', '2.00', '2.00', '8.5000', '860.000000', start, start + 601 * MINUTE],
    );
    const minuteLater = rollingStats([old, recent], NOW + MINUTE);
    assert.deepEqual(
      minuteLater && [minuteLater.open, minuteLater.high, minuteLater.low, minuteLater.change, minuteLater.changePct, minuteLater.volume, minuteLater.from],
      ['101.00', '103.00', '99.00', '1.00', '0.99', '1.5000', start + 600 * MINUTE],
    );
    assert.equal(rollingStats([old, recent], NOW + DAY_MS), null);
  });

  it('is as of now while the newest minute is still open', () => {
    const current: MinuteCandle = { openTime: Math.floor(NOW / MINUTE) * MINUTE, open: '1.0', high: '1.0', low: '1.0', close: '0.9', volume: '2' };
    const stats = rollingStats([current], NOW);
    assert.equal(stats?.to, NOW);
    assert.equal(stats?.change, '-0.1');
    assert.equal(stats?.changePct, '-10.00');
  });
});

describe('signed decimals', () => {
  it('subtracts, multiplies and takes a percent change exactly', () => {
    assert.equal(subtractDecimal('1.5', '2.25'), '-0.75');
    assert.equal(subtractDecimal('-1', '-1.0'), '0.0');
    assert.equal(multiplyDecimal('0.00000001', '65000.1'), '0.000650001');
    assert.equal(multiplyDecimal('-2.5', '4'), '-10.0');
    assert.equal(percentChange('3', '4'), '33.33');
    assert.equal(percentChange('3', '2'), '-33.33');
    assert.equal(percentChange('8', '9'), '12.50');
    assert.equal(percentChange('200', '199.99'), '-0.01');
    assert.equal(percentChange('0', '5'), '0.00');
    assert.throws(() => subtractDecimal('1e-8', '1'), RangeError);
  });
});
