// Users' order events: one broker subscription to userChannel(userId) per user per node, shared by
// every socket of that user on this node and released when the last one leaves. Each event is
// framed once for all of them (coalesced per tick like market data).
import type { Broker } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { userChannel } from '../../../lib/protocol/channels.ts';
import { ORDER_EVENT_TYPES } from '../../../lib/protocol/orders.ts';
import { rawFrame, type SharedFrame } from '../fanout/shared-frame.ts';
import { TickBatcher } from '../fanout/tick-batcher.ts';

/** A socket of a user. */
export interface UserTarget {
  send(frame: SharedFrame): void;
}

class UserChannel {
  readonly targets = new Set<UserTarget>();
  readonly batcher = new TickBatcher((frame) => this.deliver(frame));
  /** Resolves with the unsubscribe function once live; rejects when subscribing failed (retried on next use). */
  subscription: Promise<() => Promise<void>> | undefined;
  isOpen = true;

  private deliver(frame: SharedFrame): void {
    for (const target of this.targets) target.send(frame);
  }
}

const EVENT_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

/** Subscribed user channels by user id, reference-counted by socket. */
export class UserHub {
  private readonly channels = new Map<string, UserChannel>();

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly onBadMessage: (reason: string) => void,
  ) {}

  /** Adds a socket of `userId`, subscribing the node to the user's channel on first use. */
  add(userId: string, target: UserTarget): void {
    let channel = this.channels.get(userId);
    if (channel === undefined) {
      channel = new UserChannel();
      this.channels.set(userId, channel);
    }
    channel.targets.add(target);
    void this.whenReady(userId).catch((error: unknown) => this.logger.warn({ err: error, userId }, 'user channel subscription failed'));
  }

  /** Resolves once the user's channel is live on this node, so no event of an order sent now can be missed. */
  async whenReady(userId: string): Promise<void> {
    const channel = this.channels.get(userId);
    if (channel === undefined) throw new Error(`no socket of user ${userId} on this node`);
    channel.subscription ??= this.subscribe(userId, channel);
    await channel.subscription;
  }

  /** Removes a socket; the user's last socket on this node releases the subscription. */
  remove(userId: string, target: UserTarget): void {
    const channel = this.channels.get(userId);
    if (channel === undefined || !channel.targets.delete(target) || channel.targets.size > 0) return;
    this.channels.delete(userId);
    void release(channel);
  }

  /** The ids of the users with at least one socket on this node (their presence, for the dead-man's switch). */
  userIds(): IterableIterator<string> {
    return this.channels.keys();
  }

  /** Users with at least one socket on this node. */
  get size(): number {
    return this.channels.size;
  }

  /** Releases every subscription. */
  async close(): Promise<void> {
    const channels = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(channels.map(release));
  }

  private subscribe(userId: string, channel: UserChannel): Promise<() => Promise<void>> {
    const subscription = this.broker.subscribe(userChannel(userId), (payload) => this.onMessage(channel, payload));
    subscription.catch(() => {
      // Forget the failed attempt so the next order op (or socket) tries again.
      if (channel.subscription === subscription) channel.subscription = undefined;
    });
    return subscription;
  }

  private onMessage(channel: UserChannel, payload: string): void {
    if (!channel.isOpen) return;
    if (!isOrderEvent(payload)) {
      this.onBadMessage('malformed-order-event');
      this.logger.warn('bad message on a user channel dropped');
      return;
    }
    channel.batcher.push(rawFrame(payload));
  }
}

async function release(channel: UserChannel): Promise<void> {
  channel.isOpen = false;
  channel.batcher.discard();
  const unsubscribe = await channel.subscription?.catch(() => undefined);
  await unsubscribe?.().catch(() => undefined);
}

// One parse per event per node, not per socket: only the engine's event types reach clients.
function isOrderEvent(payload: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const type = (value as Record<string, unknown>).type;
  return typeof type === 'string' && EVENT_TYPES.has(type);
}
