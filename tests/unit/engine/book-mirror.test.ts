import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { SNAPSHOT_REQUEST_CHANNEL, bookChannel, bookSnapshotKey, tradesChannel } from '../../../lib/protocol/channels.ts';
import { MarketData } from '../../../workers/engine/market-data.ts';
import type { PublicTrade } from '../../../workers/engine/lots-filled-by-market.ts';
import { instrument, SyntheticBook } from '../../helpers/synthetic-book.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { asTicks } from '../../../lib/market/units.ts';

const logger = pino({ level: 'silent' });
const quiet = { warn: () => {}, info: () => {} };

describe('engine book mirror', () => {
  let broker: MemoryBroker;
  let marketData: MarketData | undefined;
  afterEach(async () => {
    await marketData?.close();
    await broker.close();
  });

  async function start(trades: PublicTrade[] = []): Promise<MarketData> {
    marketData = new MarketData(broker, logger, [instrument('AAPL')], { onBook: () => {}, onTrade: (_s, trade) => trades.push(trade) }, 20);
    await marketData.start();
    return marketData;
  }

  it('seeds from the snapshot key and follows the deltas', async () => {
    broker = new MemoryBroker({ logger: quiet });
    const feed = new SyntheticBook('AAPL', [['189.95', '10']], [['190.00', '10']]);
    await broker.set(bookSnapshotKey('AAPL'), JSON.stringify(feed.snapshot()));
    const market = await start();
    assert.equal(await market.whenLive(1000), true);
    await broker.publish(bookChannel('AAPL'), JSON.stringify({ type: 'book.delta', ...feed.change([], [['190.00', '0'], ['190.01', '3']]) }));
    await waitFor('the delta applied', () => market.liveBook('AAPL')?.bestAsk() === 19_001);
  });

  it('applies a batch of deltas sent as one message, in order', async () => {
    broker = new MemoryBroker({ logger: quiet });
    const feed = new SyntheticBook('AAPL', [['189.95', '10']], [['190.00', '10']]);
    await broker.set(bookSnapshotKey('AAPL'), JSON.stringify(feed.snapshot()));
    const market = await start();
    await waitFor('the book live', () => market.liveBook('AAPL'));
    const batch = [feed.change([['189.96', '1']], []), feed.change([['189.97', '2']], [])].map((delta) => ({ type: 'book.delta', ...delta }));
    await broker.publish(bookChannel('AAPL'), JSON.stringify(batch));
    await waitFor('both deltas applied', () => market.liveBook('AAPL')?.bestBid() === 18_997);
    assert.equal(market.liveBook('AAPL')?.bids.lotsAt(asTicks(18_996)), 1);
  });

  it('offers no book until a snapshot exists, asking the feed for one', async () => {
    broker = new MemoryBroker({ logger: quiet });
    const requests: string[] = [];
    await broker.subscribe(SNAPSHOT_REQUEST_CHANNEL, (symbol) => requests.push(symbol));
    const market = await start();
    await waitFor('a snapshot request', () => requests.includes('AAPL'));
    assert.equal(market.liveBook('AAPL'), undefined);
    const feed = new SyntheticBook('AAPL', [['189.95', '10']], [['190.00', '10']]);
    await broker.set(bookSnapshotKey('AAPL'), JSON.stringify(feed.snapshot()));
    await waitFor('the book live', () => market.liveBook('AAPL'));
  });

  it('drops the book on a sequence gap and rebuilds it from a fresh snapshot', async () => {
    broker = new MemoryBroker({ logger: quiet });
    const feed = new SyntheticBook('AAPL', [['189.95', '10']], [['190.00', '10']]);
    await broker.set(bookSnapshotKey('AAPL'), JSON.stringify(feed.snapshot()));
    const market = await start();
    await waitFor('the book live', () => market.liveBook('AAPL'));
    feed.change([['189.90', '5']], []); // never published: the mirror misses seq 2
    const afterGap = feed.change([['189.85', '5']], []);
    await broker.publish(bookChannel('AAPL'), JSON.stringify({ type: 'book.delta', ...afterGap }));
    await waitFor('the book dropped', () => market.liveBook('AAPL') === undefined);
    await broker.set(bookSnapshotKey('AAPL'), JSON.stringify(feed.snapshot()));
    const book = await waitFor('the book rebuilt', () => market.liveBook('AAPL'));
    assert.equal(book.bids.lotsAt(asTicks(18_990)), 5);
    assert.equal(book.bids.lotsAt(asTicks(18_985)), 5);
  });

  it('passes trades on in integer units and drops malformed ones', async () => {
    broker = new MemoryBroker({ logger: quiet });
    const trades: PublicTrade[] = [];
    await start(trades);
    const trade = { type: 'trade', symbol: 'AAPL', id: 't1', side: 'buy', ts: 1 };
    await broker.publish(tradesChannel('AAPL'), JSON.stringify({ ...trade, price: '190.015', size: '1' }));
    await broker.publish(tradesChannel('AAPL'), 'not json');
    await broker.publish(tradesChannel('AAPL'), JSON.stringify({ ...trade, price: '190.01', size: '2' }));
    await waitFor('the valid trade', () => trades.length === 1);
    assert.deepEqual(trades, [{ priceTicks: 19_001, lots: 2 }]);
  });

  it('lets orders wait out a short resync, and stops waiting once the resync outlasts the grace', async () => {
    broker = new MemoryBroker({ logger: quiet });
    const market = await start();
    const feed = new SyntheticBook('AAPL', [['189.95', '10']], [['190.00', '10']]);
    // No snapshot yet: the mirror is resyncing. It arrives 50 ms into a 2 s grace.
    setTimeout(() => void broker.set(bookSnapshotKey('AAPL'), JSON.stringify(feed.snapshot())), 50);
    await market.whenResynced(2000);
    assert.ok(market.liveBook('AAPL'), 'live once the snapshot came, well within the grace');

    feed.change([['189.90', '5']], []); // never published: a gap
    await broker.publish(bookChannel('AAPL'), JSON.stringify({ type: 'book.delta', ...feed.change([['189.85', '5']], []) }));
    await waitFor('the book dropped', () => market.liveBook('AAPL') === undefined);
    const started = Date.now();
    await market.whenResynced(150); // the feed never answers: give up after the grace
    const waitedMs = Date.now() - started;
    assert.equal(market.liveBook('AAPL'), undefined);
    assert.ok(waitedMs >= 100 && waitedMs < 1000, `waited ${waitedMs} ms`);
    const again = Date.now();
    await market.whenResynced(150); // the grace is counted from the start of the resync, not per call
    assert.ok(Date.now() - again < 50);
  });
});
