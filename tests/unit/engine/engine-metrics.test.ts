// The engine's series: what each committed outcome counts, the queue lag an operator alerts on, and
// the group commit's batch sizes, read back from the process registry as Prometheus scrapes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueueEntry } from '../../../lib/broker/broker.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { ensureDefined } from '../../../lib/market/ensure-defined.ts';
import { getMetrics } from '../../../lib/metrics.ts';
import { CANCEL_REASONS, REJECT_CODES } from '../../../lib/protocol/orders.ts';
import { countOrderOutcomes, getEngineMetrics, observeBatch, orderOutcomesOf, timeStatement } from '../../../workers/engine/engine-metrics.ts';
import { GroupCommit } from '../../../workers/engine/group-commit.ts';
import { acceptedEvent, cancelledEvent, rejectedEvent } from '../../../workers/engine/order-events.ts';
import type { OrderRecord } from '../../../workers/engine/order-record.ts';
import { orderRecord } from '../../helpers/order-record.ts';
import { SerialQueue } from '../../../workers/engine/serial-queue.ts';
import { metricValue } from '../../helpers/metrics-text.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

const aapl = ensureDefined(getInstrument('AAPL'), 'AAPL');

function order(overrides: Partial<OrderRecord>): OrderRecord {
  return orderRecord({ id: 7n, userId: 'u1', clientOrderId: 'c1', inst: aapl, side: 'buy', type: 'limit', timeInForce: 'GTC', lots: asLots(10), priceTicks: asTicks(19_000), filledLots: asLots(0), status: 'open', createdAtMs: 1, ...overrides });
}

const placeRequest = { op: 'order.place', id: 'r1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'limit', quantity: '1', price: '190' } as const;

async function value(name: string, labels = ''): Promise<number | undefined> {
  return metricValue(await getMetrics().registry.metrics(), name, labels);
}

describe('engine metrics', () => {
  it('names a new order left on the book resting, a filled one filled, a refusal by its code and a cancel by its reason', () => {
    const resting = order({ status: 'partially_filled', filledLots: asLots(4) });
    assert.deepEqual(orderOutcomesOf({ events: [acceptedEvent(resting, 'r1')], changed: [resting] }), [{ outcome: 'resting', code: '' }]);
    const filled = order({ type: 'market', priceTicks: null, status: 'filled', filledLots: asLots(10) });
    assert.deepEqual(orderOutcomesOf({ events: [acceptedEvent(filled, 'r1')], changed: [filled] }), [{ outcome: 'filled', code: '' }]);
    const refusal = rejectedEvent(placeRequest, { code: REJECT_CODES.INSUFFICIENT_FUNDS, message: 'no cash' });
    assert.deepEqual(orderOutcomesOf({ events: [refusal], changed: [] }), [{ outcome: 'rejected', code: 'INSUFFICIENT_FUNDS' }]);
    const expired = order({ timeInForce: 'IOC', status: 'cancelled', filledLots: asLots(3) });
    const cancel = cancelledEvent(expired, CANCEL_REASONS.IOC_EXPIRED, 'r1');
    assert.deepEqual(orderOutcomesOf({ events: [acceptedEvent(expired, 'r1'), cancel], changed: [expired] }), [{ outcome: 'cancelled', code: 'IOC_EXPIRED' }]);
  });

  it('does not count a resting order again when a later fill leaves it partly filled, nor a replayed acceptance', () => {
    const partlyFilled = order({ status: 'partially_filled', filledLots: asLots(5) });
    assert.deepEqual(orderOutcomesOf({ events: [], changed: [partlyFilled] }), []);
    assert.deepEqual(orderOutcomesOf({ events: [acceptedEvent(order({}), 'r1')], changed: [] }), []);
  });

  it('exposes every outcome and code at zero from the start, and counts into tickwire_engine_orders_total', async () => {
    getEngineMetrics();
    for (const code of Object.values(REJECT_CODES)) assert.notEqual(await value('tickwire_engine_orders_total', `outcome="rejected",code="${code}"`), undefined, code);
    for (const code of Object.values(CANCEL_REASONS)) assert.notEqual(await value('tickwire_engine_orders_total', `outcome="cancelled",code="${code}"`), undefined, code);
    const before = (await value('tickwire_engine_orders_total', 'outcome="rejected",code="MARKET_CLOSED"')) ?? Number.NaN;
    countOrderOutcomes({ events: [rejectedEvent(placeRequest, { code: REJECT_CODES.MARKET_CLOSED, message: 'resyncing' })], changed: [] });
    assert.equal(await value('tickwire_engine_orders_total', 'outcome="rejected",code="MARKET_CLOSED"'), before + 1);
  });

  it('reports the age of the oldest entry held as the queue lag, and zero once it is settled', async () => {
    const release = getEngineMetrics().hold(`${Date.now() - 3000}-0`);
    const releaseNewer = getEngineMetrics().hold(`${Date.now() - 1000}-0`);
    assert.equal(await value('tickwire_engine_queue_entries'), 2);
    const lag = (await value('tickwire_engine_queue_lag_seconds')) ?? 0;
    assert.ok(lag >= 3 && lag < 4, `lag ${lag}`);
    release();
    releaseNewer();
    assert.equal(await value('tickwire_engine_queue_entries'), 0);
    assert.equal(await value('tickwire_engine_queue_lag_seconds'), 0);
  });

  it('records each batch of the group commit and how long its entries waited, and holds entries only until they settle', async () => {
    const countBefore = (await value('tickwire_engine_batch_entries_count')) ?? Number.NaN;
    const sumBefore = (await value('tickwire_engine_batch_entries_sum')) ?? Number.NaN;
    const waitsBefore = (await value('tickwire_engine_queue_wait_seconds_count')) ?? Number.NaN;
    const handler = { handleOne: async () => {}, handleBatch: async () => {} };
    const commit = new GroupCommit(new SerialQueue(), handler);
    const entry = (id: string): QueueEntry => ({ id, data: '', deliveries: 1 });
    const now = Date.now();
    await Promise.all([commit.submit(entry(`${now}-0`)), commit.submit(entry(`${now}-1`)), commit.submit(entry(`${now}-2`))]);
    assert.equal(await value('tickwire_engine_batch_entries_count'), countBefore + 1);
    assert.equal(await value('tickwire_engine_batch_entries_sum'), sumBefore + 3);
    assert.equal(await value('tickwire_engine_queue_wait_seconds_count'), waitsBefore + 3);
    assert.equal(await value('tickwire_engine_queue_entries'), 0);
  });

  it('measures how long an entry waited from the time in its stream id', async () => {
    const before = (await value('tickwire_engine_queue_wait_seconds_bucket', 'le="1"')) ?? Number.NaN;
    observeBatch(['1000-0'], 1500);
    assert.equal(await value('tickwire_engine_queue_wait_seconds_bucket', 'le="1"'), before + 1, 'waited 0.5 s');
  });

  it('times a statement that fails as well as one that succeeds', async () => {
    const before = (await value('tickwire_engine_statement_duration_seconds_count', 'statement="write_orders"')) ?? Number.NaN;
    await timeStatement('write_orders', async () => 1);
    await assert.rejects(
      timeStatement('write_orders', async () => {
        throw new Error('serialization failure');
      }),
      /serialization failure/,
    );
    assert.equal(await value('tickwire_engine_statement_duration_seconds_count', 'statement="write_orders"'), before + 2);
  });
});
