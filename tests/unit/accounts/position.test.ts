import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, parseMoney } from '../../../lib/accounts/money.ts';
import { FLAT_POSITION, applyFill, midPrice, unrealizedPnl } from '../../../lib/accounts/position.ts';
import { instrument, orderBook } from '../../helpers/synthetic-book.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

const aapl = instrument('AAPL');

describe('position at average cost', () => {
  it('averages the cost of buys', () => {
    const once = applyFill(FLAT_POSITION, 'buy', asTicks(10_000), asLots(10), aapl);
    const twice = applyFill(once, 'buy', asTicks(11_000), asLots(10), aapl);
    assert.equal(twice.lots, 20);
    assert.equal(formatMoney(twice.avgCost), '105.00000000');
    assert.equal(twice.realizedPnl, 0n);
  });

  it('realizes P&L on a reduction and keeps the average cost', () => {
    const held = applyFill(applyFill(FLAT_POSITION, 'buy', asTicks(10_000), asLots(10), aapl), 'buy', asTicks(11_000), asLots(10), aapl);
    const reduced = applyFill(held, 'sell', asTicks(12_000), asLots(5), aapl);
    assert.equal(reduced.lots, 15);
    assert.equal(formatMoney(reduced.avgCost), '105.00000000');
    assert.equal(formatMoney(reduced.realizedPnl), '75.00000000');
    const loss = applyFill(reduced, 'sell', asTicks(10_000), asLots(15), aapl);
    assert.deepEqual(loss, { lots: 0, avgCost: 0n, realizedPnl: parseMoney('0') });
  });

  it('values the rest at the mid as unrealized P&L', () => {
    const held = applyFill(FLAT_POSITION, 'buy', asTicks(10_500), asLots(15), aapl);
    const book = orderBook('AAPL', [['114.99', '1']], [['115.01', '1']]);
    const mid = midPrice(book, aapl);
    assert.equal(mid === undefined ? undefined : formatMoney(mid), '115.00000000');
    assert.equal(formatMoney(unrealizedPnl(held, parseMoney('115'), aapl)), '150.00000000');
    assert.equal(formatMoney(unrealizedPnl(held, parseMoney('100'), aapl)), '-75.00000000');
  });

  it('keeps fractional crypto sizes exact', () => {
    const btc = instrument('BTC-USD');
    const held = applyFill(applyFill(FLAT_POSITION, 'buy', asTicks(650_000), asLots(1), btc), 'buy', asTicks(650_010), asLots(3), btc);
    // (65000.0 × 1 + 65001.0 × 3) / 4 = 65000.75
    assert.equal(formatMoney(held.avgCost), '65000.75000000');
    const sold = applyFill(held, 'sell', asTicks(650_020), asLots(2), btc);
    // (65002.0 − 65000.75) × 0.00000002 = 0.000000025 → half away from zero
    assert.equal(formatMoney(sold.realizedPnl), '0.00000003');
  });

  it('refuses to sell more than is held (no shorting)', () => {
    assert.throws(() => applyFill(FLAT_POSITION, 'sell', asTicks(10_000), asLots(1), aapl), RangeError);
  });

  it('marks an empty book as having no mid, and a one-sided book at its best', () => {
    assert.equal(midPrice(orderBook('AAPL', [], []), aapl), undefined);
    assert.equal(midPrice(orderBook('AAPL', [], [['115.01', '1']]), aapl), parseMoney('115.01'));
  });
});
