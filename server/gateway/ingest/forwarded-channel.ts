// A broker channel whose messages reach clients as the feed wrote them: checked once per node (not
// per client), framed once, coalesced per tick like the books, handed to every holder.
import { rawFrame, type SharedFrame } from '../fanout/shared-frame.ts';
import { TickBatcher } from '../fanout/tick-batcher.ts';
import type { SharedChannel } from './shared-subscription.ts';

/** A holder of a forwarded channel: one socket. */
export interface FrameTarget {
  send(frame: SharedFrame): void;
}

/** Where a forwarded channel's messages come from and which of them may reach clients. */
export interface ForwardSource {
  /** Subscribes on the broker; resolves with the unsubscribe function. */
  subscribe(onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  /** Whether a payload is what the channel carries. */
  accepts(payload: string): boolean;
  /** A payload was refused: count and log it (it is dropped). */
  onRefused(): void;
}

/** One forwarded broker channel and its fan-out to its holders. */
export class ForwardedChannel implements SharedChannel {
  private readonly batcher = new TickBatcher((frame) => this.deliver(frame));
  /** Resolves with the unsubscribe function once live; rejects when subscribing failed (forgotten, so `ready` tries again). */
  private subscription: Promise<() => Promise<void>> | undefined;
  private isOpen = true;

  constructor(
    private readonly source: ForwardSource,
    private readonly holders: ReadonlySet<FrameTarget>,
  ) {}

  /** Resolves once the broker subscription is live, subscribing unless an attempt is live or under way. */
  async ready(): Promise<void> {
    this.subscription ??= this.subscribe();
    await this.subscription;
  }

  async close(): Promise<void> {
    this.isOpen = false;
    this.batcher.discard();
    const unsubscribe = await this.subscription?.catch(() => undefined);
    await unsubscribe?.().catch(() => undefined);
  }

  private subscribe(): Promise<() => Promise<void>> {
    const subscription = this.source.subscribe((payload) => this.onMessage(payload));
    subscription.catch(() => {
      if (this.subscription === subscription) this.subscription = undefined;
    });
    return subscription;
  }

  private onMessage(payload: string): void {
    if (!this.isOpen) return;
    if (!this.source.accepts(payload)) return this.source.onRefused();
    this.batcher.push(rawFrame(payload));
  }

  private deliver(frame: SharedFrame): void {
    for (const holder of this.holders) holder.send(frame);
  }
}
