// Trade ids across feed leader terms: the simulator numbers its trades from 1 in every term, and the
// feed publishes each trade under its trades stream entry id instead, unique and ordered across terms,
// both on the stream (the gateways, GET /api/trades) and on the pub/sub channel (the engine's fills).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryBroker } from '../../../lib/broker/memory-broker.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { tradesChannel, tradesStream } from '../../../lib/protocol/channels.ts';
import { compareStreamIds } from '../../../lib/protocol/stream-id.ts';
import { tradePayload } from '../../../lib/protocol/trade-entry.ts';
import { InstrumentFeed } from '../../../workers/feed/instrument-feed.ts';
import { waitFor } from '../../helpers/wait-for.ts';

describe('trade ids across feed terms', () => {
  it('are the stream ids: unique and ordered though each term numbers its trades from 1', async () => {
    const broker = new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
    const instrument = getInstrument('BTC-USD');
    assert.ok(instrument);
    const published: string[] = [];
    await broker.subscribe(tradesChannel('BTC-USD'), (payload) => published.push((JSON.parse(payload) as { id: string }).id));
    const fail = (error: unknown): void => assert.fail(String(error));
    for (const epoch of [1_000, 2_000]) {
      // A new leader term: a fresh feed whose source restarts its trade numbers at 1.
      const feed: InstrumentFeed = new InstrumentFeed(instrument, broker, epoch, () => undefined, fail);
      for (let n = 1; n <= 3; n += 1) {
        assert.equal(feed.handle({ type: 'trade', symbol: 'BTC-USD', ts: epoch + n, id: String(n), price: '65000.0', size: '0.01000000', side: 'buy' }), undefined);
      }
    }
    await waitFor('every trade published', () => published.length === 6);
    const entries = await broker.readLatest(tradesStream('BTC-USD'), 100);
    const ids = entries.map((entry) => (JSON.parse(tradePayload(entry)) as { id: string }).id);
    assert.equal(new Set(ids).size, 6, 'unique');
    assert.deepEqual([...ids].sort(compareStreamIds), ids, 'ordered');
    assert.deepEqual(published, ids, 'the engine sees the same ids, in the same order');
    await broker.close();
  });
});
