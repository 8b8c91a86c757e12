import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatClock, formatPct, formatUsd, formatVolume, groupThousands, trimSize } from '../../../lib/client/format.ts';

describe('display formatting by locale', () => {
  it('groups exact decimals without rounding them, in English and Korean alike', () => {
    for (const locale of ['en', 'ko'] as const) {
      assert.equal(groupThousands('-65012.30', locale), '-65,012.30');
      assert.equal(groupThousands('123456789.123456789', locale), '123,456,789.123456789');
      assert.equal(formatUsd(-1234.5, locale), '-1,234.50');
      assert.equal(formatPct('0.5', locale), '+0.50%');
      assert.equal(trimSize('1234.50000000', 8, locale), '1,234.5');
    }
    assert.equal(groupThousands('65012.3'), '65,012.3', 'English by default');
  });

  it('shows volumes in each language\'s compact units', () => {
    assert.deepEqual([1234.5, 3_456_789, 1.2e9].map((v) => formatVolume(v, 'en')), ['1.23K', '3.46M', '1.20B']);
    // Korean counts in 만 (10⁴) and 억 (10⁸); below 만 the number is written out.
    assert.deepEqual([1234.5, 3_456_789, 1.2e9].map((v) => formatVolume(v, 'ko')), ['1,234.50', '345.68만', '12억']);
    assert.equal(formatVolume(0.5, 'ko'), '0.500');
    assert.equal(formatVolume(Number.NaN, 'en'), '—');
  });

  it('shows clock times on a 24-hour clock in the viewer\'s time zone', () => {
    const afternoon = new Date(2026, 10, 26, 14, 5, 3).getTime();
    assert.equal(formatClock(afternoon, 'en'), '14:05:03');
    assert.equal(formatClock(afternoon, 'ko'), '14:05:03');
    assert.equal(formatClock(new Date(2026, 0, 1, 0, 0, 9).getTime(), 'ko'), '00:00:09');
  });
});
