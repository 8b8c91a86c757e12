import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Broker } from '../../../lib/broker/broker.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';
import { BookPublisher } from '../../../workers/feed/book-publisher.ts';

type Call = { command: 'publish' | 'set'; seqs: number[] };

/** The broker commands the publisher issues, in order, with the seqs each carries. */
function recordingBroker(calls: Call[]): Broker {
  const seqsOf = (payload: string): number[] => [JSON.parse(payload) as { seq: number } | { seq: number }[]].flat().map((m) => m.seq);
  return {
    publish: async (_channel: string, payload: string) => void calls.push({ command: 'publish', seqs: seqsOf(payload) }),
    set: async (_key: string, value: string) => void calls.push({ command: 'set', seqs: seqsOf(value) }),
  } as unknown as Broker;
}

function feedBook(): { book: SequencedBook; change: (size: string) => ReturnType<SequencedBook['apply']> } {
  const inst = getInstrument('AAPL');
  assert.ok(inst);
  const book = new SequencedBook(inst);
  book.apply({ type: 'snapshot', symbol: 'AAPL', ts: 1, bids: [['189.99', '10']], asks: [['190.01', '10']] });
  return { book, change: (size) => book.apply({ type: 'levels', symbol: 'AAPL', ts: 2, bids: [['189.99', size]], asks: [] }) };
}

describe('book publisher', () => {
  it('sends the deltas of one turn as one message, in seq order', async () => {
    const calls: Call[] = [];
    const { book, change } = feedBook();
    const publisher = new BookPublisher(recordingBroker(calls), book);
    const sent = ['11', '12', '13'].map((size) => {
      const result = change(size);
      assert.ok(result.ok && result.delta);
      return publisher.publishDelta(result.delta);
    });
    await Promise.all(sent);
    assert.deepEqual(calls, [{ command: 'publish', seqs: [2, 3, 4] }]);
  });

  it('publishes the deltas a snapshot includes before storing the snapshot, and never an empty message', async () => {
    const calls: Call[] = [];
    const { book, change } = feedBook();
    const publisher = new BookPublisher(recordingBroker(calls), book);
    const sent = ['11', '12'].map((size) => {
      const result = change(size);
      assert.ok(result.ok && result.delta);
      return publisher.publishDelta(result.delta);
    });
    await publisher.storeSnapshot(true);
    await Promise.all(sent);
    assert.deepEqual(calls, [
      { command: 'publish', seqs: [2, 3] },
      { command: 'set', seqs: [3] },
    ]);
  });
});
