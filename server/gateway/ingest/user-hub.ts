// Users' order events: one broker subscription to userChannel(userId) per user per node, shared by
// every socket of that user on this node and released when the last one leaves. Each event is
// framed once for all of them (coalesced per tick like market data).
import type { Broker } from '../../../lib/broker/broker.ts';
import type { Logger } from '../../../lib/log.ts';
import { userChannel } from '../../../lib/protocol/channels.ts';
import { isOrderEvent } from './forward-checks.ts';
import { ForwardedChannel, type FrameTarget } from './forwarded-channel.ts';
import { SharedSubscription } from './shared-subscription.ts';

/** A socket of a user. */
export type UserTarget = FrameTarget;

/** Subscribed user channels by user id, shared by the user's sockets. */
export class UserHub {
  private readonly shared = new SharedSubscription<string, UserTarget, ForwardedChannel>();

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly onBadMessage: (reason: string) => void,
  ) {}

  /** Adds a socket of `userId`, subscribing the node to the user's channel on first use (or again, after a failure). */
  add(userId: string, target: UserTarget): void {
    this.shared.acquire(userId, target, (holders) => this.open(userId, holders));
    void this.whenReady(userId).catch((error: unknown) => this.logger.warn({ err: error, userId }, 'user channel subscription failed'));
  }

  /** Resolves once the user's channel is live on this node, so no event of an order sent now can be missed. */
  async whenReady(userId: string): Promise<void> {
    const channel = this.shared.channelOf(userId);
    if (channel === undefined) throw new Error(`no socket of user ${userId} on this node`);
    await channel.ready();
  }

  /** Removes a socket; the user's last socket on this node releases the subscription. */
  remove(userId: string, target: UserTarget): void {
    this.shared.release(userId, target);
  }

  /** The ids of the users with at least one socket on this node (their presence, for the dead-man's switch). */
  userIds(): IterableIterator<string> {
    return this.shared.keys();
  }

  /** Users with at least one socket on this node. */
  get size(): number {
    return this.shared.size;
  }

  /** Releases every subscription. */
  close(): Promise<void> {
    return this.shared.close();
  }

  private open(userId: string, holders: ReadonlySet<UserTarget>): ForwardedChannel {
    const source = {
      subscribe: (onMessage: (payload: string) => void) => this.broker.subscribe(userChannel(userId), onMessage),
      accepts: isOrderEvent,
      onRefused: () => {
        this.onBadMessage('malformed-order-event');
        this.logger.warn('bad message on a user channel dropped');
      },
    };
    return new ForwardedChannel(source, holders);
  }
}
