import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WireLevel } from '../../../lib/market/book-messages.ts';
import { checksumOfBook, checksumOfLevels, checksumToken } from '../../../lib/market/checksum.ts';
import { crc32, crc32Bytes } from '../../../lib/market/crc32.ts';
import { priceToTicks, sizeToLots } from '../../../lib/market/decimal.ts';
import type { Instrument } from '../../../lib/market/instruments.ts';
import { OrderBook } from '../../../lib/market/order-book.ts';
import { asLots, asTicks } from '../../../lib/market/units.ts';

// The worked example of Kraken's "Spot Websockets (v2) Book Checksum" guide
// (https://docs.kraken.com/api/docs/guides/spot-ws-book-v2): BTC/USD, price precision 1,
// qty precision 8, documented checksum 3310070434.
const KRAKEN_ASKS: WireLevel[] = [
  ['45285.2', '0.00100000'], ['45286.4', '1.54571953'], ['45286.6', '1.54571109'], ['45289.6', '1.54560911'],
  ['45290.2', '0.15890660'], ['45291.8', '1.54553491'], ['45294.7', '0.04454749'], ['45296.1', '0.35380000'],
  ['45297.5', '0.09945542'], ['45299.5', '0.18772827'],
];
const KRAKEN_BIDS: WireLevel[] = [
  ['45283.5', '0.10000000'], ['45283.4', '1.54582015'], ['45282.1', '0.10000000'], ['45281.0', '0.10000000'],
  ['45280.3', '1.54592586'], ['45279.0', '0.07990000'], ['45277.6', '0.03310103'], ['45277.5', '0.30000000'],
  ['45277.3', '1.54602737'], ['45276.6', '0.15445238'],
];
const KRAKEN_CHECKSUM = 3310070434;

const KRAKEN_BTC: Instrument = {
  symbol: 'BTC/USD', name: 'Kraken example', kind: 'crypto', tickSize: '0.1', lotSize: '0.00000001',
  pricePrecision: 1, sizePrecision: 8, minQty: '0.0001', maxQty: '100', referencePrice: '45284.0',
  volatility: 0.6, indexWeight: 0,
};

function bookOf(bids: WireLevel[], asks: WireLevel[], inst: Instrument): OrderBook {
  const book = new OrderBook();
  for (const [side, levels] of [['bid', bids], ['ask', asks]] as const) {
    for (const [price, size] of levels) {
      const ticks = priceToTicks(price, inst);
      const lots = sizeToLots(size, inst);
      assert.ok(ticks !== null && lots !== null);
      book.apply(side, ticks, lots);
    }
  }
  return book;
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    assert.equal(crc32('123456789'), 0xcbf43926);
    assert.equal(crc32Bytes(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.equal(crc32(''), 0);
  });

  it('hashes non-ASCII text as UTF-8', () => {
    assert.equal(crc32('é'), crc32Bytes(new Uint8Array([0xc3, 0xa9])));
  });
});

describe('Kraken v2 book checksum', () => {
  it('strips the point and leading zeros from each value', () => {
    assert.equal(checksumToken('45285.2'), '452852');
    assert.equal(checksumToken('0.00100000'), '100000');
    assert.equal(checksumToken('45281.0'), '452810');
  });

  it("reproduces Kraken's documented example from wire strings", () => {
    assert.equal(checksumOfLevels(KRAKEN_ASKS, KRAKEN_BIDS), KRAKEN_CHECKSUM);
  });

  it("reproduces Kraken's documented example from an integer book", () => {
    assert.equal(checksumOfBook(bookOf(KRAKEN_BIDS, KRAKEN_ASKS, KRAKEN_BTC), KRAKEN_BTC), KRAKEN_CHECKSUM);
  });

  it('covers only the top 10 levels of each side', () => {
    const book = bookOf(KRAKEN_BIDS, KRAKEN_ASKS, KRAKEN_BTC);
    book.apply('ask', asTicks(453100), asLots(5));
    book.apply('bid', asTicks(452700), asLots(5));
    assert.equal(checksumOfBook(book, KRAKEN_BTC), KRAKEN_CHECKSUM);
    book.apply('ask', asTicks(452990), asLots(5)); // 45299.0 enters the top 10
    assert.notEqual(checksumOfBook(book, KRAKEN_BTC), KRAKEN_CHECKSUM);
  });

  it('changes when a single quantity changes', () => {
    const asks = KRAKEN_ASKS.map(([price, size]): WireLevel => [price, size]);
    asks[9] = ['45299.5', '0.18772828'];
    assert.notEqual(checksumOfLevels(asks, KRAKEN_BIDS), KRAKEN_CHECKSUM);
  });
});
