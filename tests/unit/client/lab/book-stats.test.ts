import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bookStep, createBookStats, markBookDisconnected, medianBookLatencyMs, recordBookPayload, resetBookStats, topOfBook } from '../../../../lib/client/lab/book-stats.ts';
import type { BookDelta, BookSnapshot } from '../../../../lib/market/book-messages.ts';
import type { BookDeltaMessage, BookSnapshotMessage } from '../../../../lib/protocol/messages.ts';
import { SyntheticBook } from '../../../helpers/synthetic-book.ts';

const snap = (s: BookSnapshot): BookSnapshotMessage => ({ type: 'book.snapshot', ...s });
const delta = (d: BookDelta, ts = d.ts): BookDeltaMessage => ({ type: 'book.delta', ...d, ts });

function feed(): SyntheticBook {
  return new SyntheticBook('BTC-USD', [['64999.9', '1.00000000'], ['64999.8', '2.00000000']], [['65000.1', '1.50000000'], ['65000.2', '3.00000000']]);
}

describe('a lab book card', () => {
  it('goes live on a snapshot and counts each verified delta with its latency, coalesced or not', () => {
    const book = feed();
    const stats = createBookStats('ws', 'BTC-USD');
    assert.equal(recordBookPayload(stats, [{ type: 'subscribed', channel: 'book' }, snap(book.snapshot())], 1000), 'none');
    assert.equal(stats.phase, 'live');
    const d1 = delta(book.change([['64999.9', '0']], []), 900);
    const d2 = delta(book.change([], [['65000.0', '0.25000000']]), 980);
    assert.equal(recordBookPayload(stats, [d1, d2], 1000), 'none');
    assert.deepEqual([stats.updates, stats.resyncs, stats.checksumFailures, stats.replica?.seq], [2, 0, 0, d2.seq]);
    assert.deepEqual(stats.latenciesMs, [100, 20]);
    assert.equal(medianBookLatencyMs(stats), 100);
    assert.deepEqual(topOfBook(stats), { bid: '64999.8', ask: '65000.0' });
  });

  it('ignores other symbols, duplicates and deltas before the first snapshot', () => {
    const book = feed();
    const stats = createBookStats('stomp', 'BTC-USD');
    const early = delta(book.change([['64999.7', '1.00000000']], []));
    assert.equal(recordBookPayload(stats, [early, null, 3, { type: 'book.delta', symbol: 'ETH-USD' }], 0), 'none');
    assert.equal(stats.phase, 'waiting');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    recordBookPayload(stats, early, 0);
    assert.deepEqual([stats.updates, stats.resyncs, stats.phase], [0, 0, 'live']);
  });

  it('asks for a snapshot after a gap, and counts the snapshot that follows as a resync', () => {
    const book = feed();
    const stats = createBookStats('socketio', 'BTC-USD');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    book.change([['64999.9', '0']], []);
    const after = delta(book.change([['64999.7', '1.00000000']], []));
    assert.equal(recordBookPayload(stats, after, 0), 'resync');
    assert.deepEqual([stats.phase, stats.replica, stats.checksumFailures], ['resyncing', undefined, 0]);
    // Deltas still in flight from the old subscription apply to nothing.
    assert.equal(recordBookPayload(stats, delta(book.change([['64999.6', '1.00000000']], [])), 0), 'none');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    assert.deepEqual([stats.phase, stats.resyncs, stats.replica?.seq], ['live', 1, book.snapshot().seq]);
  });

  it('counts a checksum it cannot reproduce, in a delta or a snapshot, and asks for a snapshot', () => {
    const book = feed();
    const stats = createBookStats('ws', 'BTC-USD');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    const bad = delta(book.change([['64999.9', '0']], []));
    assert.equal(recordBookPayload(stats, { ...bad, checksum: bad.checksum + 1 }, 0), 'resync');
    assert.deepEqual([stats.checksumFailures, stats.phase, stats.updates], [1, 'resyncing', 0]);
    const good = book.snapshot();
    assert.equal(recordBookPayload(stats, snap({ ...good, checksum: good.checksum ^ 1 }), 0), 'resync');
    assert.equal(stats.checksumFailures, 2);
    recordBookPayload(stats, snap(good), 0);
    assert.deepEqual([stats.phase, stats.resyncs], ['live', 1]);
  });

  it("follows the gateway's own resync (book.stale, then a snapshot) without asking for one", () => {
    const book = feed();
    const stats = createBookStats('stomp', 'BTC-USD');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    assert.equal(recordBookPayload(stats, { type: 'book.stale', symbol: 'BTC-USD', reason: 'gap' }, 0), 'none');
    assert.equal(stats.phase, 'resyncing');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    assert.equal(stats.resyncs, 1);
  });

  it('does not count the first snapshot after a reconnect as a resync', () => {
    const book = feed();
    const stats = createBookStats('ws', 'BTC-USD');
    recordBookPayload(stats, snap(book.snapshot()), 0);
    markBookDisconnected(stats);
    assert.deepEqual([stats.phase, stats.replica], ['waiting', undefined]);
    recordBookPayload(stats, snap(book.snapshot()), 0);
    assert.deepEqual([stats.phase, stats.resyncs], ['live', 0]);
  });

  it('starts again from fresh counters', () => {
    const book = feed();
    const stats = createBookStats('ws', 'BTC-USD');
    stats.bytes = 100;
    recordBookPayload(stats, snap(book.snapshot()), 0);
    resetBookStats(stats);
    assert.deepEqual(stats, createBookStats('ws', 'BTC-USD'));
  });
});

describe('whether the three books are in step', () => {
  it('is in step only when all hold the same seq and top of book', () => {
    const book = feed();
    const [a, b, c] = [createBookStats('ws', 'BTC-USD'), createBookStats('stomp', 'BTC-USD'), createBookStats('socketio', 'BTC-USD')];
    assert.deepEqual(bookStep([a, b, c]), { inStep: false, seqSpread: undefined });
    const first = snap(book.snapshot());
    for (const s of [a, b, c]) recordBookPayload(s, first, 0);
    assert.deepEqual(bookStep([a, b, c]), { inStep: true, seqSpread: 0 });
    const d1 = delta(book.change([['64999.9', '0']], []));
    const d2 = delta(book.change([], [['65000.1', '0']]));
    recordBookPayload(a, [d1, d2], 0);
    recordBookPayload(b, d1, 0);
    assert.deepEqual(bookStep([a, b, c]), { inStep: false, seqSpread: 2 });
    recordBookPayload(b, d2, 0);
    recordBookPayload(c, [d1, d2], 0);
    assert.deepEqual(bookStep([a, b, c]), { inStep: true, seqSpread: 0 });
  });
});
