import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToAccount, applyToFills, applyToOrders, applyToPositions } from '../../../lib/client/account-cache.ts';
import type { Orders } from '../../../lib/client/account-schemas.ts';
import type { OrderAcceptedEvent, OrderCancelledEvent, OrderFilledEvent } from '../../../lib/protocol/orders.ts';

const accepted: OrderAcceptedEvent = {
  type: 'order.accepted', orderId: '7', clientOrderId: 'c7', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC', quantity: '1.00000000', price: '64000.0', ts: 1000,
};
const fill = (status: 'partially_filled' | 'filled', filledQty: string, fillId: string): OrderFilledEvent => ({
  type: 'order.filled', orderId: '7', clientOrderId: 'c7', symbol: 'BTC-USD', side: 'buy', fillId, price: '64000.0', size: '0.50000000', fee: '3.20000000', liquidity: 'maker', filledQty, avgPrice: '64000.00000000', status, ts: 2000,
});
const cancelled: OrderCancelledEvent = { type: 'order.cancelled', orderId: '7', clientOrderId: 'c7', symbol: 'BTC-USD', reason: 'USER_REQUESTED', filledQty: '0.50000000', ts: 3000 };
const empty: Orders = { open: [], recent: [] };

describe('account cache updates from order events', () => {
  it('adds an accepted order to the open orders once', () => {
    const once = applyToOrders(empty, accepted);
    assert.equal(once.open.length, 1);
    assert.equal(once.open[0]?.status, 'open');
    assert.equal(applyToOrders(once, accepted), once);
  });

  it('follows fills and moves a filled order to the recent ones', () => {
    const partial = applyToOrders(applyToOrders(empty, accepted), fill('partially_filled', '0.50000000', 'f1'));
    assert.equal(partial.open[0]?.filledQty, '0.50000000');
    assert.equal(partial.open[0]?.status, 'partially_filled');
    const done = applyToOrders(partial, fill('filled', '1.00000000', 'f2'));
    assert.deepEqual(done.open, []);
    assert.equal(done.recent[0]?.status, 'filled');
  });

  it('moves a cancelled order to the recent ones with its reason', () => {
    const after = applyToOrders(applyToOrders(empty, accepted), cancelled);
    assert.deepEqual(after.open, []);
    assert.equal(after.recent[0]?.status, 'cancelled');
    assert.equal(after.recent[0]?.reason, 'USER_REQUESTED');
  });

  it('leaves orders alone for events about other orders', () => {
    assert.equal(applyToOrders(empty, cancelled), empty);
  });

  it('prepends each fill once', () => {
    const one = applyToFills({ fills: [] }, fill('filled', '1', 'f1'));
    assert.equal(one.fills.length, 1);
    assert.equal(one.fills[0]?.liquidity, 'maker');
    assert.equal(applyToFills(one, fill('filled', '1', 'f1')), one);
  });

  it('replaces the position of the event\'s symbol and keeps the list sorted', () => {
    const start = { positions: [{ symbol: 'ETH-USD', quantity: '1', avgCost: '3000', realizedPnl: '0' }] };
    const after = applyToPositions(start, { type: 'position', symbol: 'BTC-USD', quantity: '0.5', avgCost: '64000', realizedPnl: '0', ts: 1 });
    assert.deepEqual(after.positions.map((p) => p.symbol), ['BTC-USD', 'ETH-USD']);
    const again = applyToPositions(after, { type: 'position', symbol: 'BTC-USD', quantity: '0.25', avgCost: '64000', realizedPnl: '10', ts: 2 });
    assert.equal(again.positions.length, 2);
    assert.equal(again.positions[0]?.quantity, '0.25');
  });

  it('takes the cash of a balance event', () => {
    const account = { userId: 'u', displayName: 'T', cash: '100000.00000000', startingCash: '100000.00000000' };
    assert.equal(applyToAccount(account, { type: 'balance', cash: '99000.00000000', ts: 1 }).cash, '99000.00000000');
    assert.equal(applyToAccount(account, cancelled), account);
  });
});
