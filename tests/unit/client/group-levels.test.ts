import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupLevels } from '../../../lib/client/group-levels.ts';
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
