import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderBook } from '../../../lib/market/order-book.ts';
import { levels } from '../../helpers/levels.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

// Bids 99, 98, 97 and asks 101, 102, 103 (ticks), each with 10 × level lots.
function standardBook(): OrderBook {
  const book = new OrderBook();
  for (const [price, lots] of levels([[99, 10], [97, 30], [98, 20]])) book.apply('bid', price, lots);
  for (const [price, lots] of levels([[103, 30], [101, 10], [102, 20]])) book.apply('ask', price, lots);
  return book;
}

describe('OrderBook', () => {
  it('sorts bids high to low and asks low to high whatever the insert order', () => {
    const book = standardBook();
    assert.deepEqual(book.top('bid', 10), [[99, 10], [98, 20], [97, 30]]);
    assert.deepEqual(book.top('ask', 10), [[101, 10], [102, 20], [103, 30]]);
    assert.equal(book.bestBid(), 99);
    assert.equal(book.bestAsk(), 101);
  });

  it('replaces a level with the absolute quantity given', () => {
    const book = standardBook();
    book.apply('bid', asTicks(98), asLots(5));
    assert.deepEqual(book.top('bid', 3), [[99, 10], [98, 5], [97, 30]]);
  });

  it('removes a level at quantity 0 and ignores removing an absent one', () => {
    const book = standardBook();
    book.apply('ask', asTicks(101), asLots(0));
    book.apply('ask', asTicks(150), asLots(0));
    assert.equal(book.bestAsk(), 102);
    assert.equal(book.asks.depth, 2);
    assert.equal(book.asks.lotsAt(asTicks(101)), 0);
  });

  it('returns only the best N levels', () => {
    const book = standardBook();
    assert.deepEqual(book.top('bid', 2), [[99, 10], [98, 20]]);
    assert.deepEqual(book.top('ask', 0), []);
  });

  it('trims each side to a maximum depth and reports what it removed', () => {
    const book = standardBook();
    assert.deepEqual(book.trim(2), { bids: [[97, 30]], asks: [[103, 30]] });
    assert.equal(book.bids.depth, 2);
    assert.equal(book.asks.lotsAt(asTicks(103)), 0);
    assert.deepEqual(book.trim(5), { bids: [], asks: [] });
  });

  it('reports a crossed or locked book', () => {
    const book = standardBook();
    assert.equal(book.isCrossed(), false);
    book.apply('bid', asTicks(101), asLots(1));
    assert.equal(book.isCrossed(), true, 'locked');
    book.apply('bid', asTicks(101), asLots(0));
    book.apply('ask', asTicks(98), asLots(1));
    assert.equal(book.isCrossed(), true, 'crossed');
  });

  it('has no best price on an empty side and is not crossed', () => {
    const book = new OrderBook();
    assert.equal(book.bestBid(), undefined);
    assert.equal(book.bestAsk(), undefined);
    assert.equal(book.isCrossed(), false);
  });

  it('clones independently', () => {
    const book = standardBook();
    const copy = book.clone();
    copy.apply('bid', asTicks(99), asLots(0));
    assert.equal(book.bestBid(), 99);
    assert.equal(copy.bestBid(), 98);
    assert.deepEqual(standardBook().snapshot(), book.snapshot());
  });

  it('matches a naive sorted model through random updates', () => {
    const book = new OrderBook();
    const model = new Map<number, number>();
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const price = 1 + random(300);
      const lots = random(4) === 0 ? 0 : 1 + random(1000);
      book.apply('bid', asTicks(price), asLots(lots));
      if (lots === 0) model.delete(price);
      else model.set(price, lots);
    }
    const expected = [...model.entries()].sort((a, b) => b[0] - a[0]);
    assert.deepEqual(book.top('bid', 1000), expected);
  });
});
