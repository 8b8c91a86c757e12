'use client';
// The outcome of the order just sent: sending, resting (a stop: waiting, then triggered), filled (with
// the average price), or the server's reject reason.
import { useLocale } from 'next-intl';
import type { AppLocale } from '@/i18n/locales.ts';
import { cancelText, rejectText } from '@/lib/client/reject-reasons.ts';
import { groupThousands, trimSize } from '@/lib/client/format.ts';
import type { Ticket } from '@/lib/client/order-ticket.ts';
import { uiText, type UiText } from '@/lib/client/ui-text.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import styles from './order-entry.module.css';

function describe(ticket: Ticket, locale: AppLocale): { tone: 'ok' | 'bad' | 'info'; text: UiText } {
  const isStop = ticket.stopPrice !== undefined;
  const size = trimSize(ticket.quantity, 8, locale);
  const what = uiText(isStop ? 'ticket.feedback.whatStop' : 'ticket.feedback.what', { side: ticket.side, size });
  const avg = formatAvg(ticket.avgPrice, locale);
  const filled = trimSize(ticket.filledQty ?? '0', 8, locale);
  switch (ticket.status) {
    case 'sending':
      return { tone: 'info', text: uiText('ticket.feedback.sending', { what }) };
    case 'accepted':
      if (isStop) return { tone: 'info', text: uiText('ticket.feedback.waiting', { what, price: groupThousands(ticket.stopPrice ?? '', locale) }) };
      return { tone: 'info', text: ticket.price ? uiText('ticket.feedback.open', { what, price: groupThousands(ticket.price, locale) }) : uiText('ticket.feedback.openMarket', { what }) };
    case 'triggered':
      return { tone: 'info', text: uiText('ticket.feedback.triggered', { what }) };
    case 'partially_filled':
      return { tone: 'ok', text: uiText('ticket.feedback.partial', { what, filled, price: avg }) };
    case 'filled':
      return { tone: 'ok', text: uiText('ticket.feedback.filled', { what, price: avg }) };
    case 'cancelled': {
      const reason = cancelText(ticket.code ?? '');
      return { tone: 'info', text: Number(ticket.filledQty ?? 0) > 0 ? uiText('ticket.feedback.cancelledAfterFills', { what, reason, filled }) : uiText('ticket.feedback.cancelled', { what, reason }) };
    }
    case 'rejected': {
      const reason = rejectText(ticket.code ?? '');
      return { tone: 'bad', text: ticket.message ? uiText('ticket.feedback.rejectedDetail', { reason, detail: ticket.message }) : uiText('ticket.feedback.rejected', { reason }) };
    }
    case 'failed':
      return { tone: 'bad', text: uiText(ticket.failure === 'no_answer' ? 'orders.noAnswer' : 'ticket.feedback.notSent') };
  }
}

function formatAvg(avg: string | undefined, locale: AppLocale): string {
  return avg === undefined ? '—' : groupThousands(String(Number(avg)), locale);
}

export function TicketFeedback({ ticket }: { ticket: Ticket | undefined }) {
  const locale = useLocale();
  const say = useUiText();
  if (!ticket) return <p className={styles.feedback} aria-live="polite" />;
  const { tone, text } = describe(ticket, locale);
  return (
    <p className={styles.feedback} data-tone={tone} data-status={ticket.status} data-client-order-id={ticket.clientOrderId} role={tone === 'bad' ? 'alert' : 'status'} data-testid="order-feedback">
      {say(text)}
    </p>
  );
}
