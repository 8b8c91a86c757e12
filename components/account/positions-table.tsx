'use client';
// Holdings at average cost, valued live at the mid: unrealized P&L moves with the market.
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { formatUsd, groupThousands, trimSize } from '@/lib/client/format.ts';
import { valuePosition } from '@/lib/client/position-pnl.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import { usePositions } from './use-account.ts';
import styles from './account.module.css';

export function PositionsTable() {
  const t = useTranslations('account');
  const locale = useLocale();
  const positions = (usePositions().data?.positions ?? []).filter((p) => Number(p.quantity) !== 0);
  const { tick } = useIndex();
  if (positions.length === 0) return <p className={styles.empty}>{t('noPositions')}</p>;
  return (
    <table className={styles.table} data-testid="positions-table">
      <thead>
        <tr>
          <th>{t('instrument')}</th>
          <th>{t('holding')}</th>
          <th>{t('avgCost')}</th>
          <th>{t('mark')}</th>
          <th>{t('unrealizedPnl')}</th>
          <th>{t('realized')}</th>
        </tr>
      </thead>
      <tbody>
        {positions.map((row) => {
          const p = valuePosition(row, tick?.quotes[row.symbol]);
          const pnl = p.unrealizedPnl;
          return (
            <tr key={row.symbol} data-testid={`position-${row.symbol}`}>
              <td>
                <Link href={`/trade/${row.symbol}`}>{row.symbol}</Link>
              </td>
              <td className="num">{trimSize(row.quantity, 8, locale)}</td>
              <td className="num">{groupThousands(p.avgCost.toFixed(2), locale)}</td>
              <td className="num">{p.mark === undefined ? '—' : groupThousands(p.mark.toFixed(2), locale)}</td>
              <td className={`num ${pnl === undefined ? 'muted' : pnl >= 0 ? 'up' : 'down'}`} data-testid="position-pnl">
                {pnl === undefined ? '—' : `${pnl > 0 ? '+' : ''}${formatUsd(pnl, locale)}`}
              </td>
              <td className="num">{formatUsd(p.realizedPnl, locale)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
