'use client';
// The account's executions, newest first.
import { formatClock, formatUsd, groupThousands, trimSize } from '@/lib/client/format.ts';
import { useFills } from './use-account.ts';
import styles from './account.module.css';

export function FillsTable() {
  const fills = useFills().data?.fills ?? [];
  if (fills.length === 0) return <p className={styles.empty}>No fills yet.</p>;
  return (
    <table className={styles.table} data-testid="fills-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Instrument</th>
          <th>Side</th>
          <th>Price</th>
          <th>Size</th>
          <th>Fee</th>
        </tr>
      </thead>
      <tbody>
        {fills.map((fill) => (
          <tr key={fill.fillId} data-testid="fill">
            <td className="num muted">{formatClock(fill.ts)}</td>
            <td>{fill.symbol}</td>
            <td className={fill.side === 'buy' ? 'up' : 'down'}>{fill.side === 'buy' ? 'Buy' : 'Sell'}</td>
            <td className="num">{groupThousands(fill.price)}</td>
            <td className="num">{trimSize(fill.size, 8)}</td>
            <td className="num muted">{formatUsd(fill.fee)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
