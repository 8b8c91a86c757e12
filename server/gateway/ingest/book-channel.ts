// Everything the gateway serves for one symbol's book: the broker mirror and one view per depth bucket in use.
import type { BookDelta } from '../../../lib/market/book-messages.ts';
import type { BookReplica } from '../../../lib/market/book-replica.ts';
import type { BookSubscription } from '../fanout/book-subscription.ts';
import { DepthView, type ResumePoint, type StartPlan, type TopLevels } from '../fanout/depth-view.ts';
import { encodeFrame, type SharedFrame } from '../fanout/shared-frame.ts';
import { BookMirror, type MirrorDeps, type MirrorListener } from './book-mirror.ts';
import type { SharedChannel } from './shared-subscription.ts';

/** One symbol's mirror and depth views; created on the first subscriber, closed after the last. */
export class BookChannel implements MirrorListener, SharedChannel {
  readonly mirror: BookMirror;
  private readonly views = new Map<number, DepthView>();
  private readonly viewOf = new Map<BookSubscription, DepthView>();
  /** The top of the book as of the last applied delta, as deep as the deepest view. */
  private top: TopLevels | undefined;
  private topDepth = 0;

  constructor(
    readonly symbol: string,
    deps: Omit<MirrorDeps, 'listener'>,
    private readonly ringSize: number,
  ) {
    this.mirror = new BookMirror(symbol, { ...deps, listener: this });
  }

  /** Adds a subscriber at its depth bucket and starts it from a snapshot or a replay. */
  add(sub: BookSubscription, resume: ResumePoint | undefined, announce: (plan: StartPlan) => void): void {
    let view = this.views.get(sub.depth);
    if (!view) {
      view = new DepthView(this.symbol, sub.depth, this.ringSize);
      this.views.set(sub.depth, view);
      this.refreshTopDepth();
    }
    this.viewOf.set(sub, view);
    view.add(sub, this.mirror.replica, resume, announce);
  }

  remove(sub: BookSubscription): void {
    const view = this.viewOf.get(sub);
    if (!view) return;
    this.viewOf.delete(sub);
    view.remove(sub);
    if (view.size > 0) return;
    this.views.delete(sub.depth);
    this.refreshTopDepth();
  }

  /** Releases the mirror's broker subscription. */
  close(): Promise<void> {
    return this.mirror.close();
  }

  /** A congested subscriber drained: send it the latest snapshot. */
  recover(sub: BookSubscription): void {
    this.viewOf.get(sub)?.recover(sub, this.mirror.replica, () => this.staleFrame('resyncing'));
  }

  onReset(replica: BookReplica): void {
    this.top = this.readTop(replica);
    for (const view of this.views.values()) view.onReset(replica);
  }

  onDelta(delta: BookDelta, replica: BookReplica, readAtMs: number): void {
    const before = this.top;
    // Unreachable while live (reset sets it); restarting every view from a snapshot is the safe answer.
    if (!before) return this.onReset(replica);
    const after = this.readTop(replica);
    this.top = after;
    for (const view of this.views.values()) view.onDelta(delta, before, after, replica, readAtMs);
  }

  onStale(reason: string): void {
    this.top = undefined;
    const frame = this.staleFrame(reason);
    for (const view of this.views.values()) view.onStale(frame);
  }

  private staleFrame(reason: string): SharedFrame {
    return encodeFrame({ type: 'book.stale', symbol: this.symbol, reason });
  }

  private readTop(replica: BookReplica): TopLevels {
    return { bids: replica.book.top('bid', this.topDepth), asks: replica.book.top('ask', this.topDepth) };
  }

  // A deeper view needs a deeper "before": re-read it now, between deltas, while it is still current.
  private refreshTopDepth(): void {
    const depth = Math.max(0, ...this.views.keys());
    const grew = depth > this.topDepth;
    this.topDepth = depth;
    const replica = this.mirror.replica;
    if (grew) this.top = replica ? this.readTop(replica) : undefined;
  }
}
