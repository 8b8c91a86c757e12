'use client';
// The trade tape: the latest public trades, coloured by the aggressor (green: a buyer lifted an ask;
// red: a seller hit a bid), newest on top.
import { formatClock, groupThousands, trimSize } from '@/lib/client/format.ts';
import { useTradeTape } from '@/components/market-data/use-trade-tape.ts';
import { Panel } from '@/components/trader/panel.tsx';
import styles from './trade-tape.module.css';

export function TradeTape({ symbol }: { symbol: string }) {
  const trades = useTradeTape(symbol);
  return (
    <Panel title="Trades" className={styles.panel} testId="trade-tape">
      <div className={styles.columns} aria-hidden="true">
        <span>Price</span>
        <span>Size</span>
        <span>Time</span>
      </div>
      <ol className={styles.list} aria-label={`Latest ${symbol} trades`}>
        {trades.map((trade) => (
          <li key={trade.id} className={styles.row} data-side={trade.side} data-trade-id={trade.id}>
            <span className={`num ${trade.side === 'buy' ? 'up' : 'down'}`}>
              {groupThousands(trade.price)}
              <span className="visually-hidden">{trade.side === 'buy' ? ' buy' : ' sell'}</span>
            </span>
            <span className="num">{trimSize(trade.size)}</span>
            <span className="num muted">{formatClock(trade.ts)}</span>
          </li>
        ))}
        {trades.length === 0 && <li className={styles.empty}>Waiting for trades…</li>}
      </ol>
    </Panel>
  );
}
