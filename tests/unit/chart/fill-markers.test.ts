import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillMarkersFor, type ChartFillFields } from '../../../components/chart/fill-markers.ts';

// 2026-01-01T00:00:00Z and times within its first minutes.
const T0 = Date.UTC(2026, 0, 1);
const fill = (fillId: string, fields: Partial<ChartFillFields>): ChartFillFields => ({ fillId, symbol: 'BTC-USD', side: 'buy', size: '0.01000000', ts: T0, ...fields });

describe('fill markers', () => {
  it('marks buys under the bar with an arrow up and sells over it with an arrow down, at the bar\'s open time', () => {
    const markers = fillMarkersFor([[fill('1', { ts: T0 + 61_500 }), fill('2', { side: 'sell', size: '0.5', ts: T0 + 5_000 })]], 'BTC-USD', '1m');
    assert.deepEqual(
      markers.map((m) => [m.time, m.position, m.shape, m.text]),
      [
        [T0 / 1000, 'aboveBar', 'arrowDown', 'S 0.5'],
        [T0 / 1000 + 60, 'belowBar', 'arrowUp', 'B 0.01'],
      ],
    );
  });

  it('folds one side\'s fills in one bar into one marker with their total size', () => {
    const markers = fillMarkersFor([[fill('1', { ts: T0 + 1_000 }), fill('2', { ts: T0 + 2_000, size: '0.02' }), fill('3', { ts: T0 + 3_000, side: 'sell' })]], 'BTC-USD', '1m');
    assert.deepEqual(
      markers.map((m) => [m.side, m.text, m.fills]),
      [
        ['buy', 'B 0.03', 2],
        ['sell', 'S 0.01', 1],
      ],
    );
    // On 1s bars the same fills are three bars.
    assert.equal(fillMarkersFor([[fill('1', { ts: T0 + 1_000 }), fill('2', { ts: T0 + 2_000 }), fill('3', { ts: T0 + 3_000 })]], 'BTC-USD', '1s').length, 3);
  });

  it('joins the history and the live fills, counting a fill in both once, and keeps only the symbol', () => {
    const history = [fill('1', {}), fill('2', { ts: T0 + 120_000 })];
    const live = [fill('2', { ts: T0 + 120_000 }), fill('3', { ts: T0 + 180_000 }), fill('4', { symbol: 'ETH-USD' })];
    const markers = fillMarkersFor([history, live], 'BTC-USD', '1m');
    assert.deepEqual(
      markers.map((m) => [m.time - T0 / 1000, m.fills]),
      [
        [0, 1],
        [120, 1],
        [180, 1],
      ],
    );
  });

  it('marks only the latest fills, oldest first', () => {
    const fills = Array.from({ length: 10 }, (_, i) => fill(String(i + 1), { ts: T0 + i * 60_000 }));
    const markers = fillMarkersFor([fills], 'BTC-USD', '1m', 3);
    assert.deepEqual(
      markers.map((m) => (m.time - T0 / 1000) / 60),
      [7, 8, 9],
    );
  });
});
