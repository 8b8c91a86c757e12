// The books this gateway node serves: one BookChannel per symbol with subscribers, released after the last leaves.
import type { BookSubscription } from '../fanout/book-subscription.ts';
import type { ResumePoint, StartPlan } from '../fanout/depth-view.ts';
import { BookChannel } from './book-channel.ts';
import type { MirrorDeps } from './book-mirror.ts';
import { SharedSubscription } from './shared-subscription.ts';

/** Book channels by symbol, shared by their subscriptions. */
export class BookHub {
  private readonly shared = new SharedSubscription<string, BookSubscription, BookChannel>();
  private resyncsOfClosed = 0;

  constructor(
    private readonly deps: Omit<MirrorDeps, 'listener'>,
    private readonly ringSize: number,
  ) {}

  /** Subscribes to a symbol's book, creating and starting its mirror on first use. */
  add(sub: BookSubscription, resume: ResumePoint | undefined, announce: (plan: StartPlan) => void): void {
    this.shared.acquire(sub.symbol, sub, () => this.open(sub.symbol)).add(sub, resume, announce);
  }

  /** Removes a subscription; the last one out releases the symbol's broker subscription. */
  remove(sub: BookSubscription): void {
    this.shared.channelOf(sub.symbol)?.remove(sub);
    const closed = this.shared.release(sub.symbol, sub);
    if (closed) this.resyncsOfClosed += closed.mirror.resyncCount;
  }

  /** Sends a drained subscriber its fresh snapshot. */
  recover(sub: BookSubscription): void {
    this.shared.channelOf(sub.symbol)?.recover(sub);
  }

  /** Symbols mirrored now. */
  get symbols(): string[] {
    return [...this.shared.keys()];
  }

  /** Book rebuilds after a gap, checksum mismatch or broker outage, since start. */
  get resyncCount(): number {
    let count = this.resyncsOfClosed;
    for (const channel of this.shared.channels()) count += channel.mirror.resyncCount;
    return count;
  }

  /** Releases every broker subscription. */
  close(): Promise<void> {
    return this.shared.close();
  }

  private open(symbol: string): BookChannel {
    const channel = new BookChannel(symbol, this.deps, this.ringSize);
    void channel.mirror.start();
    return channel;
  }
}
