import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lotsFilledByBook, lotsFilledByTrade } from '../../../workers/engine/lots-filled-by-market.ts';
import { walkBook } from '../../../workers/engine/walk-book.ts';
import { orderBook } from '../../helpers/synthetic-book.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

describe('resting limit orders', () => {
  const restingBuy = { side: 'buy' as const, priceTicks: asTicks(18_900), remainingLots: asLots(10) };
  const restingSell = { side: 'sell' as const, priceTicks: asTicks(19_100), remainingLots: asLots(10) };

  it('fill when a trade prints through the price, up to the print size', () => {
    assert.equal(lotsFilledByTrade(restingBuy, { priceTicks: asTicks(18_899), lots: asLots(4) }), 4);
    assert.equal(lotsFilledByTrade(restingBuy, { priceTicks: asTicks(18_800), lots: asLots(50) }), 10);
    assert.equal(lotsFilledByTrade(restingSell, { priceTicks: asTicks(19_101), lots: asLots(7) }), 7);
  });

  it('do not fill on a print at or behind the price', () => {
    assert.equal(lotsFilledByTrade(restingBuy, { priceTicks: asTicks(18_900), lots: asLots(4) }), 0);
    assert.equal(lotsFilledByTrade(restingBuy, { priceTicks: asTicks(19_000), lots: asLots(4) }), 0);
    assert.equal(lotsFilledByTrade(restingSell, { priceTicks: asTicks(19_100), lots: asLots(4) }), 0);
  });

  it('fill when the opposite best crosses the price, up to the size at or better than it', () => {
    const crossed = orderBook('AAPL', [['188.00', '5']], [['188.90', '3'], ['189.00', '4'], ['189.01', '100']]);
    assert.equal(lotsFilledByBook(restingBuy, crossed), 7);
    const sellCrossed = orderBook('AAPL', [['191.20', '30'], ['191.00', '30']], [['192.00', '1']]);
    assert.equal(lotsFilledByBook(restingSell, sellCrossed), 10);
  });

  it('do not fill while the book is on their side of the price', () => {
    const apart = orderBook('AAPL', [['188.00', '5']], [['189.01', '100']]);
    assert.equal(lotsFilledByBook(restingBuy, apart), 0);
    assert.equal(lotsFilledByBook(restingSell, apart), 0);
  });

  it('never read past the limit when walking the book', () => {
    const book = orderBook('AAPL', [], [['189.00', '4'], ['189.50', '4']]);
    assert.deepEqual(walkBook(book, 'buy', asLots(10), asTicks(18_900)), { executions: [{ priceTicks: 18_900, lots: 4 }], remainingLots: 6 });
    assert.deepEqual(walkBook(book, 'buy', asLots(6)), { executions: [{ priceTicks: 18_900, lots: 4 }, { priceTicks: 18_950, lots: 2 }], remainingLots: 0 });
  });
});
