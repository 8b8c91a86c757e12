import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceToTicks, sizeToLots } from '../../../lib/market/decimal.ts';
import { INSTRUMENTS, getInstrument, type Instrument } from '../../../lib/market/instruments.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';
import { MarketSimulator } from '../../../workers/feed/sources/simulator.ts';
import type { SourceEvent, TradeEvent } from '../../../workers/feed/sources/source.ts';

function instrument(symbol: string): Instrument {
  const inst = getInstrument(symbol);
  assert.ok(inst, symbol);
  return inst;
}

// One authoritative book per symbol; every book event must be accepted (so the book never crosses).
class Books {
  readonly bySymbol = new Map(INSTRUMENTS.map((inst) => [inst.symbol, new SequencedBook(inst)]));

  get(symbol: string): SequencedBook {
    const book = this.bySymbol.get(symbol);
    assert.ok(book, symbol);
    return book;
  }

  apply(events: readonly SourceEvent[]): void {
    for (const event of events) {
      if (event.type === 'trade') continue;
      const result = this.get(event.symbol).apply(event);
      assert.ok(result.ok, result.ok ? '' : `${event.symbol}: ${result.error.code} ${result.error.message}`);
    }
  }
}

function lotsAt(book: SequencedBook, side: 'bid' | 'ask', priceTicks: number): number {
  const levels = book.view.top(side, 1000);
  return levels.find(([price]) => price === priceTicks)?.[1] ?? 0;
}

describe('MarketSimulator', () => {
  it('starts with exactly one snapshot per instrument', () => {
    const first = new MarketSimulator({ seed: 5 }).next();
    assert.deepEqual(first.map((event) => event.type), INSTRUMENTS.map(() => 'snapshot'));
    assert.deepEqual(first.map((event) => event.symbol), INSTRUMENTS.map((inst) => inst.symbol));
  });

  it('starts from given prices instead of the references, so a restarted feed carries on where it stopped', () => {
    const btc = instrument('BTC-USD');
    const startPrice = Number(btc.referencePrice) * 1.3;
    const sim = new MarketSimulator({ seed: 5, startPrices: new Map([['BTC-USD', startPrice]]) });
    const books = new Books();
    books.apply(sim.next());
    const mid = (book: SequencedBook): number => (((book.view.bestBid() ?? NaN) + (book.view.bestAsk() ?? NaN)) / 2) * Number(book.instrument.tickSize);
    assert.ok(Math.abs(mid(books.get('BTC-USD')) / startPrice - 1) < 0.01, `BTC-USD opens at ${mid(books.get('BTC-USD'))}, near ${startPrice}`);
    const eth = instrument('ETH-USD');
    assert.ok(Math.abs(mid(books.get('ETH-USD')) / Number(eth.referencePrice) - 1) < 0.01, 'a symbol without a start price opens at its reference');
  });

  it('replays the same events for the same seed and different ones for another', () => {
    const run = (seed: number): SourceEvent[] => {
      const sim = new MarketSimulator({ seed, ratePerSec: 500 });
      const events: SourceEvent[] = [];
      for (let i = 0; i < 3_000; i++) events.push(...sim.next());
      for (let t = 10_000; t < 20_000; t += 250) events.push(...sim.step(t));
      return events;
    };
    assert.deepEqual(run(42), run(42));
    assert.notDeepEqual(run(42), run(43));
  });

  it('keeps at least 50 levels a side and never crosses', () => {
    const sim = new MarketSimulator({ seed: 11, ratePerSec: 2000 });
    const books = new Books();
    for (let i = 0; i < 40_000; i++) {
      books.apply(sim.next());
      if (i % 500 !== 0) continue;
      for (const book of books.bySymbol.values()) {
        assert.ok(book.view.top('bid', 1000).length >= 50, `${book.instrument.symbol} bids`);
        assert.ok(book.view.top('ask', 1000).length >= 50, `${book.instrument.symbol} asks`);
        assert.equal(book.view.isCrossed(), false);
      }
    }
  });

  it('produces the configured rate of updates per simulated second, capped per step', () => {
    const sim = new MarketSimulator({ seed: 3, ratePerSec: 1000, maxUpdatesPerStep: 1500 });
    sim.step(0);
    const levels = (events: SourceEvent[]): number => events.filter((event) => event.type === 'levels').length;
    assert.equal(levels(sim.step(1_000)), 1000);
    assert.equal(levels(sim.step(501)), 0, 'time never runs backwards');
    assert.equal(levels(sim.step(1_500)), 500);
    assert.equal(levels(sim.step(11_500)), 1500, 'a stall produces at most maxUpdatesPerStep');
    assert.throws(() => new MarketSimulator({ ratePerSec: 0 }), RangeError);
  });

  it('keeps prices in a sane band over thirty simulated days of coarse steps', () => {
    const sim = new MarketSimulator({ seed: 2024, ratePerSec: 10, maxUpdatesPerStep: 60 });
    const books = new Books();
    for (let t = 0; t <= 30 * 86_400_000; t += 1_800_000) {
      books.apply(sim.step(t));
      for (const inst of INSTRUMENTS) {
        const fair = sim.fairPrice(inst.symbol) ?? NaN;
        const reference = Number(inst.referencePrice);
        assert.ok(fair > reference / 3 && fair < reference * 3, `${inst.symbol} fair price ${fair}`);
        const book = books.get(inst.symbol);
        const mid = (((book.view.bestBid() ?? NaN) + (book.view.bestAsk() ?? NaN)) / 2) * Number(inst.tickSize);
        assert.ok(Math.abs(mid / fair - 1) < 0.05, `${inst.symbol} book mid ${mid} follows fair price ${fair}`);
      }
    }
  });

  it('prints trades only when a marketable order takes resting liquidity', () => {
    const sim = new MarketSimulator({ seed: 8, ratePerSec: 1000, instruments: [instrument('ETH-USD'), instrument('AAPL')] });
    const books = new Books();
    const ids = new Set<string>();
    let tradeCount = 0;
    books.apply(sim.next());
    for (let i = 0; i < 30_000; i++) {
      const batch = sim.next();
      const trades = batch.filter((event): event is TradeEvent => event.type === 'trade');
      if (trades.length > 0) {
        const first = trades[0];
        assert.ok(first);
        const inst = instrument(first.symbol);
        const book = books.get(first.symbol);
        const resting = first.side === 'buy' ? 'ask' : 'bid';
        const before = new Map(book.view.top(resting, 1000));
        const opposite = book.view.top(resting, 1000).map(([price]) => price);
        assert.ok(batch.some((event) => event.type === 'levels' && event.symbol === first.symbol), 'the book changed too');
        books.apply(batch);
        const isSideSwept = trades.length === opposite.length;
        trades.forEach((trade, index) => {
          assert.equal(trade.side, first.side, 'one aggressor per batch');
          assert.ok(!ids.has(trade.id), 'trade ids are unique');
          ids.add(trade.id);
          const price = priceToTicks(trade.price, inst);
          const lots = sizeToLots(trade.size, inst);
          assert.ok(price !== null && lots !== null && lots > 0);
          assert.equal(price, opposite[index], 'levels are taken best first');
          const restingLots = before.get(price) ?? 0;
          assert.ok(lots <= restingLots, 'a trade never exceeds the resting size');
          if (index < trades.length - 1) assert.equal(lots, restingLots, 'every level but the last is taken whole');
          if (!isSideSwept) assert.equal(lotsAt(book, resting, price), restingLots - lots, 'the level shrinks by the trade');
        });
        tradeCount += trades.length;
      } else {
        books.apply(batch);
      }
    }
    assert.ok(tradeCount > 1000, `enough trades to mean something (${tradeCount})`);
  });

  it('runs on a timer against the given clock until stopped', async () => {
    let now = 1_700_000_000_000;
    const sim = new MarketSimulator({ seed: 1, ratePerSec: 1000, tickMs: 5, now: () => now });
    const events: SourceEvent[] = [];
    sim.start((event) => events.push(event));
    for (let i = 0; i < 10; i++) {
      now += 20;
      await new Promise((resolve) => setTimeout(resolve, 6));
    }
    sim.stop();
    sim.stop();
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(events.length, count, 'nothing after stop()');
    assert.equal(events[0]?.type, 'snapshot');
    assert.equal(events[0]?.ts, 1_700_000_000_000);
    assert.ok(events.some((event) => event.type === 'levels'));
  });
});
