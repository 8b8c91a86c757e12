// The soak's time series: the samples of a window reduce to their peak (the figures read once, at the
// window's end, are left to the loop), and each window becomes one table row with the gateways side by side.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptySeqCounts } from '../../../bench/soak/seq-tally.ts';
import { seriesRows } from '../../../bench/soak/soak-series.ts';
import { formatLevel, peaksOf, type LevelMetric, type SoakWindow } from '../../../bench/soak/soak-window.ts';

const MB = 1024 * 1024;
const METRICS: LevelMetric[] = [
  { key: 'gateway-1 RSS', column: 'gw RSS MB', unit: 'MB', reading: 'peak' },
  { key: 'gateway-2 RSS', column: 'gw RSS MB', unit: 'MB', reading: 'peak' },
  { key: 'gateway-1 heap after GC', column: 'gw heap MB', unit: 'MB', reading: 'end' },
  { key: 'redis run keys', column: 'run keys KB', unit: 'KB', reading: 'end' },
  { key: 'gateway-1 fds', column: 'gw fds', unit: 'count', reading: 'peak' },
];

describe('soak window samples', () => {
  it('keeps the peak of each peak metric, and leaves the end-of-window ones alone', () => {
    const values = peaksOf(
      [
        { 'gateway-1 RSS': 80, 'gateway-1 heap after GC': 30 },
        { 'gateway-1 RSS': 90, 'gateway-1 heap after GC': 22 },
        { 'gateway-1 RSS': 85, 'gateway-1 heap after GC': 41 },
      ],
      METRICS,
    );
    assert.deepEqual(values, { 'gateway-1 RSS': 90 });
  });

  it('takes the peak over the samples that read a metric, and leaves out one never read', () => {
    const values = peaksOf([{ 'gateway-1 fds': 40 }, {}, { 'gateway-1 fds': 38 }], METRICS);
    assert.deepEqual(values, { 'gateway-1 fds': 40 });
  });

  it('formats each unit', () => {
    const unit = (u: LevelMetric['unit']): LevelMetric => ({ key: 'x', column: 'x', unit: u, reading: 'peak' });
    assert.equal(formatLevel(unit('MB'), 81.25 * MB), '81.3');
    assert.equal(formatLevel(unit('KB'), 2048), '2.0');
    assert.equal(formatLevel(unit('count'), 41), '41');
    assert.equal(formatLevel(unit('count'), undefined), '-');
  });
});

describe('soak series rows', () => {
  const window: SoakWindow = {
    index: 2,
    endS: 60,
    seconds: 30,
    load1m: 1.234,
    levels: { 'gateway-1 RSS': 80 * MB, 'gateway-2 RSS': 82.5 * MB, 'gateway-1 heap after GC': 20 * MB, 'redis run keys': 10_240, 'gateway-1 fds': 44 },
    published: 3_000,
    books: { ...emptySeqCounts(), delivered: 594_000, lost: 1, resyncs: 2, subscribed: 198, reconnecting: 2, reconnects: 40, replayResumes: 39, reconnectMaxMs: 180.4, checksumProblems: 0, serverCloses: { '1006': 2 } },
    orders: { sent: 1_500, answered: 1_499, refused: 3, doubled: 0, waiting: 1 },
    cpuPercent: { loadgen: 12.4, gateways: 55.6, engine: 8, feed: 4 },
  };

  it('puts the gateways side by side and the traffic per second', () => {
    const [row] = seriesRows([window], METRICS, 200);
    assert.equal(row?.['gw RSS MB'], '80.0 / 82.5');
    assert.equal(row?.['gw heap MB'], '20.0');
    assert.equal(row?.['run keys KB'], '10.0');
    assert.equal(row?.['gw fds'], '44');
    assert.equal(row?.['feed/s'], 100);
    assert.equal(row?.['delivered/s'], 19_800);
    assert.equal(row?.['% of all'], '99.0');
    assert.equal(row?.['reconnects (replayed, max ms)'], '40 (39, 180)');
    assert.equal(row?.subscribed, '198 +2 reconnecting');
    assert.equal(row?.['server closes'], '2×1006');
    assert.equal(row?.['snapshot resyncs'], '2');
    assert.equal(row?.load, '1.23');
    assert.equal(row?.['loadgen CPU %'], '12');
    assert.equal(row?.['gateways CPU %'], '56');
  });

  it('shows a window the feed published nothing in without a share', () => {
    const [row] = seriesRows([{ ...window, published: 0, books: { ...window.books, serverCloses: {}, newEpochs: 2 } }], METRICS, 200);
    assert.equal(row?.['snapshot resyncs'], '2 (2 new epoch)');
    assert.equal(row?.['% of all'], '-');
    assert.equal(row?.['server closes'], '-');
  });
});
