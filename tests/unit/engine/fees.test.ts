import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FEE_BPS, fillCash, fillFee } from '../../../workers/engine/fees.ts';
import { formatMoney } from '../../../lib/accounts/money.ts';
import { instrument } from '../../helpers/synthetic-book.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

describe('fees', () => {
  const aapl = instrument('AAPL');

  it('charges 0.10 % to takers and 0.05 % to makers', () => {
    assert.deepEqual(FEE_BPS, { taker: 10n, maker: 5n });
    // 10 AAPL at 190.00 = 1900.00
    assert.equal(formatMoney(fillFee(asTicks(19_000), asLots(10), aapl, 'taker')), '1.90000000');
    assert.equal(formatMoney(fillFee(asTicks(19_000), asLots(10), aapl, 'maker')), '0.95000000');
  });

  it('rounds a fraction of 10^-8 of fee up', () => {
    const eth = instrument('ETH-USD');
    // 0.0000320005 × 0.001 = 0.0000000320005
    assert.equal(formatMoney(fillFee(asTicks(64_001), asLots(1), eth, 'taker')), '0.00000004');
  });

  it('debits a buy its notional plus fee and credits a sell its notional minus fee', () => {
    assert.deepEqual(fillCash('buy', asTicks(19_000), asLots(10), aapl, 'taker'), { notional: 190_000_000_000n, fee: 190_000_000n, cashDelta: -190_190_000_000n });
    assert.deepEqual(fillCash('sell', asTicks(19_000), asLots(10), aapl, 'maker'), { notional: 190_000_000_000n, fee: 95_000_000n, cashDelta: 189_905_000_000n });
  });

  it('rounds sub-unit notionals against the account on both sides', () => {
    const eth = instrument('ETH-USD');
    assert.equal(formatMoney(fillCash('buy', asTicks(64_001), asLots(1), eth, 'taker').cashDelta), '-0.00003205');
    assert.equal(formatMoney(fillCash('sell', asTicks(64_001), asLots(1), eth, 'taker').cashDelta), '0.00003196');
  });
});
