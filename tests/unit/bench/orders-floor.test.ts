// The orders-floor benchmark's arithmetic: what counts as answered, refused, lost and doubled; the
// percentiles; the verdict against the floor; the break point; and the settings it refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineStats, statsBetween, statsRow } from '../../../bench/orders-floor/consumer-stats.ts';
import { breakPoint, judgeRate, quantile, summarizeLeg, type LegSummary } from '../../../bench/orders-floor/leg-summary.ts';
import { floorSettings } from '../../../bench/orders-floor/floor-settings.ts';
import { OrderTally, type TrackedOrder } from '../../../bench/orders-floor/order-tally.ts';

const USAGE = { consumerCpuPct: 30, gatewaysCpuPct: 40, generatorCpuPct: 10, load1m: 1.5 };

function leg(overrides: Partial<LegSummary>): LegSummary {
  return { leg: 'engine', rate: 1000, sent: 100, answered: 100, rejected: 0, rejectedBy: {}, lost: 0, doubled: 0, filledPerS: 1000, p50Ms: 2, p90Ms: 4, p99Ms: 6, maxMs: 9, ...USAGE, ...overrides };
}

const filled = (clientOrderId: string, fillId: string, status = 'filled') => ({ type: 'order.filled', clientOrderId, fillId, status });

describe('order tally', () => {
  it('takes the first fill as the latency and ignores other phases', () => {
    const tally = new OrderTally('e-1000-');
    tally.sent('e-1000-0', 100, true);
    tally.received(filled('f-1000-0', '7'), 150);
    tally.received({ type: 'order.accepted', clientOrderId: 'e-1000-0' }, 101);
    tally.received(filled('e-1000-0', '8', 'partially_filled'), 104);
    tally.received(filled('e-1000-0', '9'), 105);
    const [order] = tally.measured();
    assert.equal(order?.filledMs, 4);
    assert.equal(order?.isDoubled, false, 'two price levels are two fills, not a double');
    assert.equal(tally.isAllAnswered(), true);
  });

  it('marks a repeated final fill, a repeated fill id, and a fill after a refusal as doubled', () => {
    const tally = new OrderTally('p-');
    for (const id of ['p-0', 'p-1', 'p-2']) tally.sent(id, 0, true);
    tally.received(filled('p-0', '1'), 1);
    tally.received(filled('p-0', '2'), 2);
    tally.received(filled('p-1', '3', 'partially_filled'), 1);
    tally.received(filled('p-1', '3', 'partially_filled'), 2);
    tally.received({ type: 'order.rejected', clientOrderId: 'p-2', code: 'INSUFFICIENT_FUNDS' }, 1);
    tally.received(filled('p-2', '4'), 2);
    assert.deepEqual(tally.measured().map((o) => o.isDoubled), [true, true, true]);
  });

  it('maps a gateway error reply to the order by its request id, and counts the ones it cannot', () => {
    const tally = new OrderTally('f-200-');
    tally.sent('f-200-0', 0, false);
    tally.sent('f-200-1', 0, true);
    tally.received({ type: 'error', id: 1, code: 'RATE_LIMITED' }, 3);
    tally.received({ type: 'error', code: 'RATE_LIMITED' }, 3);
    assert.equal(tally.orders.get('f-200-1')?.rejected, 'RATE_LIMITED');
    assert.equal(tally.unmatchedErrors, 1);
    assert.equal(tally.isAllAnswered(), false, 'the warm-up order is still waiting');
    assert.equal(tally.measured().length, 1);
  });
});

describe('leg summary', () => {
  it('uses nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual([0.5, 0.9, 0.99, 1].map((q) => quantile(sorted, q)), [50, 90, 99, 100]);
    assert.ok(Number.isNaN(quantile([], 0.99)));
  });

  it('counts answered, refused and lost orders, and fills per second from the first send to the last fill', () => {
    const orders: TrackedOrder[] = [
      { atMs: 0, isMeasured: true, filledMs: 10, isDoubled: false },
      { atMs: 500, isMeasured: true, filledMs: 500, isDoubled: false },
      { atMs: 600, isMeasured: true, rejected: 'RATE_LIMITED', isDoubled: false },
      { atMs: 700, isMeasured: true, isDoubled: false },
    ];
    const summary = summarizeLeg('floor', 4, orders, USAGE);
    assert.deepEqual([summary.sent, summary.answered, summary.rejected, summary.lost, summary.doubled], [4, 3, 1, 1, 0]);
    assert.deepEqual(summary.rejectedBy, { RATE_LIMITED: 1 }, 'a refusing leg says why');
    assert.equal(summary.filledPerS, 2);
    assert.equal(summary.p50Ms, 10);
    assert.equal(summary.maxMs, 500);
  });
});

describe('verdict against the floor', () => {
  it('is met at up to the ratio with nothing lost, refused or doubled', () => {
    assert.equal(judgeRate(leg({ leg: 'floor', p99Ms: 5 }), leg({ p99Ms: 15 }), 3).verdict, 'met');
    const missed = judgeRate(leg({ leg: 'floor', p99Ms: 5 }), leg({ p99Ms: 16, lost: 2, doubled: 1 }), 3);
    assert.equal(missed.isMet, false);
    assert.equal(missed.verdict, 'missed: p99 3.2× floor, 2 lost, 1 doubled');
  });

  it('misses when there is no p99, and says when the floor itself was not clean', () => {
    assert.equal(judgeRate(leg({ leg: 'floor' }), leg({ p99Ms: Number.NaN }), 3).verdict, 'missed: no p99');
    const verdict = judgeRate(leg({ leg: 'floor', p99Ms: 5, lost: 1 }), leg({ p99Ms: 6 }), 3);
    assert.equal(verdict.isMet, true);
    assert.match(verdict.verdict, /^met \(floor not clean: 1 lost/);
  });

  it('breaks at the lowest rate whose p99 passes the limit or that lost an order', () => {
    const legs = [leg({ rate: 200, p99Ms: 10 }), leg({ rate: 1000, p99Ms: 80 }), leg({ rate: 500, p99Ms: 20, lost: 1 })];
    assert.equal(breakPoint(legs, 50), 500);
    assert.equal(breakPoint([leg({ rate: 200, p99Ms: 50 })], 50), undefined, 'at the limit is not past it');
    assert.equal(breakPoint([leg({ rate: 200, p99Ms: Number.NaN })], 50), 200);
  });
});

describe('settings', () => {
  it('defaults to 200, 500 and 1,000 orders/s over 125 users at 8/s, and sets every budget explicitly', () => {
    const settings = floorSettings({});
    assert.deepEqual(settings.rates, [200, 500, 1000]);
    assert.deepEqual([settings.users, settings.peakPerUser, settings.addresses], [125, 8, 4]);
    assert.deepEqual([settings.insertMode, settings.primeS, settings.maxRatio, settings.breakMs], ['batch', 2, 3, 50]);
    assert.deepEqual(Object.keys(settings.budgets).sort(), ['ORDER_OPS_BURST', 'ORDER_OPS_PER_ADDRESS_BURST', 'ORDER_OPS_PER_ADDRESS_PER_SECOND', 'ORDER_OPS_PER_SECOND', 'ORDER_QUEUE_MAX']);
  });

  it('adds users for a higher peak, and refuses a plan that would run into a budget', () => {
    assert.equal(floorSettings({ BENCH_ORDERS_FLOOR_RATES: '2000,500' }).users, 250);
    assert.throws(() => floorSettings({ BENCH_ORDERS_FLOOR_RATES: '1000', BENCH_ORDERS_FLOOR_USERS: '50' }), /raise BENCH_ORDERS_FLOOR_USERS/);
    assert.throws(() => floorSettings({ BENCH_ORDERS_FLOOR_RATES: '0' }), /BENCH_ORDERS_FLOOR_RATES/);
    assert.throws(() => floorSettings({ BENCH_ORDERS_FLOOR_SECONDS: 'soon' }), /BENCH_ORDERS_FLOOR_SECONDS/);
    assert.throws(() => floorSettings({ BENCH_ORDERS_FLOOR_INSERT: 'copy' }), /batch or order/);
    assert.equal(floorSettings({ BENCH_ORDERS_FLOOR_PRIME_S: '0' }).primeS, 0);
  });
});

describe('consumer statistics', () => {
  const metrics = (batches: number, entries: number, writes: number, writeSeconds: number): string =>
    [
      '# HELP tickwire_engine_batch_entries Order-queue entries committed together in one group commit',
      'tickwire_engine_batch_entries_bucket{le="1"} 3',
      `tickwire_engine_batch_entries_sum ${entries}`,
      `tickwire_engine_batch_entries_count ${batches}`,
      `tickwire_engine_statement_duration_seconds_sum{statement="write_orders"} ${writeSeconds}`,
      `tickwire_engine_statement_duration_seconds_count{statement="write_orders"} ${writes}`,
      'tickwire_engine_statement_duration_seconds_sum{statement="read_accounts"} 0',
      'tickwire_engine_statement_duration_seconds_count{statement="read_accounts"} 0',
      'tickwire_engine_queue_wait_seconds_sum 0.5',
      'tickwire_engine_queue_wait_seconds_count 100',
      'tickwire_engine_orders_total{outcome="filled",code=""} 100',
    ].join('\n');

  it("reads the engine's batch, statement and queue-wait histograms and takes a phase as the difference of two reads", () => {
    const before = engineStats(metrics(10, 30, 10, 0.01));
    assert.deepEqual(before.statements.write_orders, { count: 10, sumMs: 10 });
    const phase = statsBetween(before, engineStats(metrics(30, 130, 30, 0.05)));
    assert.deepEqual([phase.batches, phase.entries], [20, 100]);
    assert.deepEqual(phase.statements.write_orders, { count: 20, sumMs: 40 });
    const row = statsRow('engine', 1000, phase);
    assert.equal(row['entries/batch'], 5);
    assert.equal(row.statements, 'write_orders 2.00 ms × 1.00/batch', 'a statement not run in the phase is left out');
  });

  it('says so when a phase could not be measured', () => {
    assert.equal(statsRow('floor', 200, undefined).statements, 'not measured');
  });
});
