// One subscriber's seq accounting: a jump is deltas lost, a repeat is a delta doubled, a snapshot that
// replaces the book is a resync (what it covers is skipped, not lost), and a resume continues the count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addSeqCounts, emptySeqCounts, SeqTally } from '../../../bench/soak/seq-tally.ts';

const EPOCH = 1_764_160_000_000;

describe('soak seq tally', () => {
  it('counts deltas in order as delivered, and nothing else', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 100);
    for (let seq = 101; seq <= 110; seq++) tally.delta(EPOCH, seq);
    assert.deepEqual(tally.take(), { ...emptySeqCounts(), delivered: 10 });
  });

  it('counts a jump as the deltas it skipped, and a repeat as doubled', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 1);
    tally.delta(EPOCH, 2);
    tally.delta(EPOCH, 5);
    tally.delta(EPOCH, 5);
    tally.delta(EPOCH, 3);
    tally.delta(EPOCH, 6);
    assert.deepEqual(tally.take(), { ...emptySeqCounts(), delivered: 3, lost: 2, doubled: 2 });
  });

  it('resumes from the last delta applied, and a replay after it is neither lost nor doubled', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 10);
    tally.delta(EPOCH, 11);
    tally.delta(EPOCH, 12);
    assert.deepEqual(tally.resumePoint(), { seq: 12, epoch: EPOCH });
    // The new socket's replay, then the live stream.
    for (let seq = 13; seq <= 20; seq++) tally.delta(EPOCH, seq);
    assert.deepEqual(tally.take(), { ...emptySeqCounts(), delivered: 10 });
  });

  it('counts a snapshot after the first as a resync and the seqs it covered as skipped, not lost', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 10);
    tally.delta(EPOCH, 11);
    tally.snapshot(EPOCH, 40);
    tally.delta(EPOCH, 41);
    assert.deepEqual(tally.take(), { ...emptySeqCounts(), delivered: 2, resyncs: 1, skipped: 29 });
  });

  it('after book.stale applies nothing until the snapshot, and has no resume point', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 10);
    tally.stale();
    assert.equal(tally.resumePoint(), undefined);
    tally.delta(EPOCH, 11);
    tally.snapshot(EPOCH + 5, 3);
    tally.delta(EPOCH + 5, 4);
    assert.deepEqual(tally.take(), { ...emptySeqCounts(), delivered: 1, resyncs: 1, newEpochs: 1 });
    assert.deepEqual(tally.resumePoint(), { seq: 4, epoch: EPOCH + 5 });
  });

  it('counts a delta of another epoch apart, without applying it', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 10);
    tally.delta(EPOCH + 1, 11);
    tally.delta(EPOCH, 11);
    assert.deepEqual(tally.take(), { ...emptySeqCounts(), delivered: 1, foreignEpoch: 1 });
  });

  it('ignores deltas before the first snapshot', () => {
    const tally = new SeqTally();
    tally.delta(EPOCH, 5);
    assert.deepEqual(tally.take(), emptySeqCounts());
    assert.equal(tally.resumePoint(), undefined);
  });

  it('starts a new count on each take and adds counts up', () => {
    const tally = new SeqTally();
    tally.snapshot(EPOCH, 1);
    tally.delta(EPOCH, 2);
    const first = tally.take();
    tally.delta(EPOCH, 4);
    const second = tally.take();
    assert.deepEqual(second, { ...emptySeqCounts(), delivered: 1, lost: 1 });
    assert.deepEqual(addSeqCounts(first, second), { ...emptySeqCounts(), delivered: 2, lost: 1 });
  });
});
