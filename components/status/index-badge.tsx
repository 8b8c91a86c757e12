'use client';
// The composite index TWX, live over Server-Sent Events (the one-way transport), beside the socket status.
import { useLocale, useTranslations } from 'next-intl';
import { formatPct } from '@/lib/client/format.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import styles from './index-badge.module.css';

export function IndexBadge() {
  const t = useTranslations('status');
  const locale = useLocale();
  const { tick, status, count } = useIndex();
  const change = tick ? Number(tick.changePct) : 0;
  return (
    <div className={styles.badge} data-testid="live-index" data-state={status} title={t('indexTitle', { status: t(`indexState.${status}`), count })}>
      <span className={styles.name}>TWX</span>
      <span className="num" data-testid="index-value">
        {tick ? tick.value : '—'}
      </span>
      {tick && <span className={`num ${styles.change} ${change >= 0 ? 'up' : 'down'}`}>{formatPct(tick.changePct, locale)}</span>}
    </div>
  );
}
