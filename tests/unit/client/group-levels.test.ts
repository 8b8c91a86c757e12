import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_GROUP_MULTIPLE, GROUP_MULTIPLES, groupDecimals, groupLevels, groupStepText, parseGroupMultiple, priceAtDecimals } from '../../../lib/client/group-levels.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { levels } from '../../helpers/levels.ts';

describe('price grouping', () => {
  it('keeps levels as they are at one tick, with running totals', () => {
    assert.deepEqual(groupLevels(levels([[105, 2], [104, 3]]), 'bid', 1, 10), [
      { priceTicks: 105, lots: 2, cumLots: 2 },
      { priceTicks: 104, lots: 3, cumLots: 5 },
    ]);
  });

  it('rounds bids down and asks up to the group, so grouped prices never cross', () => {
    const bids = groupLevels(levels([[109, 1], [105, 2], [99, 4]]), 'bid', 10, 10);
    const asks = groupLevels(levels([[110, 1], [111, 2], [125, 4]]), 'ask', 10, 10);
    assert.deepEqual(bids, [
      { priceTicks: 100, lots: 3, cumLots: 3 },
      { priceTicks: 90, lots: 4, cumLots: 7 },
    ]);
    assert.deepEqual(asks, [
      { priceTicks: 110, lots: 1, cumLots: 1 },
      { priceTicks: 120, lots: 2, cumLots: 3 },
      { priceTicks: 130, lots: 4, cumLots: 7 },
    ]);
  });

  it('stops at the row limit', () => {
    const rows = groupLevels(levels([[10, 1], [9, 1], [8, 1], [7, 1]]), 'bid', 1, 2);
    assert.deepEqual(rows.map((r) => r.priceTicks), [10, 9]);
  });

  it('returns no rows for an empty side', () => {
    assert.deepEqual(groupLevels([], 'ask', 5, 10), []);
  });
});

describe('the precision switch (grouping steps)', () => {
  const btc = getInstrument('BTC-USD');
  const eth = getInstrument('ETH-USD');
  assert.ok(btc && eth);

  it('names each step as a trader reads it, without trailing zeros', () => {
    assert.deepEqual(GROUP_MULTIPLES.map((m) => groupStepText(m, btc)), ['0.1', '0.5', '1', '5', '10', '50']);
    // ETH's tick is 0.05 at two decimals: 0.25 keeps both, 0.50 is 0.5.
    assert.deepEqual(GROUP_MULTIPLES.map((m) => groupStepText(m, eth)), ['0.05', '0.25', '0.5', '2.5', '5', '25']);
  });

  it('prints grouped prices with the step\'s decimals, exactly', () => {
    assert.equal(groupDecimals(1, btc), 1);
    assert.equal(groupDecimals(10, btc), 0);
    assert.equal(groupDecimals(5, eth), 2);
    assert.equal(groupDecimals(10, eth), 1);
    assert.equal(priceAtDecimals('65010.0', 0), '65010');
    assert.equal(priceAtDecimals('3200.50', 1), '3200.5');
    assert.equal(priceAtDecimals('3200.25', 2), '3200.25');
    assert.equal(priceAtDecimals('190', 0), '190');
  });

  it('buckets bids down and asks up at a coarse step, summing the sizes of each bucket', () => {
    // BTC at 1 (10 ticks): bids 65012.3, 65012.0 and 65011.9 → 65012 (2+3), 65011 (4); asks 65012.4, 65013.0 → 65013 (1+5).
    const bids = groupLevels(levels([[650123, 2], [650120, 3], [650119, 4]]), 'bid', 10, 10);
    const asks = groupLevels(levels([[650124, 1], [650130, 5]]), 'ask', 10, 10);
    assert.deepEqual(bids.map((r) => [r.priceTicks, r.lots]), [[650120, 5], [650110, 4]]);
    assert.deepEqual(asks.map((r) => [r.priceTicks, r.lots]), [[650130, 6]]);
  });

  it('accepts only the offered multiples from storage, anything else is the default', () => {
    assert.equal(parseGroupMultiple('10'), 10);
    assert.equal(parseGroupMultiple(500), 500);
    for (const bad of [null, '', '7', '10.0', ' 10', '-1', 'abc', 3, Number.NaN]) assert.equal(parseGroupMultiple(bad), DEFAULT_GROUP_MULTIPLE, String(bad));
  });
});
