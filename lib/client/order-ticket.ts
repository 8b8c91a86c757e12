// What became of the order this page just sent, from the events that name its client order id.
import type { OrderEvent } from '../protocol/orders.ts';

export type TicketStatus = 'sending' | 'accepted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'failed';

/** The form's last order and its outcome so far. */
export interface Ticket {
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  price: string | undefined;
  status: TicketStatus;
  filledQty?: string;
  avgPrice?: string;
  /** Reject code, or cancel reason. */
  code?: string;
  message?: string;
}

/** Applies an event if it is about this ticket's order; the same ticket otherwise. */
export function applyToTicket(ticket: Ticket, event: OrderEvent): Ticket {
  if (!('clientOrderId' in event) || event.clientOrderId !== ticket.clientOrderId) return ticket;
  switch (event.type) {
    case 'order.accepted':
      return ticket.status === 'sending' ? { ...ticket, status: 'accepted' } : ticket;
    case 'order.filled':
      return { ...ticket, status: event.status, filledQty: event.filledQty, avgPrice: event.avgPrice };
    case 'order.cancelled':
      return { ...ticket, status: 'cancelled', filledQty: event.filledQty, code: event.reason };
    case 'order.rejected':
      return { ...ticket, status: 'rejected', code: event.code, message: event.message };
    default:
      return ticket;
  }
}

/** Whether the outcome is final (nothing more will arrive for it). */
export function isSettled(ticket: Ticket): boolean {
  return ticket.status === 'filled' || ticket.status === 'cancelled' || ticket.status === 'rejected' || ticket.status === 'failed';
}
