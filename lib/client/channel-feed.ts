// A forwarded channel (trades of a symbol, candles of a symbol and timeframe): subscribed while it
// has listeners, and every message for it handed to each listener.
import { Lease } from './lease.ts';
import type { Subscribe, SubscriptionSet } from './subscription-set.ts';

/** Listeners of one channel; the session routes the channel's messages to `handle`. */
export class ChannelFeed<M> {
  private readonly listeners = new Set<(message: M) => void>();
  private readonly lease: Lease;

  constructor(subscriptions: SubscriptionSet, request: Subscribe) {
    this.lease = new Lease(() => subscriptions.add(() => request));
  }

  /** Adds a listener, subscribing on the first; returns the remover. */
  listen(listener: (message: M) => void): () => void {
    const wrapped = (message: M): void => listener(message);
    this.listeners.add(wrapped);
    const release = this.lease.acquire();
    return () => {
      this.listeners.delete(wrapped);
      release();
    };
  }

  handle(message: M): void {
    for (const listener of this.listeners) listener(message);
  }
}
