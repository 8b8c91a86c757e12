import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrice, divide, formatMoney, notionalMoney, parseMoney, priceMoney } from '../../../lib/accounts/money.ts';
import { instrument } from '../../helpers/synthetic-book.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

describe('money', () => {
  it('rounds a division floor, ceil or half away from zero, for both signs', () => {
    assert.equal(divide(7n, 2n, 'floor'), 3n);
    assert.equal(divide(7n, 2n, 'ceil'), 4n);
    assert.equal(divide(7n, 2n, 'half-up'), 4n);
    assert.equal(divide(-7n, 2n, 'floor'), -4n);
    assert.equal(divide(-7n, 2n, 'ceil'), -3n);
    assert.equal(divide(-7n, 2n, 'half-up'), -4n);
    assert.equal(divide(5n, 3n, 'half-up'), 2n);
    assert.equal(divide(4n, 3n, 'half-up'), 1n);
    assert.equal(divide(6n, 3n, 'ceil'), 2n);
  });

  it('parses and formats amounts with 8 decimals', () => {
    assert.equal(parseMoney('100000'), 10_000_000_000_000n);
    assert.equal(parseMoney('-0.5'), -50_000_000n);
    assert.equal(formatMoney(parseMoney('12.3456789')), '12.34567890');
    assert.equal(formatMoney(-1n), '-0.00000001');
    assert.throws(() => parseMoney('1.000000001'), RangeError);
    assert.throws(() => parseMoney('1e5'), RangeError);
  });

  it('multiplies price by size exactly, past Number.MAX_SAFE_INTEGER units', () => {
    const btc = instrument('BTC-USD');
    // 100 BTC at 65000.1: 10^10 lots × 650001 ticks would overflow a float's exact range.
    assert.equal(formatMoney(notionalMoney(asTicks(650_001), asLots(10_000_000_000), btc, 'floor')), '6500010.00000000');
    assert.equal(formatMoney(priceMoney(asTicks(650_001), btc)), '65000.10000000');
  });

  it('rounds a notional finer than 10^-8 as asked', () => {
    const eth = instrument('ETH-USD');
    // 3200.05 × 0.00000001 = 0.0000320005
    assert.equal(formatMoney(notionalMoney(asTicks(64_001), asLots(1), eth, 'ceil')), '0.00003201');
    assert.equal(formatMoney(notionalMoney(asTicks(64_001), asLots(1), eth, 'floor')), '0.00003200');
  });

  it('averages fills by volume', () => {
    const aapl = instrument('AAPL');
    // 10 @ 190.00 + 20 @ 190.05 + 5 @ 190.10 = 6651.50 over 35 shares
    const notional = (19_000n * 10n + 19_005n * 20n + 19_010n * 5n);
    assert.equal(formatMoney(averagePrice(notional, asLots(35), aapl)), '190.04285714');
    assert.equal(averagePrice(0n, asLots(0), aapl), 0n);
  });
});
