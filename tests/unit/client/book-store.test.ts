import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialBookState, reduceBook, resumePointOf, type BookEvent, type BookState } from '../../../lib/client/book-store.ts';
import type { BookDelta, BookSnapshot, WireLevel } from '../../../lib/market/book-messages.ts';
import { checksumOfLevels } from '../../../lib/market/checksum.ts';
import type { BookDeltaMessage, BookSnapshotMessage } from '../../../lib/protocol/messages.ts';
import { SyntheticBook } from '../../helpers/synthetic-book.ts';

const snap = (s: BookSnapshot): BookSnapshotMessage => ({ type: 'book.snapshot', ...s });
const delta = (d: BookDelta): BookDeltaMessage => ({ type: 'book.delta', ...d });

function feed(): SyntheticBook {
  return new SyntheticBook('BTC-USD', [['64999.9', '1.00000000'], ['64999.8', '2.00000000']], [['65000.1', '1.50000000'], ['65000.2', '3.00000000']]);
}

function run(events: BookEvent[], state: BookState = initialBookState('BTC-USD')): { state: BookState; actions: string[] } {
  const actions: string[] = [];
  for (const event of events) {
    const step = reduceBook(state, event);
    state = step.state;
    actions.push(step.action);
  }
  return { state, actions };
}

function best(state: BookState): [number | undefined, number | undefined] {
  return [state.replica?.book.bestBid(), state.replica?.book.bestAsk()];
}

describe('book reducer', () => {
  it('goes live on a verified snapshot and follows its deltas', () => {
    const book = feed();
    const first = snap(book.snapshot());
    const d1 = delta(book.change([['64999.9', '0']], [['65000.0', '0.25000000']]));
    const { state, actions } = run([first, d1]);
    assert.equal(state.status, 'live');
    assert.equal(state.replica?.seq, first.seq + 1);
    assert.deepEqual(best(state), [649998, 650000]);
    assert.deepEqual(actions, ['none', 'none']);
  });

  it('keeps its book when a snapshot older than it, of the same feed run, arrives', () => {
    const book = feed();
    const older = snap(book.snapshot());
    const d1 = delta(book.change([['64999.7', '1.00000000']], []));
    const d2 = delta(book.change([['64999.6', '1.00000000']], []));
    const current = run([older, d1, d2]);
    const after = run([older, d1, d2], current.state);
    assert.deepEqual(after.actions, ['none', 'none', 'none']);
    assert.equal(after.state.replica?.seq, d2.seq);
    assert.equal(after.state.status, 'live');
    assert.equal(after.state, current.state, 'nothing visible changed');
    const newEpoch = snap({ ...book.snapshot(), epoch: older.epoch + 1, seq: 1 });
    assert.equal(run([newEpoch], current.state).state.replica?.epoch, older.epoch + 1, 'a new run replaces it');
  });

  it('ignores deltas that arrive before any snapshot', () => {
    const book = feed();
    book.snapshot();
    const { state, actions } = run([delta(book.change([['64999.7', '1.00000000']], []))]);
    assert.equal(state.status, 'waiting');
    assert.equal(state.replica, undefined);
    assert.deepEqual(actions, ['none']);
  });

  it('asks to resume from its last seq on a gap, once, and is live again after a verified delta', () => {
    const book = feed();
    const first = snap(book.snapshot());
    const d1 = delta(book.change([['64999.7', '1.00000000']], []));
    const d2 = delta(book.change([['64999.6', '1.00000000']], []));
    const d3 = delta(book.change([['64999.5', '1.00000000']], []));
    const gapped = run([first, { type: 'subscribed', depth: 50 }, d2, d3]);
    assert.deepEqual(gapped.actions, ['none', 'none', 'resume', 'none']);
    assert.equal(gapped.state.status, 'resyncing');
    assert.deepEqual(gapped.state.reason, { key: 'book.reason.gap', values: { expected: String(first.seq + 1), got: String(first.seq + 2) } });
    assert.deepEqual(resumePointOf(gapped.state), { epoch: first.epoch, seq: first.seq });
    const resumed = run([{ type: 'subscribed', depth: 50, replayed: 3 }, d1, d2, d3], gapped.state);
    assert.equal(resumed.state.status, 'live');
    assert.equal(resumed.state.replica?.seq, d3.seq);
  });

  it('drops the book and asks for a snapshot on a checksum mismatch', () => {
    const book = feed();
    const first = snap(book.snapshot());
    const bad = { ...delta(book.change([['64999.7', '1.00000000']], [])), checksum: 1 };
    const { state, actions } = run([first, { type: 'subscribed', depth: 50 }, bad]);
    assert.deepEqual(actions, ['none', 'none', 'snapshot']);
    assert.equal(state.status, 'resyncing');
    assert.equal(state.replica, undefined);
    assert.equal(resumePointOf(state), undefined);
    const recovered = run([snap(book.snapshot())], state);
    assert.equal(recovered.state.status, 'live');
  });

  it('asks for a snapshot when a snapshot does not match its checksum', () => {
    const book = feed();
    const { state, actions } = run([{ ...snap(book.snapshot()), checksum: 7 }]);
    assert.deepEqual(actions, ['snapshot']);
    assert.equal(state.status, 'resyncing');
  });

  it('never shows a crossed book as live', () => {
    const bids: WireLevel[] = [['65000.5', '1.00000000']];
    const asks: WireLevel[] = [['65000.1', '1.00000000']];
    const crossed: BookSnapshotMessage = { type: 'book.snapshot', symbol: 'BTC-USD', epoch: 1, seq: 5, ts: 1, bids, asks, checksum: checksumOfLevels(asks, bids) };
    const { state, actions } = run([crossed]);
    assert.deepEqual(actions, ['snapshot']);
    assert.equal(state.status, 'resyncing');
    assert.equal(state.replica, undefined);
  });

  it('resyncs when a verified delta crosses the book', () => {
    const bids: WireLevel[] = [['64999.9', '1.00000000']];
    const asks: WireLevel[] = [['65000.1', '1.00000000']];
    const start: BookSnapshotMessage = { type: 'book.snapshot', symbol: 'BTC-USD', epoch: 1, seq: 5, ts: 1, bids, asks, checksum: checksumOfLevels(asks, bids) };
    const crossingBids: WireLevel[] = [['65000.2', '1.00000000'], ['64999.9', '1.00000000']];
    const crossing: BookDeltaMessage = { type: 'book.delta', symbol: 'BTC-USD', epoch: 1, seq: 6, ts: 2, bids: [['65000.2', '1.00000000']], asks: [], checksum: checksumOfLevels(asks, crossingBids) };
    const { state, actions } = run([start, crossing]);
    assert.deepEqual(actions, ['none', 'snapshot']);
    assert.equal(state.status, 'resyncing');
  });

  it('shows the gateway\'s stale notice and keeps the last book greyed until a snapshot', () => {
    const book = feed();
    const first = snap(book.snapshot());
    const stale = run([first, { type: 'book.stale', symbol: 'BTC-USD', reason: 'gap: expected seq 9, got 11' }]);
    assert.equal(stale.state.status, 'stale');
    assert.deepEqual(stale.state.reason, { key: 'book.reason.serverStale', values: { detail: 'gap: expected seq 9, got 11' } });
    assert.ok(stale.state.replica);
    assert.deepEqual(stale.actions, ['none', 'none']);
    const live = run([snap(book.snapshot())], stale.state);
    assert.equal(live.state.status, 'live');
    assert.equal(live.state.reason, undefined);
  });

  it('is stale while disconnected and resumes from the kept book after reconnecting', () => {
    const book = feed();
    const first = snap(book.snapshot());
    const lost = run([first, { type: 'subscribed', depth: 50 }, { type: 'disconnected' }]);
    assert.equal(lost.state.status, 'stale');
    assert.deepEqual(resumePointOf(lost.state), { epoch: first.epoch, seq: first.seq });
    const d1 = delta(book.change([['64999.7', '1.00000000']], []));
    const back = run([{ type: 'subscribed', depth: 50, replayed: 1 }, d1], lost.state);
    assert.equal(back.state.status, 'live');
  });

  it('waits for a snapshot when disconnected before it had a book', () => {
    const { state } = run([{ type: 'disconnected' }]);
    assert.equal(state.status, 'waiting');
  });

  it('takes a snapshot with a lower seq from a restarted feed (a new epoch)', () => {
    const book = feed();
    const high = { ...snap(book.snapshot()), seq: 900 };
    const restarted = { ...snap(feed().snapshot()), epoch: high.epoch + 1 };
    const { state } = run([high, restarted]);
    assert.equal(state.status, 'live');
    assert.equal(state.replica?.seq, restarted.seq);
  });

  it('ignores a delta it already applied', () => {
    const book = feed();
    const first = snap(book.snapshot());
    const d1 = delta(book.change([['64999.7', '1.00000000']], []));
    const { state, actions } = run([first, d1, d1]);
    assert.deepEqual(actions, ['none', 'none', 'none']);
    assert.equal(state.status, 'live');
  });
});
