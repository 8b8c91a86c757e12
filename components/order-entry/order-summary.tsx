'use client';
// The order's estimated price, notional, fee and total, and what the account has available.
import { formatUsd, groupThousands, trimSize } from '@/lib/client/format.ts';
import type { OrderEstimate } from '@/lib/client/order-estimate.ts';
import styles from './order-entry.module.css';

interface Props {
  side: 'buy' | 'sell';
  estimate: OrderEstimate | undefined;
  precision: number;
  baseUnit: string;
  available: { cash: number | undefined; position: number | undefined };
}

export function OrderSummary({ side, estimate, precision, baseUnit, available }: Props) {
  const cash = available.cash === undefined ? '—' : `${formatUsd(available.cash)} USD`;
  const held = available.position === undefined ? '—' : `${trimSize(String(available.position), 8)} ${baseUnit}`;
  return (
    <dl className={styles.summary} data-testid="order-estimate">
      <dt>Est. price</dt>
      <dd className="num">{estimate ? groupThousands(estimate.avgPrice.toFixed(precision)) : '—'}</dd>
      <dt>Notional</dt>
      <dd className="num">{estimate ? `${formatUsd(estimate.notional)} USD` : '—'}</dd>
      <dt>Fee (≤ 0.10 %)</dt>
      <dd className="num">{estimate ? formatUsd(estimate.fee) : '—'}</dd>
      <dt className={styles.total}>{side === 'buy' ? 'Est. cost' : 'Est. proceeds'}</dt>
      <dd className={`num ${styles.total}`} data-testid="order-total">
        {estimate ? `${formatUsd(estimate.total)} USD` : '—'}
        {estimate?.isBeyondBook && <span className={styles.warn}> · beyond visible book</span>}
      </dd>
      <dt>Available</dt>
      <dd className="num" data-testid="available">
        {side === 'buy' ? cash : held}
      </dd>
    </dl>
  );
}
