import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REJECT_CODES, type OrderPlaceRequest } from '../../../lib/protocol/orders.ts';
import { normalizeOrder } from '../../../workers/engine/normalize-order.ts';

function place(fields: Partial<OrderPlaceRequest>): OrderPlaceRequest {
  return { op: 'order.place', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', type: 'limit', quantity: '10', price: '190.00', ...fields };
}

function codeOf(request: OrderPlaceRequest): string | undefined {
  const result = normalizeOrder(request);
  return result.ok ? undefined : result.rejection.code;
}

describe('normalizeOrder', () => {
  it('puts a valid limit order on the grids, GTC by default', () => {
    const result = normalizeOrder(place({ symbol: 'ETH-USD', quantity: '0.50', price: '3200.05' }));
    assert.ok(result.ok);
    assert.equal(result.value.lots, 50_000_000);
    assert.equal(result.value.priceTicks, 64_001);
    assert.equal(result.value.timeInForce, 'GTC');
  });

  it('makes every market order IOC without a price', () => {
    const result = normalizeOrder(place({ type: 'market', price: undefined, timeInForce: 'GTC' }));
    assert.ok(result.ok);
    assert.equal(result.value.timeInForce, 'IOC');
    assert.equal(result.value.priceTicks, null);
  });

  it('rejects an unlisted symbol with UNKNOWN_SYMBOL', () => {
    assert.equal(codeOf(place({ symbol: 'NOPE' })), REJECT_CODES.UNKNOWN_SYMBOL);
  });

  it('rejects quantities off the lot grid, zero, below the minimum or above the maximum with INVALID_QUANTITY', () => {
    assert.equal(codeOf(place({ quantity: '1.5' })), REJECT_CODES.INVALID_QUANTITY);
    assert.equal(codeOf(place({ quantity: '0' })), REJECT_CODES.INVALID_QUANTITY);
    assert.equal(codeOf(place({ symbol: 'BTC-USD', quantity: '0.00009', price: '65000.0' })), REJECT_CODES.INVALID_QUANTITY);
    assert.equal(codeOf(place({ quantity: '100001' })), REJECT_CODES.INVALID_QUANTITY);
    assert.equal(codeOf(place({ quantity: '100000' })), undefined);
  });

  it('rejects a missing, superfluous or off-grid price with INVALID_PRICE', () => {
    assert.equal(codeOf(place({ price: undefined })), REJECT_CODES.INVALID_PRICE);
    assert.equal(codeOf(place({ type: 'market' })), REJECT_CODES.INVALID_PRICE);
    assert.equal(codeOf(place({ symbol: 'ETH-USD', quantity: '1', price: '3200.03' })), REJECT_CODES.INVALID_PRICE);
    assert.equal(codeOf(place({ price: '0' })), REJECT_CODES.INVALID_PRICE);
  });
});
