'use client';
// The account's executions, newest first.
import { useLocale, useTranslations } from 'next-intl';
import { formatClock, formatUsd, groupThousands, trimSize } from '@/lib/client/format.ts';
import { useFills } from './use-account.ts';
import styles from './account.module.css';

export function FillsTable() {
  const t = useTranslations('account');
  const locale = useLocale();
  const fills = useFills().data?.fills ?? [];
  if (fills.length === 0) return <p className={styles.empty}>{t('noFills')}</p>;
  return (
    <table className={styles.table} data-testid="fills-table">
      <thead>
        <tr>
          <th>{t('time')}</th>
          <th>{t('instrument')}</th>
          <th>{t('side')}</th>
          <th>{t('price')}</th>
          <th>{t('size')}</th>
          <th>{t('fee')}</th>
        </tr>
      </thead>
      <tbody>
        {fills.map((fill) => (
          <tr key={fill.fillId} data-testid="fill">
            <td className="num muted">{formatClock(fill.ts, locale)}</td>
            <td>{fill.symbol}</td>
            <td className={fill.side === 'buy' ? 'up' : 'down'}>{t('sideValue', { side: fill.side })}</td>
            <td className="num">{groupThousands(fill.price, locale)}</td>
            <td className="num">{trimSize(fill.size, 8, locale)}</td>
            <td className="num muted">{formatUsd(fill.fee, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
