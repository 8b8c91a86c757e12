// The feed's delta counter, the series the "feed silent" alert watches: it moves only with deltas
// the broker accepted, per symbol.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Broker } from '../../../lib/broker/broker.ts';
import { getInstrument, INSTRUMENTS } from '../../../lib/market/instruments.ts';
import { getMetrics } from '../../../lib/metrics.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';
import { BookPublisher } from '../../../workers/feed/book-publisher.ts';
import { getFeedMetrics } from '../../../workers/feed/feed-metrics.ts';
import { metricValue } from '../../helpers/metrics-text.ts';

async function published(symbol: string): Promise<number | undefined> {
  return metricValue(await getMetrics().registry.metrics(), 'tickwire_feed_deltas_published_total', `symbol="${symbol}"`);
}

/** Publishes three deltas of AAPL in one turn through a broker whose publish does `publish`. */
async function publishThree(publish: () => Promise<void>): Promise<void> {
  const inst = getInstrument('AAPL');
  assert.ok(inst);
  const book = new SequencedBook(inst);
  book.apply({ type: 'snapshot', symbol: 'AAPL', ts: 1, bids: [['189.99', '10']], asks: [['190.01', '10']] });
  const publisher = new BookPublisher({ publish } as unknown as Broker, book);
  const sent = ['11', '12', '13'].map((size) => {
    const result = book.apply({ type: 'levels', symbol: 'AAPL', ts: 2, bids: [['189.99', size]], asks: [] });
    assert.ok(result.ok && result.delta);
    return publisher.publishDelta(result.delta);
  });
  await Promise.allSettled(sent);
}

describe('feed metrics', () => {
  it('exposes a delta counter for every instrument at zero from the start', async () => {
    getFeedMetrics();
    for (const { symbol } of INSTRUMENTS) assert.notEqual(await published(symbol), undefined, symbol);
  });

  it('counts each delta of a message the broker accepted', async () => {
    const before = (await published('AAPL')) ?? Number.NaN;
    await publishThree(async () => {});
    assert.equal(await published('AAPL'), before + 3);
  });

  it('does not count deltas whose publish failed, so a feed cut off from the broker reads as silent', async () => {
    const before = (await published('AAPL')) ?? Number.NaN;
    await publishThree(async () => {
      throw new Error('connection lost');
    });
    assert.equal(await published('AAPL'), before);
  });
});
