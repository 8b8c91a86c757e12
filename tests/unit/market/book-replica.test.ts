import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookDelta, BookSnapshot } from '../../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, replicaSnapshot, type BookReplica } from '../../../lib/market/book-replica.ts';
import { getInstrument } from '../../../lib/market/instruments.ts';
import { SequencedBook } from '../../../lib/market/sequenced-book.ts';

// A feed book at seq 1 and the deltas 2 and 3 that follow it.
function feed(): { snapshot: BookSnapshot; deltas: BookDelta[]; final: BookSnapshot } {
  const inst = getInstrument('BTC-USD');
  assert.ok(inst);
  const book = new SequencedBook(inst);
  book.apply({ type: 'snapshot', symbol: 'BTC-USD', ts: 1, bids: [['64999.9', '1.00000000']], asks: [['65000.1', '2.00000000']] });
  const snapshot = book.snapshot();
  const deltas: BookDelta[] = [];
  for (const [ts, bids, asks] of [
    [2, [['64999.8', '0.50000000']], []],
    [3, [['64999.9', '0']], [['65000.0', '0.25000000']]],
  ] as const) {
    const result = book.apply({ type: 'levels', symbol: 'BTC-USD', ts, bids: bids.map(([p, s]) => [p, s]), asks: asks.map(([p, s]) => [p, s]) });
    assert.ok(result.ok && result.delta);
    deltas.push(result.delta);
  }
  return { snapshot, deltas, final: book.snapshot() };
}

function replicaOf(snapshot: BookSnapshot): BookReplica {
  const result = bookFromSnapshot(snapshot);
  assert.equal(result.status, 'ok');
  assert.ok(result.status === 'ok');
  return result.replica;
}

function at(deltas: BookDelta[], index: number): BookDelta {
  const delta = deltas[index];
  assert.ok(delta);
  return delta;
}

describe('book replica', () => {
  it('rebuilds the feed book from a snapshot and the deltas after it', () => {
    const { snapshot, deltas, final } = feed();
    const replica = replicaOf(snapshot);
    for (const delta of deltas) assert.equal(applyDelta(replica, delta).status, 'ok');
    assert.deepEqual(replicaSnapshot(replica), final);
  });

  it('reports a gap and stays unchanged when a delta is skipped', () => {
    const { snapshot, deltas } = feed();
    const replica = replicaOf(snapshot);
    assert.deepEqual(applyDelta(replica, at(deltas, 1)), { status: 'gap', expectedSeq: 2, receivedSeq: 3 });
    assert.deepEqual(replicaSnapshot(replica), snapshot);
  });

  it('ignores a delta it already has as stale', () => {
    const { snapshot, deltas } = feed();
    const replica = replicaOf(snapshot);
    assert.equal(applyDelta(replica, at(deltas, 0)).status, 'ok');
    assert.deepEqual(applyDelta(replica, at(deltas, 0)), { status: 'stale', seq: 2, receivedSeq: 2 });
  });

  it('reports a checksum mismatch when the books differ', () => {
    const { snapshot, deltas } = feed();
    const replica = replicaOf(snapshot);
    const wrong = { ...at(deltas, 0), bids: [['64999.8', '0.50000001']] as BookDelta['bids'] };
    const result = applyDelta(replica, wrong);
    assert.equal(result.status, 'checksum-mismatch');
    assert.ok(result.status === 'checksum-mismatch');
    assert.equal(result.expected, wrong.checksum);
  });

  it('refuses a snapshot whose checksum does not match its levels', () => {
    const { snapshot } = feed();
    assert.equal(bookFromSnapshot({ ...snapshot, checksum: snapshot.checksum ^ 1 }).status, 'checksum-mismatch');
  });

  it('refuses malformed input without changing the replica', () => {
    const { snapshot, deltas } = feed();
    assert.equal(bookFromSnapshot({ ...snapshot, symbol: 'NOPE' }).status, 'invalid');
    const replica = replicaOf(snapshot);
    const result = applyDelta(replica, { ...at(deltas, 0), bids: [['64999.85', '1.00000000']] });
    assert.deepEqual(result.status === 'invalid' && result.error.code, 'OFF_GRID_PRICE');
    assert.deepEqual(replicaSnapshot(replica), snapshot);
    assert.equal(applyDelta(replica, { ...at(deltas, 0), symbol: 'ETH-USD' }).status, 'invalid');
  });
});
