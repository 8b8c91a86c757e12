import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
