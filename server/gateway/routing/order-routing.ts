// Order ops: the gateway authenticates them, spends their budget (per user and per client address,
// counted in the broker across nodes) and enqueues them on a bounded queue; the engine (the single
// writer) validates them against the account and answers on the user's channel, which reaches every
// socket of the user on every node. The request's `id` comes back as the events' `requestId`.
import { QueueFullError } from '../../../lib/broker/broker.ts';
import { ORDER_QUEUE } from '../../../lib/protocol/channels.ts';
import { ERROR_CODES } from '../../../lib/protocol/codes.ts';
import type { OrderQueueEntry, OrderRequest } from '../../../lib/protocol/orders.ts';
import { whenBrokerReady } from '../../../lib/broker/when-ready.ts';
import { spendOrderBudget } from './order-budget.ts';
import type { RequestClient } from './request-client.ts';
import type { RequestDeps } from './request-deps.ts';

// How long an order waits for the broker to come back before it is refused (safe to retry).
const BROKER_READY_TIMEOUT_MS = 5000;
// What a client refused by a full queue is told to wait: the engine drains hundreds of ops a second.
const QUEUE_FULL_RETRY_MS = 1000;

/** What routing an order op needs of the client: who and where it is, and how to answer it. */
export type OrderClient = Pick<RequestClient, 'userId' | 'ip' | 'reply' | 'replyError' | 'recordRefusal' | 'queued'>;

/** What routing needs of its gateway. */
export type OrderRoutingDeps = Pick<RequestDeps, 'nodeId' | 'logger' | 'broker' | 'users' | 'orders'>;

/** Enqueues a validated order op for the client's user, or answers why it cannot. */
export function routeOrder(client: OrderClient, request: OrderRequest, deps: OrderRoutingDeps): void {
  const userId = client.userId;
  if (userId === undefined) {
    return client.replyError(ERROR_CODES.UNAUTHENTICATED, `${request.op} needs a session: connect with the tw_session cookie or Authorization: Bearer`, request.id);
  }
  const { orders } = deps;
  // The budget is spent first: it is a broker round trip, after which the broker may have been lost
  // and found again. The user's channel must be live on this node before the engine can answer, or
  // the answer is lost: subscribed once, and (after a broker outage) subscribed again, which the
  // broker's `ready` confirms. Commands come back before subscriptions do, so an order held through an
  // outage would otherwise be queued, and answered, into a channel this node does not hear yet: so
  // nothing but the enqueue itself comes between that check and the enqueue.
  void spendOrderBudget({ broker: deps.broker, limits: orders }, userId, client.ip)
    .then(async (verdict) => {
      if (!verdict.isAllowed) {
        if (client.recordRefusal()) return;
        const whose = verdict.scope === 'user' ? 'this account' : 'this client address (all its accounts together)';
        const rate = verdict.scope === 'user' ? orders.perUser : orders.perAddress;
        const message = `${request.op} refused: ${whose} is over its order-op budget (${rate.opsPerSecond}/s, bursts of ${rate.burst}); retry in ${verdict.retryAfterMs} ms`;
        return client.reply({ type: 'error', code: ERROR_CODES.RATE_LIMITED, message, ...withId(request.id), retryAfterMs: verdict.retryAfterMs });
      }
      await deps.users.whenReady(userId);
      await whenBrokerReady(deps.broker, BROKER_READY_TIMEOUT_MS);
      const entry: OrderQueueEntry = { userId, request, receivedAt: Date.now(), node: deps.nodeId };
      await deps.broker.enqueue(ORDER_QUEUE, JSON.stringify(entry), { maxLength: orders.queueMax });
      client.queued?.(request);
    })
    .catch((error: unknown) => {
      if (error instanceof QueueFullError) {
        const message = `${request.op} could not be queued: the order queue is full (${error.maxLength} ops waiting); retry`;
        return client.reply({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message, ...withId(request.id), retryAfterMs: QUEUE_FULL_RETRY_MS });
      }
      deps.logger.warn({ err: error, userId, op: request.op }, 'order op not queued');
      // Safe to retry: the same clientOrderId never places twice.
      client.replyError(ERROR_CODES.UNAVAILABLE, `${request.op} could not be queued; retry`, request.id);
    });
}

function withId(id: string | number | undefined): { id?: string | number } {
  return id === undefined ? {} : { id };
}
