// Amending a resting order from the page (the chart drags its line): one `order.amend` over the page's
// socket, answered by the engine's `order.amended` or `order.rejected` that carry the request's id, or
// refused by the gateway first (not signed in, rate limited) with an `error` of that id.
import type { OrderEvent } from '../protocol/order-events.ts';
import type { ErrorMessage } from '../protocol/messages.ts';
import { newClientOrderId } from './order-id.ts';
import { rejectText } from './reject-reasons.ts';
import { uiText, type UiText } from './ui-text.ts';

/** What to change: the order's engine id and a new price, a new total quantity (filled part included), or both. */
export interface AmendChange {
  orderId: string;
  price?: string;
  quantity?: string;
}

/** How an amend ended. `text` is what to show the user (translated by the page). */
export type AmendOutcome =
  | { status: 'amended'; price: string | null; quantity: string; filledQty: string; keptPriority: boolean; text: UiText }
  | { status: 'rejected'; code: string; message: string; text: UiText }
  | { status: 'failed'; text: UiText };

/** The part of MarketSession the amend needs. */
export interface AmendSession {
  send(request: object): boolean;
  onOrderEvent(listener: (event: OrderEvent) => void): () => void;
  onError(listener: (message: ErrorMessage) => void): () => void;
}

/** How long to wait for the answer before saying there is none (the order may still have changed). */
export const AMEND_TIMEOUT_MS = 10_000;

/** Sends the amend and resolves with its outcome; never rejects. */
export function amendOrder(session: AmendSession, change: AmendChange, timeoutMs = AMEND_TIMEOUT_MS): Promise<AmendOutcome> {
  const { orderId, price, quantity } = change;
  if (price === undefined && quantity === undefined) return Promise.resolve({ status: 'failed', text: uiText('orders.amend.nothing') });
  // Unique across tabs: every socket of the account hears the answer with this id.
  const id = `amend-${newClientOrderId()}`;
  return new Promise((resolve) => {
    const stops: (() => void)[] = [];
    const settle = (outcome: AmendOutcome): void => {
      for (const stop of stops) stop();
      resolve(outcome);
    };
    stops.push(
      session.onOrderEvent((event) => {
        if (event.type === 'order.amended' && event.requestId === id) {
          const { price: newPrice, quantity: newQuantity, filledQty, keptPriority } = event;
          return settle({ status: 'amended', price: newPrice, quantity: newQuantity, filledQty, keptPriority, text: uiText(keptPriority ? 'orders.amend.changed' : 'orders.amend.changedBackOfQueue') });
        }
        if (event.type === 'order.rejected' && event.requestId === id) settle(refusal(event.code, event.message));
      }),
      session.onError((error) => {
        if (error.id === id) settle(refusal(error.code, error.message));
      }),
    );
    const timer = setTimeout(() => settle({ status: 'failed', text: uiText('orders.noAnswer') }), timeoutMs);
    stops.push(() => clearTimeout(timer));
    const request = { op: 'order.amend', id, orderId, ...(price === undefined ? {} : { price }), ...(quantity === undefined ? {} : { quantity }) };
    if (!session.send(request)) settle({ status: 'failed', text: uiText('orders.amend.notSent') });
  });
}

function refusal(code: string, message: string): AmendOutcome {
  return { status: 'rejected', code, message, text: uiText('orders.amend.refused', { reason: rejectText(code) }) };
}
