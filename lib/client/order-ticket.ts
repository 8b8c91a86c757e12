// What became of the order this page just sent, from the events that name its client order id.
import type { OrderEvent } from '../protocol/order-events.ts';
import type { OrderType } from '../protocol/orders.ts';

/** `accepted` is resting, or for a stop waiting for its trigger; `triggered` is a stop that went off and has not filled yet. */
export type TicketStatus = 'sending' | 'accepted' | 'triggered' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'failed';

/** The form's last order and its outcome so far. */
export interface Ticket {
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: OrderType;
  quantity: string;
  /** The limit as sent; for a stop-market, the protection price the engine answered with. */
  price: string | undefined;
  stopPrice?: string;
  status: TicketStatus;
  filledQty?: string;
  avgPrice?: string;
  /** Reject code, or cancel reason. */
  code?: string;
  /** The engine's or gateway's detail of a reject, as it sent it. */
  message?: string;
  /** Why a `failed` ticket failed on this side: the socket was down, or no answer came. */
  failure?: 'not_sent' | 'no_answer';
}

/** Applies an event if it is about this ticket's order; the same ticket otherwise. */
export function applyToTicket(ticket: Ticket, event: OrderEvent): Ticket {
  if (!('clientOrderId' in event) || event.clientOrderId !== ticket.clientOrderId) return ticket;
  switch (event.type) {
    case 'order.accepted':
      return ticket.status === 'sending' ? { ...ticket, status: 'accepted', price: event.price ?? undefined } : ticket;
    case 'order.triggered':
      return ticket.status === 'sending' || ticket.status === 'accepted' ? { ...ticket, status: 'triggered' } : ticket;
    case 'order.amended':
      return { ...ticket, quantity: event.quantity, price: event.price ?? undefined };
    case 'order.filled':
      return { ...ticket, status: event.status, filledQty: event.filledQty, avgPrice: event.avgPrice };
    case 'order.cancelled':
      return { ...ticket, status: 'cancelled', filledQty: event.filledQty, code: event.reason };
    case 'order.rejected':
      // A refused amend or cancel of this order leaves the order as it was.
      return event.op === 'order.place' ? { ...ticket, status: 'rejected', code: event.code, message: event.message } : ticket;
    default:
      return ticket;
  }
}

/** Whether the outcome is final (nothing more will arrive for it). */
export function isSettled(ticket: Ticket): boolean {
  return ticket.status === 'filled' || ticket.status === 'cancelled' || ticket.status === 'rejected' || ticket.status === 'failed';
}
