import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToTicket, isSettled, type Ticket } from '../../../lib/client/order-ticket.ts';

const sending: Ticket = { clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01000000', price: undefined, status: 'sending' };

describe('order ticket', () => {
  it('follows its own order from accepted to filled', () => {
    const accepted = applyToTicket(sending, { type: 'order.accepted', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', orderType: 'market', timeInForce: 'IOC', quantity: '0.01000000', price: null, stopPrice: null, postOnly: false, ts: 1 });
    assert.equal(accepted.status, 'accepted');
    const filled = applyToTicket(accepted, {
      type: 'order.filled', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', fillId: '9', price: '65000.0', size: '0.01000000', fee: '0.65', liquidity: 'taker', filledQty: '0.01000000', avgPrice: '65000.00000000', status: 'filled', ts: 2,
    });
    assert.equal(filled.status, 'filled');
    assert.equal(filled.avgPrice, '65000.00000000');
    assert.ok(isSettled(filled));
  });

  it('does not go back to accepted once a fill arrived first', () => {
    const filled: Ticket = { ...sending, status: 'filled' };
    assert.equal(applyToTicket(filled, { type: 'order.accepted', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', orderType: 'market', timeInForce: 'IOC', quantity: '1', price: null, stopPrice: null, postOnly: false, ts: 1 }).status, 'filled');
  });

  it('shows the engine\'s reject code and message', () => {
    const rejected = applyToTicket(sending, { type: 'order.rejected', op: 'order.place', code: 'INSUFFICIENT_FUNDS', message: 'needs 650.65, has 10.00', clientOrderId: 'c1', ts: 1 });
    assert.deepEqual([rejected.status, rejected.code, rejected.message], ['rejected', 'INSUFFICIENT_FUNDS', 'needs 650.65, has 10.00']);
  });

  it('follows a stop from waiting to triggered to filled, taking the protection price the engine answered', () => {
    const stop: Ticket = { ...sending, type: 'stop_market', stopPrice: '66000.0' };
    const waiting = applyToTicket(stop, { type: 'order.accepted', orderId: '2', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', orderType: 'stop_market', timeInForce: 'IOC', quantity: '0.01000000', price: '72600.0', stopPrice: '66000.0', postOnly: false, ts: 1 });
    assert.deepEqual([waiting.status, waiting.price], ['accepted', '72600.0']);
    const triggered = applyToTicket(waiting, { type: 'order.triggered', orderId: '2', clientOrderId: 'c1', symbol: 'BTC-USD', stopPrice: '66000.0', lastPrice: '66000.2', ts: 2 });
    assert.equal(triggered.status, 'triggered');
    assert.equal(isSettled(triggered), false);
    const filled = applyToTicket(triggered, {
      type: 'order.filled', orderId: '2', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', fillId: '9', price: '66001.0', size: '0.01000000', fee: '0.66', liquidity: 'taker', filledQty: '0.01000000', avgPrice: '66001.00000000', status: 'filled', ts: 3,
    });
    assert.equal(applyToTicket(filled, { type: 'order.triggered', orderId: '2', clientOrderId: 'c1', symbol: 'BTC-USD', stopPrice: '66000.0', lastPrice: '66000.2', ts: 2 }).status, 'filled');
  });

  it('says FOK_UNFILLED when a fill-or-kill could not fill whole', () => {
    const cancelled = applyToTicket({ ...sending, status: 'accepted' }, { type: 'order.cancelled', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', reason: 'FOK_UNFILLED', filledQty: '0.00000000', ts: 2 });
    assert.deepEqual([cancelled.status, cancelled.code, cancelled.filledQty], ['cancelled', 'FOK_UNFILLED', '0.00000000']);
  });

  it('takes an amend of its order, and a refused amend leaves it as it was', () => {
    const resting: Ticket = { ...sending, type: 'limit', price: '64000.0', status: 'accepted' };
    const amended = applyToTicket(resting, {
      type: 'order.amended', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', orderType: 'limit', timeInForce: 'GTC', quantity: '0.00500000', price: '63900.0', stopPrice: null, postOnly: false, filledQty: '0', keptPriority: false, ts: 2,
    });
    assert.deepEqual([amended.status, amended.price, amended.quantity], ['accepted', '63900.0', '0.00500000']);
    assert.equal(applyToTicket(amended, { type: 'order.rejected', op: 'order.amend', code: 'POST_ONLY_WOULD_TAKE', message: 'x', clientOrderId: 'c1', ts: 3 }), amended);
  });

  it('ignores events about other orders', () => {
    assert.equal(applyToTicket(sending, { type: 'order.rejected', op: 'order.place', code: 'RATE_LIMITED', message: 'x', clientOrderId: 'other', ts: 1 }), sending);
    assert.equal(applyToTicket(sending, { type: 'balance', cash: '1', ts: 1 }), sending);
  });
});
