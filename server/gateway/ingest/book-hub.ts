// The books this gateway node serves: one BookChannel per symbol with subscribers, released after the last leaves.
import type { BookSubscription } from '../fanout/book-subscription.ts';
import { BookChannel } from './book-channel.ts';
import type { MirrorDeps } from './book-mirror.ts';
import type { ResumePoint, StartPlan } from '../fanout/depth-view.ts';

/** Book channels by symbol, reference-counted by subscription. */
export class BookHub {
  private readonly channels = new Map<string, BookChannel>();
  private resyncsOfClosed = 0;

  constructor(
    private readonly deps: Omit<MirrorDeps, 'listener'>,
    private readonly ringSize: number,
  ) {}

  /** Subscribes to a symbol's book, creating and starting its mirror on first use. */
  add(sub: BookSubscription, resume: ResumePoint | undefined, announce: (plan: StartPlan) => void): void {
    let channel = this.channels.get(sub.symbol);
    if (!channel) {
      channel = new BookChannel(sub.symbol, this.deps, this.ringSize);
      this.channels.set(sub.symbol, channel);
      void channel.mirror.start();
    }
    channel.add(sub, resume, announce);
  }

  /** Removes a subscription; the last one out releases the symbol's broker subscription. */
  remove(sub: BookSubscription): void {
    const channel = this.channels.get(sub.symbol);
    if (!channel) return;
    channel.remove(sub);
    if (channel.size > 0) return;
    this.channels.delete(sub.symbol);
    this.resyncsOfClosed += channel.mirror.resyncCount;
    void channel.mirror.close();
  }

  /** Sends a drained subscriber its fresh snapshot. */
  recover(sub: BookSubscription): void {
    this.channels.get(sub.symbol)?.recover(sub);
  }

  /** Symbols mirrored now. */
  get symbols(): string[] {
    return [...this.channels.keys()];
  }

  /** Book rebuilds after a gap, checksum mismatch or broker outage, since start. */
  get resyncCount(): number {
    let count = this.resyncsOfClosed;
    for (const channel of this.channels.values()) count += channel.mirror.resyncCount;
    return count;
  }

  /** Releases every broker subscription. */
  async close(): Promise<void> {
    const channels = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(channels.map((channel) => channel.mirror.close()));
  }
}
