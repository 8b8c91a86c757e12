'use client';
// The trade tape: the latest public trades, coloured by the aggressor (green: a buyer lifted an ask;
// red: a seller hit a bid), newest on top.
import { useLocale, useTranslations } from 'next-intl';
import { formatClock, groupThousands, trimSize } from '@/lib/client/format.ts';
import { useTradeTape } from '@/components/market-data/use-trade-tape.ts';
import { Panel } from '@/components/trader/panel.tsx';
import styles from './trade-tape.module.css';

export function TradeTape({ symbol }: { symbol: string }) {
  const t = useTranslations('tape');
  const locale = useLocale();
  const trades = useTradeTape(symbol);
  return (
    <Panel title={t('title')} className={styles.panel} testId="trade-tape">
      <div className={styles.columns} aria-hidden="true">
        <span>{t('price')}</span>
        <span>{t('size')}</span>
        <span>{t('time')}</span>
      </div>
      <ol className={styles.list} aria-label={t('list', { symbol })}>
        {trades.map((trade) => (
          <li key={trade.id} className={styles.row} data-side={trade.side} data-trade-id={trade.id}>
            <span className={`num ${trade.side === 'buy' ? 'up' : 'down'}`}>
              {groupThousands(trade.price, locale)}
              <span className="visually-hidden"> {t('side', { side: trade.side })}</span>
            </span>
            <span className="num">{trimSize(trade.size, 4, locale)}</span>
            <span className="num muted">{formatClock(trade.ts, locale)}</span>
          </li>
        ))}
        {trades.length === 0 && <li className={styles.empty}>{t('waiting')}</li>}
      </ol>
    </Panel>
  );
}
