// The soak's verdicts: each level's later windows against the mean of its baseline windows (±10 %),
// the message targets, the load generator's cost, and a short run named as one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderCounts } from '../../../bench/soak/order-tally.ts';
import { emptySeqCounts } from '../../../bench/soak/seq-tally.ts';
import { levelVerdict, missedTargets, verdictRows, type SoakPlan } from '../../../bench/soak/soak-verdicts.ts';
import type { LevelMetric, SoakWindow } from '../../../bench/soak/soak-window.ts';

const MB = 1024 * 1024;
const RSS: LevelMetric = { key: 'gateway-1 RSS', column: 'gw RSS MB', unit: 'MB', reading: 'peak' };
const FDS: LevelMetric = { key: 'gateway-1 fds', column: 'gw fds', unit: 'count', reading: 'peak' };
const FULL: SoakPlan = { minutes: 30, baselineMinutes: 5, clients: 4, tolerance: 0.1 };
const SHORT: SoakPlan = { minutes: 3, baselineMinutes: 1, clients: 4, tolerance: 0.1 };
const NO_ORDERS: OrderCounts = { sent: 10, answered: 10, refused: 0, doubled: 0 };

function windowAt(index: number, endS: number, levels: Record<string, number>, overrides: Partial<SoakWindow> = {}): SoakWindow {
  return {
    index,
    endS,
    seconds: 30,
    load1m: 1.5,
    levels,
    published: 3_000,
    books: { ...emptySeqCounts(), delivered: 12_000, subscribed: 4, reconnecting: 0, reconnects: 1, replayResumes: 1, reconnectMaxMs: 120, checksumProblems: 0, serverCloses: {} },
    orders: { sent: 5, answered: 5, refused: 0, doubled: 0, waiting: 0 },
    cpuPercent: { loadgen: 10, gateways: 40, engine: 5, feed: 3 },
    ...overrides,
  };
}

const series = (values: number[], stepS = 30): { endS: number; value: number }[] => values.map((value, i) => ({ endS: (i + 1) * stepS, value }));

describe('soak level verdict', () => {
  it('holds the later windows’ max to the baseline windows’ mean', () => {
    const result = levelVerdict(series([100, 104, 108, 96]), 60, 0.1);
    assert.equal(result.baselineMean, 102);
    assert.equal(result.laterMax, 108);
    assert.equal(result.verdict, 'met');
  });

  it('misses growth past the tolerance, and a fall past it too (within ±10 %)', () => {
    assert.equal(levelVerdict(series([100, 100, 105, 112]), 60, 0.1).verdict, 'MISSED');
    assert.equal(levelVerdict(series([100, 100, 80, 85]), 60, 0.1).verdict, 'MISSED');
  });

  it('meets exactly at the edge of the tolerance', () => {
    assert.equal(levelVerdict(series([100, 100, 110]), 60, 0.1).verdict, 'met');
  });

  it('counts a window ending at the baseline’s end as baseline, and skips windows never read', () => {
    const result = levelVerdict([{ endS: 60, value: 50 }, { endS: 90, value: undefined }, { endS: 120, value: 52 }], 60, 0.1);
    assert.equal(result.baselineMean, 50);
    assert.equal(result.laterMax, 52);
  });

  it('is not measured without a baseline or a later window', () => {
    assert.equal(levelVerdict(series([100, 100]), 60, 0.1).verdict, 'not measured');
    assert.equal(levelVerdict([{ endS: 90, value: 1 }], 60, 0.1).verdict, 'not measured');
  });

  it('compares a zero baseline only with zero', () => {
    assert.equal(levelVerdict(series([0, 0, 0]), 60, 0.1).verdict, 'met');
    assert.equal(levelVerdict(series([0, 0, 1]), 60, 0.1).verdict, 'MISSED');
  });
});

describe('soak verdict rows', () => {
  const flat = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => windowAt(i + 1, (i + 1) * 30, { 'gateway-1 RSS': 80 * MB, 'gateway-1 fds': 40 }));

  it('meets every target on a flat, clean run of full length', () => {
    const rows = verdictRows(flat, [RSS, FDS], { ...FULL, minutes: 6, baselineMinutes: 5 }, NO_ORDERS);
    const rss = rows.find((r) => String(r.target).startsWith('gateway-1 RSS'));
    assert.equal(rss?.measured, '80.0 vs 80.0 MB (1.00×)');
    assert.equal(rss?.verdict, 'met');
    assert.deepEqual(missedTargets(rows), ['soak length']);
  });

  it('names a short run as one', () => {
    const rows = verdictRows(flat, [RSS], SHORT, NO_ORDERS);
    assert.equal(rows[0]?.target, 'soak length');
    assert.equal(rows[0]?.verdict, 'SHORT RUN');
    assert.equal(verdictRows(flat, [RSS], FULL, NO_ORDERS)[0]?.verdict, 'met');
  });

  it('misses a growing level, a lost or doubled delta, a lost order and a load generator that costs more', () => {
    const windows: SoakWindow[] = flat.map((w, i) => ({ ...w, levels: { ...w.levels, 'gateway-1 fds': 40 + i * 2 } }));
    const last = windowAt(12, 360, { 'gateway-1 RSS': 80 * MB, 'gateway-1 fds': 64 }, { cpuPercent: { loadgen: 60, gateways: 40, engine: 5, feed: 3 } });
    windows[windows.length - 1] = { ...last, books: { ...last.books, lost: 3, doubled: 1 } };
    const rows = verdictRows(windows, [RSS, FDS], SHORT, { sent: 10, answered: 9, refused: 1, doubled: 0 });
    const missed = missedTargets(rows);
    assert.ok(missed.includes('gateway-1 fds (window peak)'), missed.join());
    assert.ok(!missed.includes('gateway-1 RSS (window peak)'));
    assert.ok(missed.includes('book deltas lost (seq gaps)'));
    assert.ok(missed.includes('book deltas doubled (seq repeated)'));
    assert.ok(missed.includes('orders lost (no end after the drain)'));
    assert.ok(missed.includes('load generator cheaper than the gateways it measures'));
    assert.match(String(rows.find((r) => r.target === 'orders lost (no end after the drain)')?.measured), /^1 of 10 \(1 refused\)$/);
    assert.equal(rows.find((r) => r.target === 'gateway-1 fds (window peak)')?.measured, '64 vs 41 (1.56×, grew)');
  });

  it('says when a level fell below the band rather than grew', () => {
    const windows = flat.map((w, i) => ({ ...w, levels: { ...w.levels, 'gateway-1 RSS': (i < 2 ? 100 : 70) * MB } }));
    const rss = verdictRows(windows, [RSS], SHORT, NO_ORDERS).find((r) => r.target === 'gateway-1 RSS (window peak)');
    assert.equal(rss?.measured, '70.0 vs 100.0 MB (0.70×, fell)');
    assert.equal(rss?.verdict, 'MISSED');
  });

  it('counts a client reconnecting as told as present, misses one that is neither, and reports the load average range', () => {
    const target = 'clients subscribed (or reconnecting as told) at every window end';
    const reconnecting = flat.map((w, i) => (i === 2 ? { ...w, books: { ...w.books, subscribed: 3, reconnecting: 1 } } : w));
    assert.equal(verdictRows(reconnecting, [], SHORT, NO_ORDERS).find((r) => r.target === target)?.verdict, 'met');
    const windows = flat.map((w, i) => (i === 3 ? { ...w, load1m: 3.25, books: { ...w.books, subscribed: 3 } } : w));
    const rows = verdictRows(windows, [], SHORT, NO_ORDERS);
    assert.equal(rows.find((r) => r.target === target)?.verdict, 'MISSED');
    assert.equal(rows.find((r) => r.target === 'longest reconnect, close to book live again')?.measured, '120 ms');
    assert.equal(rows.find((r) => String(r.target).startsWith('machine load'))?.measured, '1.50–3.25');
  });
});
