'use client';
// The chosen instrument's last price and 24h change next to the picker (SSE quotes), echoed in the tab title,
// with its rolling 24 h high, low and volume.
import { useLocale, useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { formatPct, groupThousands } from '@/lib/client/format.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import { useLiveStats24h } from '@/components/market-data/use-stats-24h.ts';
import styles from './market-headline.module.css';
import { Stats24hFigures } from './stats-24h.tsx';

export function MarketHeadline({ symbol }: { symbol: string }) {
  const t = useTranslations('headline');
  const locale = useLocale();
  const { tick } = useIndex();
  const quote = tick?.quotes[symbol];
  const stats = useLiveStats24h(symbol);
  // The rolling 24 h change from the candles, as the figures beside it; the index quote's until they load.
  const changePct = stats?.changePct ?? quote?.changePct;
  const change = changePct === undefined ? 0 : Number(changePct);
  const direction = change >= 0 ? 'up' : 'down';

  useEffect(() => {
    document.title = quote ? `${groupThousands(quote.last)} ${symbol} · Tickwire` : `${symbol} · Tickwire`;
  }, [quote, symbol]);

  return (
    <div className={styles.headline} data-testid="market-headline">
      <span className={`num ${styles.last} ${quote ? direction : ''}`} data-testid="last-price">
        {quote ? groupThousands(quote.last, locale) : '—'}
      </span>
      <span className={styles.stat}>
        <span className={styles.caption}>{t('change24h')}</span>
        <span className={`num ${changePct === undefined ? 'muted' : direction}`} data-testid="change-24h">
          {changePct === undefined ? '—' : formatPct(changePct, locale)}
        </span>
      </span>
      <Stats24hFigures symbol={symbol} stats={stats} />
      <span className={`${styles.stat} ${styles.optional}`}>
        <span className={styles.caption}>{t('bid')}</span>
        <span className="num">{quote ? groupThousands(quote.bid, locale) : '—'}</span>
      </span>
      <span className={`${styles.stat} ${styles.optional}`}>
        <span className={styles.caption}>{t('ask')}</span>
        <span className="num">{quote ? groupThousands(quote.ask, locale) : '—'}</span>
      </span>
    </div>
  );
}
