// One subscriber's account of its book's seqs across reconnects. Within an epoch every delta must be
// the last applied seq + 1: a jump is deltas lost, a seq already applied is a delta doubled. A snapshot
// replaces the book (after a resubscribe the node could not replay, or a stale book): the deltas it
// covers were skipped, not lost, since the book is whole again; they are counted apart.

/** Counts since the last `take`. */
export interface SeqCounts {
  /** Deltas applied in order (a delta after a gap too: it is applied, the gap is counted in `lost`). */
  delivered: number;
  lost: number;
  doubled: number;
  /** Deltas of another epoch than the book's, without the stale-and-snapshot that must come first. */
  foreignEpoch: number;
  /** Snapshots after the first (a resume the node could not replay, or a resync), and the seqs they skipped. */
  resyncs: number;
  skipped: number;
  /** Of the resyncs, those onto a new epoch (the feed's sequence started again: a new leader's term). */
  newEpochs: number;
}

const zero = (): SeqCounts => ({ delivered: 0, lost: 0, doubled: 0, foreignEpoch: 0, resyncs: 0, skipped: 0, newEpochs: 0 });

/** The seq accounting of one book subscription. */
export class SeqTally {
  private counts = zero();
  private epoch: number | undefined;
  private seq: number | undefined;
  private isAwaitingSnapshot = true;
  private hasHadBook = false;

  snapshot(epoch: number, seq: number): void {
    if (this.hasHadBook) {
      this.counts.resyncs += 1;
      if (epoch !== this.epoch) this.counts.newEpochs += 1;
      if (epoch === this.epoch && this.seq !== undefined && seq > this.seq) this.counts.skipped += seq - this.seq;
    }
    this.hasHadBook = true;
    this.isAwaitingSnapshot = false;
    this.epoch = epoch;
    this.seq = seq;
  }

  delta(epoch: number, seq: number): void {
    // The gateway sends no delta before a book's snapshot; one that came anyway has nothing to apply to.
    if (this.isAwaitingSnapshot || this.seq === undefined) return;
    if (epoch !== this.epoch) {
      this.counts.foreignEpoch += 1;
      return;
    }
    if (seq <= this.seq) {
      this.counts.doubled += 1;
      return;
    }
    this.counts.lost += seq - this.seq - 1;
    this.counts.delivered += 1;
    this.seq = seq;
  }

  /** `book.stale`: no delta applies until the snapshot that follows. */
  stale(): void {
    this.isAwaitingSnapshot = true;
  }

  /** Where a resubscribe resumes from: the last delta applied, or undefined (no book: a snapshot is wanted). */
  resumePoint(): { seq: number; epoch: number } | undefined {
    if (this.isAwaitingSnapshot || this.seq === undefined || this.epoch === undefined) return undefined;
    return { seq: this.seq, epoch: this.epoch };
  }

  /** The counts since the last call, which starts a new count. */
  take(): SeqCounts {
    const counts = this.counts;
    this.counts = zero();
    return counts;
  }
}

/** Adds `b` into `a`. */
export function addSeqCounts(a: SeqCounts, b: SeqCounts): SeqCounts {
  return {
    delivered: a.delivered + b.delivered,
    lost: a.lost + b.lost,
    doubled: a.doubled + b.doubled,
    foreignEpoch: a.foreignEpoch + b.foreignEpoch,
    resyncs: a.resyncs + b.resyncs,
    skipped: a.skipped + b.skipped,
    newEpochs: a.newEpochs + b.newEpochs,
  };
}

export const emptySeqCounts = zero;
