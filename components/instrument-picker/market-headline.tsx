'use client';
// The chosen instrument's last price and 24h change next to the picker (SSE quotes), echoed in the tab title.
import { useEffect } from 'react';
import { formatPct, groupThousands } from '@/lib/client/format.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import styles from './market-headline.module.css';

export function MarketHeadline({ symbol }: { symbol: string }) {
  const { tick } = useIndex();
  const quote = tick?.quotes[symbol];
  const change = quote ? Number(quote.changePct) : 0;
  const direction = change >= 0 ? 'up' : 'down';

  useEffect(() => {
    document.title = quote ? `${groupThousands(quote.last)} ${symbol} · Tickwire` : `${symbol} · Tickwire`;
  }, [quote, symbol]);

  return (
    <div className={styles.headline} data-testid="market-headline">
      <span className={`num ${styles.last} ${quote ? direction : ''}`} data-testid="last-price">
        {quote ? groupThousands(quote.last) : '—'}
      </span>
      <span className={styles.stat}>
        <span className={styles.caption}>24h</span>
        <span className={`num ${quote ? direction : 'muted'}`} data-testid="change-24h">
          {quote ? formatPct(quote.changePct) : '—'}
        </span>
      </span>
      <span className={`${styles.stat} ${styles.optional}`}>
        <span className={styles.caption}>Bid</span>
        <span className="num">{quote ? groupThousands(quote.bid) : '—'}</span>
      </span>
      <span className={`${styles.stat} ${styles.optional}`}>
        <span className={styles.caption}>Ask</span>
        <span className="num">{quote ? groupThousands(quote.ask) : '—'}</span>
      </span>
    </div>
  );
}
