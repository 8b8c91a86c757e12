// Cancelling an order from its line's ×: the request the chart sends, and how its answer is
// recognised (the engine's event or the gateway's error naming the request id). Amends go through
// lib/client/amend-order.ts.
import type { RequestSender } from '../../lib/client/cancel-all.ts';
import { rejectText } from '../../lib/client/reject-reasons.ts';
import type { UiText } from '../../lib/client/ui-text.ts';
import type { OrderEvent } from '../../lib/protocol/order-events.ts';

/** A cancel the chart is waiting to hear about. */
export interface CancelRequest {
  requestId: string;
  orderId: string;
}

/** What became of a cancel: done, or refused with a reason people can read. */
export type CancelOutcome = { request: CancelRequest; isDone: true } | { request: CancelRequest; isDone: false; reason: UiText };

/** The gateway's error reply (an op over its budget, not signed in, a malformed op). */
export interface GatewayError {
  type: 'error';
  code: string;
  id?: string | number;
}

let sequence = 0;

/** A cancel request for an order, with an id of the page's own; the engine echoes it in its answer. */
export function cancelRequestFor(orderId: string): CancelRequest {
  sequence += 1;
  return { requestId: `chart-cancel-${orderId}-${sequence}`, orderId };
}

/** Sends `order.cancel`; false when the socket is not open (nothing was sent). */
export function sendCancel(session: RequestSender, request: CancelRequest): boolean {
  return session.send({ op: 'order.cancel', id: request.requestId, orderId: request.orderId });
}

/**
 * The outcome a message brings for one of the pending cancels, or undefined. The order's end counts
 * whoever caused it (the × has nothing left to do); a refusal names the request id, or, answering a
 * redelivered op without it, the order.
 */
export function cancelOutcome(message: OrderEvent | GatewayError, pending: readonly CancelRequest[]): CancelOutcome | undefined {
  const byId = (id: string | number | undefined): CancelRequest | undefined => (id === undefined ? undefined : pending.find((r) => r.requestId === String(id)));
  const byOrder = (orderId: string | undefined): CancelRequest | undefined => pending.find((r) => r.orderId === orderId);
  switch (message.type) {
    case 'error': {
      const request = byId(message.id);
      return request && { request, isDone: false, reason: rejectText(message.code) };
    }
    case 'order.cancelled': {
      const request = byId(message.requestId) ?? byOrder(message.orderId);
      return request && { request, isDone: true };
    }
    case 'order.filled': {
      // Filled before the cancel arrived: gone all the same.
      const request = message.status === 'filled' ? byOrder(message.orderId) : undefined;
      return request && { request, isDone: true };
    }
    case 'order.rejected': {
      const request = byId(message.requestId) ?? (message.requestId === undefined && message.op === 'order.cancel' ? byOrder(message.orderId) : undefined);
      return request && { request, isDone: false, reason: rejectText(message.code) };
    }
    default:
      return undefined;
  }
}
