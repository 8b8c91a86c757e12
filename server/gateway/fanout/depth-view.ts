// One book at one depth bucket: computes each delta of the top-N view once, encodes it once, keeps
// it for replay, and hands the same bytes to every subscriber of that bucket. Subscribers that asked
// for hop times are served from a lane of their own (timed-lane.ts), whose frames are also built once.
import { formatLevels } from '../../../lib/market/book-messages.ts';
import type { BookDelta } from '../../../lib/market/book-messages.ts';
import type { BookReplica } from '../../../lib/market/book-replica.ts';
import type { Level } from '../../../lib/market/price-ladder.ts';
import type { BookSubscription } from './book-subscription.ts';
import { FrameRing } from './frame-ring.ts';
import { PacedFanout } from './paced-fanout.ts';
import { encodeFrame, joinFrames, type SharedFrame } from './shared-frame.ts';
import { TickBatcher } from './tick-batcher.ts';
import { TimedLane } from './timed-lane.ts';
import { diffTop } from './top-diff.ts';

/** The best levels of both sides, best-first, at least as deep as the deepest view. */
export interface TopLevels {
  bids: Level[];
  asks: Level[];
}

/** Where a client asks to resume: the last delta it applied. */
export interface ResumePoint {
  epoch: number;
  seq: number;
}

/** How a new subscription starts: with a snapshot, a replay of `count` deltas, or waiting for the book. */
export type StartPlan = { kind: 'snapshot' } | { kind: 'replay'; count: number } | { kind: 'waiting' };

/** The subscribers of one (symbol, depth) and the frames they share. */
export class DepthView {
  private readonly subscribers = new Set<BookSubscription>();
  /** The subscribers without hop times: the plain fan-out's. */
  private readonly plain = new Set<BookSubscription>();
  private readonly timed = new TimedLane<BookSubscription>();
  private readonly ring: FrameRing;
  private readonly batcher: TickBatcher;
  private readonly fanout = new PacedFanout(this.plain);
  private snapshot: { epoch: number; seq: number; frame: SharedFrame } | undefined;

  constructor(
    readonly symbol: string,
    readonly depth: number,
    ringSize: number,
  ) {
    this.ring = new FrameRing(ringSize);
    this.batcher = new TickBatcher((frame) => this.fanout.push(frame));
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber; `announce` (the `subscribed` reply) is sent before its first book frame. */
  add(sub: BookSubscription, replica: BookReplica | undefined, resume: ResumePoint | undefined, announce: (plan: StartPlan) => void): void {
    this.subscribers.add(sub);
    (sub.timing ? this.timed.subscribers : this.plain).add(sub);
    if (!replica) {
      sub.state = 'waiting';
      return announce({ kind: 'waiting' });
    }
    // Everything up to replica.seq leaves now, so the new subscriber's stream starts right after it.
    this.flushBatches();
    // A resume across a new feed epoch would continue a book that no longer exists: snapshot instead.
    const replay = resume?.epoch !== replica.epoch ? undefined : resume.seq === replica.seq ? [] : this.ring.framesAfter(resume.seq);
    if (!replay) {
      announce({ kind: 'snapshot' });
      return this.sendSnapshot(sub, replica);
    }
    announce({ kind: 'replay', count: replay.length });
    sub.state = 'live';
    this.markCurrent(sub);
    if (replay.length > 0) sub.send(joinFrames(replay));
  }

  remove(sub: BookSubscription): void {
    this.subscribers.delete(sub);
    if (sub.timing) {
      this.timed.subscribers.delete(sub);
      if (this.timed.size === 0) this.timed.reset();
      return;
    }
    this.plain.delete(sub);
    if (this.plain.size > 0) return;
    this.batcher.discard();
    this.fanout.reset();
  }

  /**
   * Encodes this view's part of a verified delta (possibly no levels: the seq must still advance).
   * `readAtMs`: when this node read it from the broker, for the timed lane's hops.
   */
  onDelta(delta: BookDelta, before: TopLevels, after: TopLevels, replica: BookReplica, readAtMs: number): void {
    const message = {
      type: 'book.delta' as const,
      symbol: this.symbol,
      epoch: delta.epoch,
      seq: delta.seq,
      ts: delta.ts,
      bids: formatLevels(diffTop(before.bids, after.bids, this.depth, true), replica.instrument),
      asks: formatLevels(diffTop(before.asks, after.asks, this.depth, false), replica.instrument),
      checksum: delta.checksum,
    };
    const frame = encodeFrame(message);
    this.snapshot = undefined;
    this.ring.push(delta.seq, frame);
    if (this.plain.size > 0) this.batcher.push(frame);
    if (this.timed.size > 0) this.timed.push(frame, delta.ts, readAtMs);
  }

  /** The book was rebuilt: the old deltas lead nowhere, every subscriber but a congested one restarts from a snapshot. */
  onReset(replica: BookReplica): void {
    this.batcher.discard();
    this.fanout.reset();
    this.timed.reset();
    this.ring.clear();
    this.snapshot = undefined;
    for (const sub of this.subscribers) if (sub.state !== 'conflated') this.sendSnapshot(sub, replica);
  }

  /** Sends what was verified so far, then tells live subscribers the book is stale. */
  onStale(staleFrame: SharedFrame): void {
    this.flushBatches();
    this.fanout.flush();
    this.timed.fanout.flush();
    this.ring.clear();
    this.snapshot = undefined;
    for (const sub of this.subscribers) {
      if (sub.state !== 'live') continue;
      sub.send(staleFrame);
      sub.state = 'waiting';
    }
  }

  /** A congested subscriber drained: latest wins, it gets one fresh snapshot (or waits for the book). */
  recover(sub: BookSubscription, replica: BookReplica | undefined, staleFrame: () => SharedFrame): void {
    if (!this.subscribers.has(sub) || sub.state !== 'conflated') return;
    if (!replica) {
      sub.state = 'waiting';
      return sub.send(staleFrame());
    }
    this.flushBatches();
    this.sendSnapshot(sub, replica);
  }

  private sendSnapshot(sub: BookSubscription, replica: BookReplica): void {
    sub.state = 'live';
    this.markCurrent(sub);
    sub.send(this.snapshotFrame(replica));
  }

  // The subscriber holds everything so far: its own lane's fan-out owes it nothing older.
  private markCurrent(sub: BookSubscription): void {
    (sub.timing ? this.timed.fanout : this.fanout).markCurrent(sub);
  }

  private flushBatches(): void {
    this.batcher.flush();
    this.timed.flush();
  }

  /** The top-N snapshot at the replica's seq, encoded once per seq however many subscribers ask. */
  private snapshotFrame(replica: BookReplica): SharedFrame {
    if (this.snapshot?.seq === replica.seq && this.snapshot.epoch === replica.epoch) return this.snapshot.frame;
    const { book, instrument } = replica;
    const frame = encodeFrame({
      type: 'book.snapshot',
      symbol: this.symbol,
      epoch: replica.epoch,
      seq: replica.seq,
      ts: replica.ts,
      bids: formatLevels(book.top('bid', this.depth), instrument),
      asks: formatLevels(book.top('ask', this.depth), instrument),
      checksum: replica.checksum,
    });
    this.snapshot = { epoch: replica.epoch, seq: replica.seq, frame };
    return frame;
  }
}
