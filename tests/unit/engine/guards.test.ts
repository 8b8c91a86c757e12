import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { REJECT_CODES, orderCancelSchema, orderPlaceSchema, orderQueueEntrySchema } from '../../../lib/protocol/orders.ts';
import { isSameOrder } from '../../../workers/engine/is-same-order.ts';
import { RateLimiter } from '../../../workers/engine/rate-limiter.ts';
import type { OrderRecord } from '../../../workers/engine/order-record.ts';
import { orderRecord } from '../../helpers/order-record.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

const inst = getInstrument('AAPL');
if (inst === undefined) throw new Error('AAPL missing');
const stored: OrderRecord = orderRecord({
  id: 7n, userId: 'u', clientOrderId: 'c1', inst, side: 'buy', type: 'limit', timeInForce: 'GTC',
  lots: asLots(10), priceTicks: asTicks(19_000), filledLots: asLots(0), status: 'open', createdAtMs: 0,
});
const request = { op: 'order.place', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'limit', quantity: '10', price: '190.00' } as const;

describe('duplicate client order ids', () => {
  it('treat a request with the same terms by value as a retry', () => {
    assert.equal(isSameOrder(stored, request), true);
    assert.equal(isSameOrder(stored, { ...request, quantity: '10.0', price: '190', timeInForce: 'GTC' }), true);
  });

  it('treat any different term as DUPLICATE_CLIENT_ORDER_ID', () => {
    assert.equal(REJECT_CODES.DUPLICATE_CLIENT_ORDER_ID, 'DUPLICATE_CLIENT_ORDER_ID');
    for (const changed of [{ quantity: '11' }, { price: '190.01' }, { side: 'sell' as const }, { timeInForce: 'IOC' as const }, { symbol: 'MSFT' }]) {
      assert.equal(isSameOrder(stored, { ...request, ...changed }), false, JSON.stringify(changed));
    }
    assert.equal(isSameOrder(stored, { ...request, price: undefined }), false);
    assert.equal(isSameOrder({ ...stored, type: 'market', priceTicks: null, timeInForce: 'IOC' }, { ...request, type: 'market', price: '1.001' }), false);
  });
});

describe('rate limiting', () => {
  it('allows a burst, then RATE_LIMITED until tokens refill at the sustained rate', () => {
    const limiter = new RateLimiter(10, 3);
    const taken = [0, 0, 0, 0].map(() => limiter.tryTake('u', 1000));
    assert.deepEqual(taken, [true, true, true, false]);
    assert.equal(limiter.tryTake('u', 1050), false);
    assert.equal(limiter.tryTake('u', 1100), true);
    assert.equal(limiter.tryTake('other', 1100), true);
  });
});

describe('order protocol schemas', () => {
  it('accept the documented ops and queue entry', () => {
    assert.ok(orderPlaceSchema.safeParse({ ...request, id: 1 }).success);
    assert.ok(orderCancelSchema.safeParse({ op: 'order.cancel', orderId: '12' }).success);
    const entry = { userId: '0f8fad5b-d9cb-469f-a165-70867728950e', request, receivedAt: 1, node: 'gw-1' };
    assert.ok(orderQueueEntrySchema.safeParse(entry).success);
  });

  it('refuse a cancel naming both or neither order id, and unknown fields', () => {
    assert.equal(orderCancelSchema.safeParse({ op: 'order.cancel' }).success, false);
    assert.equal(orderCancelSchema.safeParse({ op: 'order.cancel', orderId: '1', clientOrderId: 'c' }).success, false);
    assert.equal(orderPlaceSchema.safeParse({ ...request, extra: true }).success, false);
    assert.equal(orderPlaceSchema.safeParse({ ...request, quantity: '-1' }).success, false);
    assert.equal(orderPlaceSchema.safeParse({ ...request, quantity: '1e3' }).success, false);
  });
});
