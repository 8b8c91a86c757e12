import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoney, parseMoney } from '../../../lib/accounts/money.ts';
import { FLAT_POSITION } from '../../../lib/accounts/position.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import type { OrderRecord } from '../../../workers/engine/order-record.ts';
import { orderRecord } from '../../helpers/order-record.ts';
import { planSettlement, settlementEvents, withOrderIdentity } from '../../../workers/engine/settle-order.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

const aapl = getInstrument('AAPL');
assert.ok(aapl);

// A new AAPL buy of 10 shares (tick 0.01, lot 1), not stored yet.
const newBuy: OrderRecord = orderRecord({
  id: 0n, userId: 'u1', clientOrderId: 'c1', inst: aapl, side: 'buy', type: 'market', timeInForce: 'IOC',
  lots: asLots(10), priceTicks: null, filledLots: asLots(0), status: 'open', createdAtMs: 0,
});

describe('settlement plan', () => {
  it('walks two levels: fills, average price, position, cash after taker fees, and the rest cancelled', () => {
    // 4 @ 190.00 and 3 @ 190.10 of 10; the book had no more.
    const executions = [{ priceTicks: asTicks(19_000), lots: asLots(4) }, { priceTicks: asTicks(19_010), lots: asLots(3) }];
    const plan = planSettlement(newBuy, parseMoney('10000'), executions, 'taker', { reason: 'NO_LIQUIDITY' }, FLAT_POSITION, 0n);
    assert.deepEqual(plan.steps.map((s) => s.fill), [
      { price: '190.00', quantity: '4', fee: '0.76000000' }, // 760.00 × 10 bps
      { price: '190.10', quantity: '3', fee: '0.57030000' }, // 570.30 × 10 bps
    ]);
    // 1,330.30 of notional and 1.3303 of fees leave 8,668.3697.
    assert.equal(formatMoney(plan.cash), '8668.36970000');
    assert.deepEqual(plan.totals, { filledQty: '7', avgPrice: '190.04285714', status: 'cancelled', reason: 'NO_LIQUIDITY' });
    assert.equal(plan.position?.lots, 7);
    assert.equal(plan.order.filledLots, 7);
    assert.deepEqual(plan.steps.map((s) => s.after.status), ['partially_filled', 'partially_filled']);
  });

  it('a full fill is not cancelled, even when a cancel was asked for the rest', () => {
    const plan = planSettlement(newBuy, parseMoney('10000'), [{ priceTicks: asTicks(19_000), lots: asLots(10) }], 'taker', { reason: 'NO_LIQUIDITY' }, FLAT_POSITION, 0n);
    assert.equal(plan.totals.status, 'filled');
    assert.equal(plan.cancel, undefined);
  });

  it('a resting order with nothing executed changes nothing but its row', () => {
    const limit = { ...newBuy, type: 'limit' as const, timeInForce: 'GTC' as const, priceTicks: asTicks(18_900) };
    const plan = planSettlement(limit, parseMoney('10000'), [], 'taker', undefined, FLAT_POSITION, 0n);
    assert.deepEqual(plan.totals, { filledQty: '0', avgPrice: null, status: 'open', reason: null });
    assert.equal(plan.position, undefined);
    assert.equal(formatMoney(plan.cash), '10000.00000000');
  });

  it('events carry the id the insert returned and the stored fill ids, in order', () => {
    const executions = [{ priceTicks: asTicks(19_000), lots: asLots(4) }, { priceTicks: asTicks(19_010), lots: asLots(6) }];
    const plan = withOrderIdentity(planSettlement(newBuy, parseMoney('10000'), executions, 'taker', undefined, FLAT_POSITION, 0n), 42n, 1_000);
    const events = settlementEvents(plan, [7n, 8n], 1_000);
    assert.deepEqual(events.map((e) => e.type), ['order.filled', 'order.filled', 'position', 'balance']);
    const fills = events.flatMap((e) => (e.type === 'order.filled' ? [e] : []));
    assert.deepEqual(fills.map((f) => [f.orderId, f.fillId, f.filledQty, f.status]), [['42', '7', '4', 'partially_filled'], ['42', '8', '10', 'filled']]);
    assert.throws(() => settlementEvents(plan, [7n], 1_000), /fill 1 of order 42 was not stored/);
  });

  it('refuses to fill without knowing the position it changes', () => {
    assert.throws(() => planSettlement(newBuy, 0n, [{ priceTicks: asTicks(19_000), lots: asLots(1) }], 'taker', undefined, undefined, 0n), /without its position/);
  });
});
