'use client';
// The order's estimated price, notional, fee and total, and what the account has available. A stop
// shows what it holds back while it waits: at its limit, or at its protection price (the worst a
// stop-market can fill at).
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
}

function labels(side: 'buy' | 'sell', type: OrderType): { price: string; total: string } {
  if (type === 'stop_market') return { price: 'Worst price', total: side === 'buy' ? 'Reserves' : 'Min. proceeds' };
  if (type === 'stop_limit') return { price: 'Limit price', total: side === 'buy' ? 'Reserves' : 'Min. proceeds' };
  return { price: 'Est. price', total: side === 'buy' ? 'Est. cost' : 'Est. proceeds' };
}

export function OrderSummary({ side, type, estimate, precision, baseUnit, available }: Props) {
  const cash = available.cash === undefined ? '—' : `${formatUsd(available.cash)} USD`;
  const held = available.position === undefined ? '—' : `${trimSize(String(available.position), 8)} ${baseUnit}`;
  const label = labels(side, type);
  return (
    <dl className={styles.summary} data-testid="order-estimate">
      <dt>{label.price}</dt>
      <dd className="num">{estimate ? groupThousands(estimate.avgPrice.toFixed(precision)) : '—'}</dd>
      <dt>Notional</dt>
      <dd className="num">{estimate ? `${formatUsd(estimate.notional)} USD` : '—'}</dd>
      <dt>Fee (≤ 0.10 %)</dt>
      <dd className="num">{estimate ? formatUsd(estimate.fee) : '—'}</dd>
      <dt className={styles.total}>{label.total}</dt>
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
