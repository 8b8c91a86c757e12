import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToAccount, applyToFills, applyToOrders, applyToPositions } from '../../../lib/client/account-cache.ts';
import type { Orders } from '../../../lib/client/account-schemas.ts';
import type { OrderAcceptedEvent, OrderAmendedEvent, OrderCancelledEvent, OrderFilledEvent, OrderTriggeredEvent } from '../../../lib/protocol/order-events.ts';

const accepted: OrderAcceptedEvent = {
  type: 'order.accepted', orderId: '7', clientOrderId: 'c7', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC', quantity: '1.00000000', price: '64000.0', stopPrice: null, postOnly: false, ts: 1000,
};
const fill = (status: 'partially_filled' | 'filled', filledQty: string, fillId: string): OrderFilledEvent => ({
  type: 'order.filled', orderId: '7', clientOrderId: 'c7', symbol: 'BTC-USD', side: 'buy', fillId, price: '64000.0', size: '0.50000000', fee: '3.20000000', liquidity: 'maker', filledQty, avgPrice: '64000.00000000', status, ts: 2000,
});
const cancelled: OrderCancelledEvent = { type: 'order.cancelled', orderId: '7', clientOrderId: 'c7', symbol: 'BTC-USD', reason: 'USER_REQUESTED', filledQty: '0.50000000', ts: 3000 };
const empty: Orders = { open: [], recent: [] };
const stopAccepted: OrderAcceptedEvent = { ...accepted, orderId: '8', clientOrderId: 'c8', side: 'sell', orderType: 'stop_market', timeInForce: 'IOC', price: '58500.0', stopPrice: '65000.0' };
const triggered: OrderTriggeredEvent = { type: 'order.triggered', orderId: '8', clientOrderId: 'c8', symbol: 'BTC-USD', stopPrice: '65000.0', lastPrice: '64999.9', ts: 1500 };
const amended = (changes: Partial<OrderAmendedEvent>): OrderAmendedEvent => ({
  ...accepted, type: 'order.amended', requestId: 'a1', filledQty: '0.00000000', keptPriority: true, ts: 1200, ...changes,
});

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
    assert.equal(applyToOrders(empty, triggered), empty);
    assert.equal(applyToOrders(empty, amended({ price: '63000.0' })), empty);
  });

  it('keeps the new order types\' terms: type, time in force, stop price, post-only', () => {
    const postOnly = applyToOrders(empty, { ...accepted, postOnly: true });
    assert.deepEqual([postOnly.open[0]?.timeInForce, postOnly.open[0]?.postOnly, postOnly.open[0]?.stopPrice], ['GTC', true, null]);
    const stop = applyToOrders(empty, stopAccepted).open[0];
    assert.deepEqual([stop?.orderType, stop?.price, stop?.stopPrice, stop?.triggeredAt], ['stop_market', '58500.0', '65000.0', null]);
  });

  it('marks a waiting stop triggered at the trigger time, once', () => {
    const waiting = applyToOrders(applyToOrders(empty, accepted), stopAccepted);
    const after = applyToOrders(waiting, triggered);
    assert.equal(after.open.find((o) => o.orderId === '8')?.triggeredAt, 1500);
    assert.equal(after.open.find((o) => o.orderId === '7'), waiting.open.find((o) => o.orderId === '7'), 'the other order is untouched');
    assert.equal(applyToOrders(after, { ...triggered, ts: 9999 }), after);
  });

  it('takes an amend\'s new price, quantity and filled quantity, then the fills of its new price', () => {
    const open = applyToOrders(empty, accepted);
    const repriced = applyToOrders(open, amended({ price: '64100.0', keptPriority: false }));
    assert.deepEqual([repriced.open[0]?.price, repriced.open[0]?.quantity], ['64100.0', '1.00000000']);
    const smaller = applyToOrders(repriced, amended({ price: '64100.0', quantity: '0.60000000', filledQty: '0.00000000' }));
    assert.deepEqual([smaller.open[0]?.price, smaller.open[0]?.quantity], ['64100.0', '0.60000000']);
    const filled = applyToOrders(smaller, fill('filled', '0.60000000', 'f3'));
    assert.deepEqual([filled.open.length, filled.recent[0]?.status, filled.recent[0]?.quantity], [0, 'filled', '0.60000000']);
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
