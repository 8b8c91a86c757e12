// The networked brokers' pub/sub bookkeeping: many handlers per channel over one server subscription
// (a Redis channel, a sharded one on a cluster, or a NATS subject).
import type { MessageHandler } from './broker.ts';
import type { BrokerLogger } from './broker-logger.ts';

/** Subscribes and unsubscribes one channel by name: SUBSCRIBE on one Redis, SSUBSCRIBE on a cluster, SUB on NATS. */
export interface ChannelCommands {
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
}

interface ChannelSubscription {
  listeners: Set<MessageHandler>;
  isLive: Promise<unknown>;
}

/** Subscribes each channel once, whatever the number of handlers, and dispatches its messages to them. */
export class ChannelSubscriptions {
  private readonly channels = new Map<string, ChannelSubscription>();

  constructor(
    private readonly commands: ChannelCommands,
    private readonly logger: BrokerLogger,
  ) {}

  /** Adds a handler to a Redis channel; the first handler subscribes, the last one out unsubscribes by name. */
  async listen(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    let subscription = this.channels.get(channel);
    if (!subscription) {
      const created: ChannelSubscription = { listeners: new Set(), isLive: this.commands.subscribe(channel) };
      // A failed SUBSCRIBE must not poison later attempts on the same channel.
      created.isLive.catch(() => this.channels.get(channel) === created && this.channels.delete(channel));
      this.channels.set(channel, created);
      subscription = created;
    }
    const listener: MessageHandler = (payload) => handler(payload);
    subscription.listeners.add(listener);
    try {
      await subscription.isLive;
    } catch (error) {
      subscription.listeners.delete(listener);
      throw error;
    }
    const live = subscription;
    let isRemoved = false;
    return async () => {
      if (isRemoved) return;
      isRemoved = true;
      live.listeners.delete(listener);
      if (live.listeners.size > 0 || this.channels.get(channel) !== live) return;
      this.channels.delete(channel);
      // Always by name: a bare UNSUBSCRIBE hangs ioredis on a connection that also has pattern subscriptions.
      await this.commands.unsubscribe(channel).catch((error: unknown) => {
        // ioredis restores it on reconnect; its messages then find no handler and are ignored.
        this.logger.warn({ err: error, channel }, 'redis unsubscribe failed');
      });
    };
  }

  /** Hands a message to every handler of its channel; one that throws is logged and the others still run. */
  dispatch(channel: string, message: string): void {
    const subscription = this.channels.get(channel);
    if (!subscription) return;
    for (const listener of [...subscription.listeners]) {
      try {
        listener(message);
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'broker subscriber threw; message dropped');
      }
    }
  }

  /** Forgets every handler; the connection's own subscriptions end when it closes. */
  clear(): void {
    this.channels.clear();
  }
}
