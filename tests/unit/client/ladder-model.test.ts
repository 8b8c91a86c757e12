import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { english, korean } from '../../helpers/english.ts';
import { ladderModel } from '../../../components/order-book/ladder-model.ts';
import type { BookView } from '../../../lib/client/book-feed.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';
import { levels } from '../../helpers/levels.ts';

const btc = getInstrument('BTC-USD');
assert.ok(btc);

// BTC-USD in ticks of 0.1, sizes in lots of 0.00000001 (1e8 lots = 1 BTC).
const view: BookView = {
  symbol: 'BTC-USD',
  status: 'live',
  reason: undefined,
  seq: 1,
  bids: levels([[649988, 30_000_000], [649985, 10_000_000], [649979, 5_000_000]]),
  asks: levels([[650046, 20_000_000], [650051, 40_000_000]]),
};

describe('the ladder model', () => {
  it('at one tick shows every level at the instrument\'s precision and the market\'s spread', () => {
    const model = ladderModel(view, btc, 1, 16);
    assert.deepEqual(model.bids.map((l) => l.priceText), ['64,998.8', '64,998.5', '64,997.9']);
    assert.equal(model.bestBidText, '64,998.8');
    assert.equal(model.bestAskText, '65,004.6');
    assert.equal(model.spreadText, '5.8 (0.009%)');
  });

  it('at a step of 1 prints whole prices, sums sizes per bucket and keeps the exact price for the form', () => {
    const model = ladderModel(view, btc, 10, 16);
    assert.deepEqual(model.bids.map((l) => [l.priceText, l.sizeText, l.price]), [['64,998', '0.4', '64998.0'], ['64,997', '0.05', '64997.0']]);
    assert.deepEqual(model.asks.map((l) => [l.priceText, l.sizeText]), [['65,005', '0.2'], ['65,006', '0.4']]);
    // The spread row is the market's, not the buckets'.
    assert.equal(model.bestBid, '64998.8');
    assert.equal(model.spreadText, '5.8 (0.009%)');
  });

  it('marks the user\'s orders on their rows with their size and what they are', () => {
    const own = [
      { side: 'bid' as const, priceTicks: asTicks(649986), lots: asLots(1_000_000) },
      { side: 'ask' as const, priceTicks: asTicks(650051), lots: asLots(250_001) },
    ];
    const fine = ladderModel(view, btc, 1, 16, own);
    // 64,998.6 is between the levels 64,998.8 and 64,998.5: it queues with (just ahead of) 64,998.5.
    assert.deepEqual(fine.bids.map((l) => l.own && { ...l.own, label: english(l.own.label) }), [undefined, { sizeText: '0.01', chipText: '0.01', label: 'Your buy 0.01 @ 64,998.6' }, undefined]);
    assert.deepEqual(fine.asks.map((l) => l.own && { ...l.own, label: english(l.own.label) }), [undefined, { sizeText: '0.00250001', chipText: '0.0025', label: 'Your sell 0.00250001 @ 65,005.1' }]);
    assert.equal(korean(fine.asks[1]?.own?.label), '내 매도 주문 0.00250001 @ 65,005.1');
    const coarse = ladderModel(view, btc, 10, 16, own);
    assert.equal(english(coarse.bids[0]?.own?.label), 'Your buy 0.01 @ 64,998.6');
    assert.equal(english(coarse.asks[1]?.own?.label), 'Your sell 0.00250001 @ 65,005.1');
  });
});
