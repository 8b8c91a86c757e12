import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barFromCandle, mergeHistory, mergeLiveBar, type Bar } from '../../../lib/client/candle-merge.ts';

function bar(time: number, close: number, isClosed = true, volume = 1): Bar {
  return { time, open: close, high: close, low: close, close, volume, isClosed };
}

describe('candle merging', () => {
  it('converts a wire candle to a bar in UTC seconds with numeric fields', () => {
    const converted = barFromCandle({ openTime: 1_764_161_040_000, open: '65000.1', high: '65010.0', low: '64990.5', close: '65005.0', volume: '1.25000000', isClosed: false });
    assert.deepEqual(converted, { time: 1_764_161_040, open: 65000.1, high: 65010, low: 64990.5, close: 65005, volume: 1.25, isClosed: false });
  });

  it('drops a candle whose fields are not numbers', () => {
    assert.equal(barFromCandle({ openTime: 60_000, open: 'x', high: '1', low: '1', close: '1', volume: '1', isClosed: true }), null);
    assert.equal(barFromCandle({ openTime: Number.NaN, open: '1', high: '1', low: '1', close: '1', volume: '1', isClosed: true }), null);
  });

  it('updates the last bar in place for the same bucket', () => {
    const bars = [bar(60, 1), bar(120, 2, false)];
    assert.equal(mergeLiveBar(bars, bar(120, 3, false)), 'update');
    assert.deepEqual(bars, [bar(60, 1), bar(120, 3, false)]);
  });

  it('appends a newer bucket', () => {
    const bars = [bar(60, 1)];
    assert.equal(mergeLiveBar(bars, bar(120, 2, false)), 'append');
    assert.equal(bars.length, 2);
  });

  it('never inserts or rewrites a bar older than the last one', () => {
    const bars = [bar(60, 1), bar(120, 2)];
    assert.equal(mergeLiveBar(bars, bar(60, 9)), 'ignore');
    assert.equal(mergeLiveBar(bars, bar(0, 9)), 'ignore');
    assert.deepEqual(bars, [bar(60, 1), bar(120, 2)]);
  });

  it('keeps a closed last bar when a late open update of it arrives', () => {
    const bars = [bar(120, 2, true)];
    assert.equal(mergeLiveBar(bars, bar(120, 7, false)), 'ignore');
    assert.deepEqual(bars, [bar(120, 2, true)]);
  });

  it('starts an empty series with the first live bar', () => {
    const bars: Bar[] = [];
    assert.equal(mergeLiveBar(bars, bar(60, 1, false)), 'append');
    assert.deepEqual(bars, [bar(60, 1, false)]);
  });

  it('joins history with the live bars received while it loaded, ascending and without duplicates', () => {
    const history = [bar(60, 1), bar(120, 2), bar(180, 3)];
    const live = [bar(180, 3.5, false), bar(240, 4, false)];
    assert.deepEqual(mergeHistory(history, live), [bar(60, 1), bar(120, 2), bar(180, 3), bar(240, 4, false)]);
  });

  it('prefers a closed live bar over the open one in history, and the live one when both are open', () => {
    assert.deepEqual(mergeHistory([bar(60, 1, false)], [bar(60, 2, true)]), [bar(60, 2, true)]);
    assert.deepEqual(mergeHistory([bar(60, 1, false)], [bar(60, 2, false)]), [bar(60, 2, false)]);
  });

  it('sorts history that arrives out of order', () => {
    assert.deepEqual(mergeHistory([bar(180, 3), bar(60, 1)], []).map((b) => b.time), [60, 180]);
  });
});
