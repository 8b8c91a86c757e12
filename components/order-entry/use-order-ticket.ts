'use client';
// Sends the form's order over the socket and follows its outcome (accepted, filled, rejected with the
// engine's reason, or refused by the gateway).
import { useCallback, useEffect, useRef, useState } from 'react';
import { placeRequest, type CheckedOrder } from '@/lib/client/order-draft.ts';
import { newClientOrderId } from '@/lib/client/order-id.ts';
import { applyToTicket, type Ticket } from '@/lib/client/order-ticket.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';

/** How long to wait for any answer before saying so. */
const ANSWER_TIMEOUT_MS = 10_000;

export function useOrderTicket(symbol: string): { ticket: Ticket | undefined; place: (order: CheckedOrder) => void } {
  const session = useMarketSession();
  const [ticket, setTicket] = useState<Ticket | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const stopEvents = session.onOrderEvent((event) => setTicket((t) => (t ? applyToTicket(t, event) : t)));
    // The gateway's own refusals (not signed in, rate limited, unavailable) answer the request id.
    const stopErrors = session.onError((error) =>
      setTicket((t) => (t && error.id === t.clientOrderId && t.status === 'sending' ? { ...t, status: 'rejected', code: error.code, message: error.message } : t)),
    );
    return () => {
      stopEvents();
      stopErrors();
      clearTimeout(timer.current);
    };
  }, [session]);

  const place = useCallback(
    (order: CheckedOrder): void => {
      const clientOrderId = newClientOrderId();
      const base: Ticket = { clientOrderId, symbol, side: order.side, type: order.type, quantity: order.quantity, price: order.price, stopPrice: order.stopPrice, status: 'sending' };
      const isSent = session.send(placeRequest(order, symbol, clientOrderId));
      setTicket(isSent ? base : { ...base, status: 'failed', failure: 'not_sent' });
      clearTimeout(timer.current);
      if (!isSent) return;
      timer.current = setTimeout(() => {
        setTicket((t) => (t && t.clientOrderId === clientOrderId && t.status === 'sending' ? { ...t, status: 'failed', failure: 'no_answer' } : t));
      }, ANSWER_TIMEOUT_MS);
    },
    [session, symbol],
  );

  return { ticket, place };
}
