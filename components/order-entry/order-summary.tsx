'use client';
// The order's estimated price, notional, fee and total, and what the account has available. A stop
// shows what it holds back while it waits: at its limit, or at its protection price (the worst a
// stop-market can fill at).
import { useTranslations } from 'next-intl';
import type { AppLocale } from '@/i18n/locales.ts';
import { formatUsd, groupThousands, trimSize } from '@/lib/client/format.ts';
import type { OrderEstimate } from '@/lib/client/order-estimate.ts';
import type { OrderType } from '@/lib/protocol/orders.ts';
import styles from './order-entry.module.css';

interface Props {
  side: 'buy' | 'sell';
  type: OrderType;
  estimate: OrderEstimate | undefined;
  precision: number;
  baseUnit: string;
  available: { cash: number | undefined; position: number | undefined };
  locale: AppLocale;
}

type SummaryLabel = 'estPrice' | 'worstPrice' | 'limitPrice' | 'estCost' | 'estProceeds' | 'reserves' | 'minProceeds';

function labels(side: 'buy' | 'sell', type: OrderType): { price: SummaryLabel; total: SummaryLabel } {
  if (type === 'stop_market') return { price: 'worstPrice', total: side === 'buy' ? 'reserves' : 'minProceeds' };
  if (type === 'stop_limit') return { price: 'limitPrice', total: side === 'buy' ? 'reserves' : 'minProceeds' };
  return { price: 'estPrice', total: side === 'buy' ? 'estCost' : 'estProceeds' };
}

export function OrderSummary({ side, type, estimate, precision, baseUnit, available, locale }: Props) {
  const t = useTranslations('ticket.summary');
  const usd = (value: number): string => formatUsd(value, locale);
  const cash = available.cash === undefined ? '—' : `${usd(available.cash)} USD`;
  const held = available.position === undefined ? '—' : `${trimSize(String(available.position), 8, locale)} ${baseUnit}`;
  const label = labels(side, type);
  return (
    <dl className={styles.summary} data-testid="order-estimate">
      <dt>{t(label.price)}</dt>
      <dd className="num">{estimate ? groupThousands(estimate.avgPrice.toFixed(precision), locale) : '—'}</dd>
      <dt>{t('notional')}</dt>
      <dd className="num">{estimate ? `${usd(estimate.notional)} USD` : '—'}</dd>
      <dt>{t('fee')}</dt>
      <dd className="num">{estimate ? usd(estimate.fee) : '—'}</dd>
      <dt className={styles.total}>{t(label.total)}</dt>
      <dd className={`num ${styles.total}`} data-testid="order-total">
        {estimate ? `${usd(estimate.total)} USD` : '—'}
        {estimate?.isBeyondBook && <span className={styles.warn}>{t('beyondBook')}</span>}
      </dd>
      <dt>{t('available')}</dt>
      <dd className="num" data-testid="available">
        {side === 'buy' ? cash : held}
      </dd>
    </dl>
  );
}
