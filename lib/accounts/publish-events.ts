// Publishes committed events on the user's channel, in order, after the transaction.
import type { Broker } from '../broker/broker.ts';
import { userChannel } from '../protocol/channels.ts';
import type { OrderEvent } from '../protocol/orders.ts';

/** Publishes each event as its own message; a failure rejects so the queue entry is retried. */
export async function publishEvents(broker: Broker, userId: string, events: readonly OrderEvent[]): Promise<void> {
  const channel = userChannel(userId);
  for (const event of events) await broker.publish(channel, JSON.stringify(event));
}
