import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LevelsEvent, SnapshotEvent } from '../../../lib/market/book-events.ts';
import type { WireLevel } from '../../../lib/market/book-messages.ts';
import { checksumOfLevels } from '../../../lib/market/checksum.ts';
import { getInstrument, type Instrument } from '../../../lib/market/instruments.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';

function aapl(): Instrument {
  const inst = getInstrument('AAPL');
  assert.ok(inst);
  return inst;
}

function snapshotEvent(bids: WireLevel[], asks: WireLevel[], ts = 1): SnapshotEvent {
  return { type: 'snapshot', symbol: 'AAPL', ts, bids, asks };
}

function levelsEvent(bids: WireLevel[], asks: WireLevel[], ts = 2): LevelsEvent {
  return { type: 'levels', symbol: 'AAPL', ts, bids, asks };
}

// Bids 189.99 / 189.98, asks 190.01 / 190.02, published as seq 1.
function standardBook(maxDepth?: number): SequencedBook {
  const book = new SequencedBook(aapl(), maxDepth);
  const result = book.apply(snapshotEvent([['189.99', '10'], ['189.98', '20']], [['190.01', '15'], ['190.02', '25']]));
  assert.ok(result.ok);
  return book;
}

describe('SequencedBook', () => {
  it('publishes the first snapshot as delta 1 holding every level', () => {
    const book = new SequencedBook(aapl());
    const result = book.apply(snapshotEvent([['189.99', '10']], [['190.01', '15']]));
    assert.ok(result.ok);
    assert.deepEqual(result.delta, {
      symbol: 'AAPL', epoch: 1, seq: 1, ts: 1, bids: [['189.99', '10']], asks: [['190.01', '15']],
      checksum: checksumOfLevels([['190.01', '15']], [['189.99', '10']]),
    });
  });

  it('publishes only the changed levels, with "0" for a removal, and counts seq by one', () => {
    const book = standardBook();
    const result = book.apply(levelsEvent([['189.99', '11'], ['189.98', '20']], [['190.01', '0']]));
    assert.ok(result.ok && result.delta);
    assert.equal(result.delta.seq, 2);
    assert.deepEqual(result.delta.bids, [['189.99', '11']]);
    assert.deepEqual(result.delta.asks, [['190.01', '0']]);
    const after = book.snapshot();
    assert.equal(result.delta.checksum, checksumOfLevels(after.asks, after.bids));
    assert.deepEqual(after.asks, [['190.02', '25']]);
  });

  it('publishes nothing and keeps seq when an event changes nothing', () => {
    const book = standardBook();
    const result = book.apply(levelsEvent([['189.99', '10']], [['195.00', '0']]));
    assert.deepEqual(result, { ok: true, delta: null });
    assert.equal(book.seq, 1);
  });

  it('publishes a later snapshot as the difference from the current book', () => {
    const book = standardBook();
    const result = book.apply(snapshotEvent([['189.99', '10'], ['189.97', '5']], [['190.01', '15'], ['190.02', '25']], 9));
    assert.ok(result.ok && result.delta);
    assert.equal(result.delta.seq, 2);
    assert.deepEqual(result.delta.bids, [['189.98', '0'], ['189.97', '5']]);
    assert.deepEqual(result.delta.asks, []);
  });

  it('trims to its depth and says so with explicit removals', () => {
    const book = standardBook(2);
    const result = book.apply(levelsEvent([['190.00', '1']], []));
    assert.ok(result.ok && result.delta);
    assert.deepEqual(result.delta.bids, [['190.00', '1'], ['189.98', '0']]);
    assert.deepEqual(book.snapshot().bids, [['190.00', '1'], ['189.99', '10']]);
  });

  const refused: [string, LevelsEvent | SnapshotEvent, string][] = [
    ['a negative size', levelsEvent([['189.99', '-1']], []), 'NEGATIVE_SIZE'],
    ['a malformed size', levelsEvent([['189.99', '1e3']], []), 'MALFORMED_SIZE'],
    ['a size off the lot grid', levelsEvent([['189.99', '1.5']], []), 'OFF_GRID_SIZE'],
    ['a malformed price', levelsEvent([], [['abc', '1']]), 'MALFORMED_PRICE'],
    ['a price off the tick grid', levelsEvent([], [['190.015', '1']]), 'OFF_GRID_PRICE'],
    ['a zero price', levelsEvent([['0.00', '1']], []), 'ZERO_PRICE'],
    ['a level that is not a pair', levelsEvent([['189.99'] as unknown as WireLevel], []), 'MALFORMED_LEVEL'],
    ['a bid that crosses the asks', levelsEvent([['190.01', '5']], []), 'CROSSED_BOOK'],
    ['an ask below the bids, after valid changes', levelsEvent([['189.90', '7']], [['190.05', '1'], ['189.50', '3']]), 'CROSSED_BOOK'],
    ['a crossed snapshot', snapshotEvent([['190.05', '1']], [['190.00', '1']]), 'CROSSED_SNAPSHOT'],
    ['another symbol', { ...levelsEvent([], []), symbol: 'MSFT' }, 'SYMBOL_MISMATCH'],
  ];
  for (const [what, event, code] of refused) {
    it(`refuses ${what} with ${code} and changes nothing`, () => {
      const book = standardBook();
      const before = book.snapshot();
      const result = book.apply(event);
      assert.equal(result.ok, false);
      assert.equal(result.ok ? undefined : result.error.code, code);
      assert.deepEqual(book.snapshot(), before);
      assert.equal(book.seq, 1);
      const next = book.apply(levelsEvent([['189.97', '1']], [], 1));
      assert.equal(next.ok && next.delta?.seq, 2, 'the next good event still gets seq 2');
    });
  }
});
