'use client';
// The outcome of the order just sent: sending, resting (a stop: waiting, then triggered), filled (with
// the average price), or the server's reject reason.
import { cancelText, rejectText } from '@/lib/client/reject-reasons.ts';
import { groupThousands, trimSize } from '@/lib/client/format.ts';
import type { Ticket } from '@/lib/client/order-ticket.ts';
import styles from './order-entry.module.css';

function describe(ticket: Ticket): { tone: 'ok' | 'bad' | 'info'; text: string } {
  const isStop = ticket.stopPrice !== undefined;
  const size = trimSize(ticket.quantity, 8);
  const what = isStop ? `Stop ${ticket.side} ${size}` : `${ticket.side === 'buy' ? 'Buy' : 'Sell'} ${size}`;
  switch (ticket.status) {
    case 'sending':
      return { tone: 'info', text: `${what}: sending…` };
    case 'accepted':
      if (isStop) return { tone: 'info', text: `${what}: waiting for a trade at ${groupThousands(ticket.stopPrice ?? '')}` };
      return { tone: 'info', text: `${what}: open at ${ticket.price ? groupThousands(ticket.price) : 'market'}` };
    case 'triggered':
      return { tone: 'info', text: `${what}: triggered, filling…` };
    case 'partially_filled':
      return { tone: 'ok', text: `${what}: partially filled ${trimSize(ticket.filledQty ?? '0', 8)} @ ${formatAvg(ticket.avgPrice)}` };
    case 'filled':
      return { tone: 'ok', text: `${what}: filled @ ${formatAvg(ticket.avgPrice)}` };
    case 'cancelled':
      return { tone: 'info', text: `${what}: ${cancelText(ticket.code ?? '')}${Number(ticket.filledQty ?? 0) > 0 ? ` after filling ${trimSize(ticket.filledQty ?? '0', 8)}` : ''}` };
    case 'rejected':
      return { tone: 'bad', text: `Rejected: ${rejectText(ticket.code ?? '')}${ticket.message ? ` (${ticket.message})` : ''}` };
    case 'failed':
      return { tone: 'bad', text: ticket.message ?? 'Not sent' };
  }
}

function formatAvg(avg: string | undefined): string {
  return avg === undefined ? '—' : groupThousands(String(Number(avg)));
}

export function TicketFeedback({ ticket }: { ticket: Ticket | undefined }) {
  if (!ticket) return <p className={styles.feedback} aria-live="polite" />;
  const { tone, text } = describe(ticket);
  return (
    <p className={styles.feedback} data-tone={tone} data-status={ticket.status} data-client-order-id={ticket.clientOrderId} role={tone === 'bad' ? 'alert' : 'status'} data-testid="order-feedback">
      {text}
    </p>
  );
}
