import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyToTicket, isSettled, type Ticket } from '../../../lib/client/order-ticket.ts';

const sending: Ticket = { clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.01000000', price: undefined, status: 'sending' };

describe('order ticket', () => {
  it('follows its own order from accepted to filled', () => {
    const accepted = applyToTicket(sending, { type: 'order.accepted', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', orderType: 'market', timeInForce: 'IOC', quantity: '0.01000000', price: null, ts: 1 });
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
    assert.equal(applyToTicket(filled, { type: 'order.accepted', orderId: '1', clientOrderId: 'c1', symbol: 'BTC-USD', side: 'buy', orderType: 'market', timeInForce: 'IOC', quantity: '1', price: null, ts: 1 }).status, 'filled');
  });

  it('shows the engine\'s reject code and message', () => {
    const rejected = applyToTicket(sending, { type: 'order.rejected', op: 'order.place', code: 'INSUFFICIENT_FUNDS', message: 'needs 650.65, has 10.00', clientOrderId: 'c1', ts: 1 });
    assert.deepEqual([rejected.status, rejected.code, rejected.message], ['rejected', 'INSUFFICIENT_FUNDS', 'needs 650.65, has 10.00']);
  });

  it('ignores events about other orders', () => {
    assert.equal(applyToTicket(sending, { type: 'order.rejected', op: 'order.place', code: 'RATE_LIMITED', message: 'x', clientOrderId: 'other', ts: 1 }), sending);
    assert.equal(applyToTicket(sending, { type: 'balance', cash: '1', ts: 1 }), sending);
  });
});
