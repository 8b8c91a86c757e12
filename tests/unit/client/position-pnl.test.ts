import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availableFor } from '../../../lib/client/available.ts';
import { accountTotals, midOf, valuePosition } from '../../../lib/client/position-pnl.ts';

const quote = (bid: string, ask: string) => ({ last: bid, bid, ask, changePct: '0' });

describe('position valuation', () => {
  it('values a long position at the mid', () => {
    const p = valuePosition({ symbol: 'BTC-USD', quantity: '0.5', avgCost: '60000', realizedPnl: '12.5' }, quote('64999', '65001'));
    assert.equal(p.mark, 65_000);
    assert.equal(p.unrealizedPnl, 2500);
    assert.equal(p.marketValue, 32_500);
  });

  it('has no mark without both sides', () => {
    assert.equal(midOf(quote('0', '65001')), undefined);
    assert.equal(midOf(undefined), undefined);
    assert.equal(valuePosition({ symbol: 'X', quantity: '1', avgCost: '1', realizedPnl: '0' }, undefined).unrealizedPnl, undefined);
  });

  it('adds cash and holdings into equity and sums P&L; a flat position only adds realized P&L', () => {
    const long = valuePosition({ symbol: 'BTC-USD', quantity: '0.5', avgCost: '60000', realizedPnl: '0' }, quote('64999', '65001'));
    const flat = valuePosition({ symbol: 'ETH-USD', quantity: '0', avgCost: '0', realizedPnl: '-5' }, undefined);
    assert.deepEqual(accountTotals(1000, [long, flat]), { equity: 33_500, unrealizedPnl: 2500, realizedPnl: -5 });
  });

  it('does not guess equity while a holding has no mark', () => {
    const unmarked = valuePosition({ symbol: 'X', quantity: '1', avgCost: '1', realizedPnl: '0' }, undefined);
    assert.equal(accountTotals(1000, [unmarked]).equity, undefined);
  });
});

describe('available to trade', () => {
  const order = (side: 'buy' | 'sell', symbol: string, quantity: string, filledQty: string, price: string | null) => ({
    orderId: '1', clientOrderId: 'c', symbol, side, orderType: price === null ? ('market' as const) : ('limit' as const), timeInForce: 'GTC' as const, quantity, price,
    stopPrice: null, postOnly: false, triggeredAt: null, filledQty, status: 'open', createdAt: 0,
  });

  it('holds back the cash of open buys (with the fee) and the holdings offered by open sells', () => {
    const free = availableFor('BTC-USD', 10_000, 1, [order('buy', 'ETH-USD', '1', '0.5', '3000'), order('sell', 'BTC-USD', '0.4', '0.1', '70000'), order('sell', 'ETH-USD', '5', '0', '4000')]);
    assert.ok(Math.abs(free.cash - (10_000 - 1500 * 1.001)) < 1e-9);
    assert.ok(Math.abs(free.position - 0.7) < 1e-9);
  });

  it('holds back what a waiting stop buy reserves: its quantity at its limit or protection price', () => {
    const stop = { ...order('buy', 'BTC-USD', '0.1', '0', '71500.0'), orderType: 'stop_market' as const, timeInForce: 'IOC' as const, stopPrice: '65000.0' };
    assert.ok(Math.abs(availableFor('BTC-USD', 10_000, 0, [stop]).cash - (10_000 - 7150 * 1.001)) < 1e-9);
  });

  it('never goes below zero', () => {
    assert.deepEqual(availableFor('BTC-USD', 10, 0, [order('buy', 'BTC-USD', '1', '0', '65000')]), { cash: 0, position: 0 });
  });
});
