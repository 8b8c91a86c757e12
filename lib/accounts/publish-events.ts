// Publishes committed events on the user's channel, in order, after the transaction.
import type { Broker } from '../broker/broker.ts';
import { userChannel } from '../protocol/channels.ts';
import type { OrderEvent } from '../protocol/order-events.ts';

/**
 * Publishes each event as its own message; a failure rejects so the queue entry is retried. Every
 * publish is issued before any is awaited: one connection sends them in call order, so they stay in
 * order but share one round trip instead of one each.
 */
export async function publishEvents(broker: Broker, userId: string, events: readonly OrderEvent[]): Promise<void> {
  const channel = userChannel(userId);
  await Promise.all(events.map((event) => broker.publish(channel, JSON.stringify(event))));
}
