// Order ops: the gateway only authenticates and enqueues them; the engine (the single writer)
// validates them against the account and answers on the user's channel, which reaches every socket
// of the user on every node. The request's `id` comes back as the events' `requestId`.
import { ORDER_QUEUE } from '../../../lib/protocol/channels.ts';
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import type { OrderQueueEntry, OrderRequest } from '../../../lib/protocol/orders.ts';
import { whenBrokerReady } from '../../../lib/broker/when-ready.ts';
import type { RequestClient } from './request-client.ts';
import type { RequestDeps } from './request-deps.ts';

// How long an order waits for the broker to come back before it is refused (safe to retry).
const BROKER_READY_TIMEOUT_MS = 5000;

/** Enqueues a validated order op for the client's user, or answers why it cannot. */
export function routeOrder(client: RequestClient, request: OrderRequest, deps: RequestDeps): void {
  const userId = client.userId;
  if (userId === undefined) {
    return client.replyError(ERROR_CODES.UNAUTHENTICATED, `${request.op} needs a session: connect with the tw_session cookie or Authorization: Bearer`, request.id);
  }
  const entry: OrderQueueEntry = { userId, request, receivedAt: Date.now(), node: deps.nodeId };
  // The user's channel must be live on this node before the engine can answer, or the answer is lost:
  // subscribed once, and (after a broker outage) subscribed again, which the broker's `ready` confirms.
  // Commands come back before subscriptions do, so an order held through an outage would otherwise be
  // queued, and answered, into a channel this node does not hear yet.
  deps.users
    .whenReady(userId)
    .then(() => whenBrokerReady(deps.broker, BROKER_READY_TIMEOUT_MS))
    .then(() => deps.broker.enqueue(ORDER_QUEUE, JSON.stringify(entry)))
    .catch((error: unknown) => {
      deps.logger.warn({ err: error, userId, op: request.op }, 'order op not queued');
      // Safe to retry: the same clientOrderId never places twice.
      client.replyError(ERROR_CODES.UNAVAILABLE, `${request.op} could not be queued; retry`, request.id);
    });
}
