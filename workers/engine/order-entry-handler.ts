// Processes one ORDER_QUEUE entry: parse, one transaction, then publish, then resolve (which acks).
// A crash after the commit redelivers the entry; the transaction then finds the order and only
// replays its acknowledgement, so nothing is applied twice.
import type { QueueEntry } from '../../lib/broker/broker.ts';
import type { Broker } from '../../lib/broker/broker.ts';
import type { PrismaClient } from '../../lib/generated/prisma/client.ts';
import type { Logger } from '../../lib/log.ts';
import { orderQueueEntrySchema, type OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { UnknownAccountError, type Tx } from '../../lib/accounts/account-lock.ts';
import { cancelAllOrders, cancelOrder } from './cancel-orders.ts';
import { parsePayload } from './market-data-schemas.ts';
import type { Outcome } from './outcome.ts';
import { placeOrder, type PlaceContext } from './place-order.ts';
import { publishEvents } from '../../lib/accounts/publish-events.ts';
import type { RestingIndex } from './resting-index.ts';

/** Deliveries after which an entry that still fails is logged and dropped instead of retried. */
export const MAX_DELIVERIES = 5;

/** What the handler needs from the engine. */
export interface OrderEntryDeps {
  prisma: PrismaClient;
  broker: Broker;
  logger: Logger;
  index: RestingIndex;
  place: PlaceContext;
  transactionTimeoutMs: number;
}

/** Builds the queue handler; the caller runs it on the engine's serial queue. */
export function createOrderEntryHandler(deps: OrderEntryDeps): (entry: QueueEntry) => Promise<void> {
  return async function handleOrderEntry(entry: QueueEntry): Promise<void> {
    const parsed = parsePayload(orderQueueEntrySchema, entry.data);
    if (parsed === undefined) {
      // Retrying cannot fix it: log and let it be acknowledged.
      deps.logger.warn({ id: entry.id }, 'malformed order queue entry dropped');
      return;
    }
    let outcome: Outcome;
    try {
      outcome = await deps.prisma.$transaction((tx) => dispatch(tx, deps.place, parsed), { timeout: deps.transactionTimeoutMs });
    } catch (error) {
      if (error instanceof UnknownAccountError) {
        deps.logger.warn({ id: entry.id, userId: parsed.userId }, 'order for an unknown user dropped');
        return;
      }
      // Rejecting leaves the entry pending for a retry; one that keeps failing would come back forever.
      if (entry.deliveries < MAX_DELIVERIES) throw error;
      deps.logger.error({ err: error, id: entry.id, deliveries: entry.deliveries }, 'order queue entry failed repeatedly; dropped');
      return;
    }
    for (const order of outcome.changed) deps.index.update(order);
    await publishEvents(deps.broker, parsed.userId, outcome.events);
  };
}

function dispatch(tx: Tx, place: PlaceContext, entry: OrderQueueEntry): Promise<Outcome> {
  const { request, userId } = entry;
  switch (request.op) {
    case 'order.place':
      return placeOrder(tx, place, userId, request, entry.receivedAt);
    case 'order.cancel':
      return cancelOrder(tx, userId, request);
    case 'order.cancelAll':
      return cancelAllOrders(tx, userId, request);
  }
}
