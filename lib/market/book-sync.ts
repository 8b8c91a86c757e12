// The one state machine that keeps a reader's copy of a feed book in step with the feed through the
// bus: buffer deltas while syncing, install a snapshot and replay the buffer after it, then verify
// epoch, seq and checksum on every delta. Pure: the caller does the I/O (subscribing, reading the
// stored snapshot, asking the feed for a fresh one, timers) and feeds what it gets back in.
//
//   syncing ──snapshot fits──► live ──gap / checksum / bad delta / newer epoch──► syncing
//      ▲                        │
//      └──────reconnected───── stale ◄──disconnected (from syncing or live)
//
// Epochs: a delta or snapshot of an older epoch than the one followed is a stale feed's and is
// ignored; a newer epoch means the feed's sequence started again, so the book is dropped and the
// next snapshot of that epoch is awaited. Within an epoch a lower or equal seq is a duplicate.
import type { BookDelta, BookSnapshot } from './book-messages.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from './book-replica.ts';

/** Where the reader's copy stands. */
export type BookSyncPhase = 'syncing' | 'live' | 'stale';

/** What one input did; the caller acts on `went-live` (restart its clients) and `went-stale`. */
export type SyncStep =
  | { kind: 'applied'; replica: BookReplica }
  | { kind: 'went-live'; replica: BookReplica }
  | { kind: 'went-stale'; cause: StaleCause; reason: string }
  | { kind: 'buffered' }
  | { kind: 'ignored'; reason: 'duplicate' | 'older-epoch' | 'not-syncing' | 'not-live' }
  | { kind: 'refused'; reason: SnapshotRefusal };

/** What broke the chain: a new feed epoch, a missing delta, a checksum or a malformed delta, the bus, or the reader. */
export type StaleCause = 'epoch' | 'gap' | 'checksum' | 'invalid-delta' | 'disconnected' | 'reader';

/** Why an offered snapshot was not installed (the caller tries again later, with a fresh one). */
export type SnapshotRefusal = 'missing' | 'older-epoch' | 'too-old' | 'behind' | 'bad-checksum' | 'bad-buffer';

// Deltas buffered while syncing; past this the oldest go (the snapshot must then be newer).
const MAX_BUFFERED_DELTAS = 20_000;

/** One symbol's copy of the feed's book, driven by its reader. */
export class BookSync {
  private phaseValue: BookSyncPhase = 'syncing';
  private current: BookReplica | undefined;
  /** The epoch followed: the highest seen; undefined before the first message. */
  private epoch: number | undefined;
  /** Consecutive deltas of `epoch` received while syncing. */
  private buffer: BookDelta[] = [];
  /** A snapshot must be at least at this seq of `epoch` (a delta at this seq was lost or bad). */
  private minSeq = 0;
  /** The seq readers last saw live in `epoch`: an older snapshot is behind the feed's own stream. */
  private lastLiveSeq = 0;

  constructor(readonly symbol: string) {}

  get phase(): BookSyncPhase {
    return this.phaseValue;
  }

  /** The verified book while live; undefined otherwise. */
  get replica(): BookReplica | undefined {
    return this.phaseValue === 'live' ? this.current : undefined;
  }

  /** Whether buffered deltas exist to check a snapshot against (a reader may wait briefly for one). */
  get hasBuffered(): boolean {
    return this.buffer.length > 0;
  }

  /** A delta from the book channel (already decoded, of this symbol). */
  receiveDelta(delta: BookDelta): SyncStep {
    if (this.epoch !== undefined && delta.epoch < this.epoch) return { kind: 'ignored', reason: 'older-epoch' };
    switch (this.phaseValue) {
      case 'live':
        return this.applyLive(delta);
      case 'syncing':
        return this.bufferDelta(delta);
      case 'stale':
        return { kind: 'ignored', reason: 'not-syncing' };
    }
  }

  /** The stored snapshot the reader read (null when there was none); installs it if it fits. */
  offerSnapshot(snapshot: BookSnapshot | null): SyncStep {
    if (this.phaseValue !== 'syncing') return { kind: 'ignored', reason: 'not-syncing' };
    if (snapshot === null) return refused('missing');
    if (this.epoch !== undefined && snapshot.epoch < this.epoch) return refused('older-epoch');
    if (this.epoch !== undefined && snapshot.epoch > this.epoch) this.follow(snapshot.epoch);
    this.epoch = snapshot.epoch;
    const first = this.buffer[0];
    if (snapshot.seq < Math.max(this.minSeq, first ? first.seq - 1 : 0)) return refused('too-old');
    if (snapshot.seq < this.lastLiveSeq) return refused('behind');
    const built = bookFromSnapshot(snapshot);
    if (built.status !== 'ok') return refused('bad-checksum');
    const replica = built.replica;
    for (const [index, delta] of this.buffer.entries()) {
      if (delta.seq <= snapshot.seq) continue;
      if (applyDelta(replica, delta).status !== 'ok') {
        // This buffered delta is bad (or checksums disagree): only a snapshot past it can help.
        this.minSeq = delta.seq;
        this.buffer.splice(0, index + 1);
        return refused('bad-buffer');
      }
    }
    this.buffer = [];
    this.minSeq = 0;
    this.lastLiveSeq = replica.seq;
    this.current = replica;
    this.phaseValue = 'live';
    return { kind: 'went-live', replica };
  }

  /** The bus connection dropped: messages may be lost until it is back. */
  disconnect(): SyncStep | undefined {
    if (this.phaseValue === 'stale') return undefined;
    const wasLive = this.phaseValue === 'live';
    this.lastLiveSeq = this.current?.seq ?? this.lastLiveSeq;
    this.current = undefined;
    this.buffer = [];
    this.minSeq = 0;
    this.phaseValue = 'stale';
    return wasLive ? { kind: 'went-stale', cause: 'disconnected', reason: 'broker reconnecting' } : undefined;
  }

  /** The bus connection is back: sync again (the reader fetches a snapshot). */
  reconnect(): void {
    if (this.phaseValue === 'stale') this.phaseValue = 'syncing';
  }

  /** Drops the live book and syncs again from a fresh snapshot (e.g. a reader found it unusable). */
  resync(reason: string): SyncStep {
    if (this.phaseValue !== 'live') return { kind: 'ignored', reason: 'not-live' };
    return this.toSyncing('reader', reason, [], this.current?.seq ?? 0);
  }

  private applyLive(delta: BookDelta): SyncStep {
    const replica = this.current;
    if (!replica) return this.bufferDelta(delta);
    const seqBefore = replica.seq;
    const result = applyDelta(replica, delta);
    switch (result.status) {
      case 'ok':
        this.lastLiveSeq = replica.seq;
        return { kind: 'applied', replica };
      case 'stale':
        return { kind: 'ignored', reason: 'duplicate' };
      case 'other-epoch':
        // Only a newer epoch gets here (older ones were ignored): the feed's sequence started again.
        this.follow(delta.epoch);
        return this.toSyncing('epoch', `feed epoch changed: ${result.epoch} → ${delta.epoch}`, [delta], 0);
      case 'gap':
        return this.toSyncing('gap', `gap: expected seq ${result.expectedSeq}, got ${result.receivedSeq}`, [delta], seqBefore);
      case 'checksum-mismatch':
        this.minSeq = delta.seq;
        return this.toSyncing('checksum', `checksum mismatch at seq ${result.seq}`, [], seqBefore);
      case 'invalid':
        this.minSeq = delta.seq;
        return this.toSyncing('invalid-delta', `invalid delta at seq ${delta.seq}: ${result.error.message}`, [], seqBefore);
    }
  }

  private bufferDelta(delta: BookDelta): SyncStep {
    if (this.epoch === undefined || delta.epoch > this.epoch) this.follow(delta.epoch);
    const last = this.buffer.at(-1);
    if (last && delta.seq <= last.seq) return { kind: 'ignored', reason: 'duplicate' };
    // Deltas before a gap can't be used: the snapshot must come after the gap anyway.
    if (last && delta.seq !== last.seq + 1) this.buffer = [];
    this.buffer.push(delta);
    if (this.buffer.length > MAX_BUFFERED_DELTAS) this.buffer.splice(0, this.buffer.length - MAX_BUFFERED_DELTAS / 2);
    return { kind: 'buffered' };
  }

  // A new run of the feed's sequence: nothing known about the old one applies to it.
  private follow(epoch: number): void {
    this.epoch = epoch;
    this.buffer = [];
    this.minSeq = 0;
    this.lastLiveSeq = 0;
  }

  // Only ever called while live.
  private toSyncing(cause: StaleCause, reason: string, buffer: BookDelta[], lastLiveSeq: number): SyncStep {
    this.current = undefined;
    this.buffer = buffer;
    this.lastLiveSeq = Math.max(this.lastLiveSeq, lastLiveSeq);
    this.phaseValue = 'syncing';
    return { kind: 'went-stale', cause, reason };
  }
}

function refused(reason: SnapshotRefusal): SyncStep {
  return { kind: 'refused', reason };
}
