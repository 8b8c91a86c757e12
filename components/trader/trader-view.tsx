// The trader view for one instrument: header (picker, price, index, connection, theme), chart, book,
// trades, depth, order entry and account. A server component; the live parts are client leaves.
import { CandleChart } from '@/components/chart/candle-chart';
import { DepthChart } from '@/components/depth/depth-chart';
import { InstrumentPicker } from '@/components/instrument-picker/instrument-picker';
import { MarketHeadline } from '@/components/instrument-picker/market-headline';
import { OrderBook } from '@/components/order-book/order-book';
import { ConnectionStatus } from '@/components/status/connection-status';
import { IndexBadge } from '@/components/status/index-badge';
import { TransportFooter } from '@/components/status/transport-footer';
import { ThemeToggle } from '@/components/theme/theme-toggle';
import { TradeTape } from '@/components/trade-tape/trade-tape';
import { Panel } from './panel';
import styles from './trader-view.module.css';

export function TraderView({ symbol }: { symbol: string }) {
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <h1 className={styles.brand}>
          <span className={styles.logo} aria-hidden="true" />
          Tickwire
        </h1>
        <InstrumentPicker symbol={symbol} />
        <MarketHeadline symbol={symbol} />
        <div className={styles.headerEnd}>
          <IndexBadge />
          <ConnectionStatus symbol={symbol} />
          <ThemeToggle />
        </div>
      </header>
      <main className={styles.grid}>
        <Panel title={`${symbol} chart`} className={styles.chart} testId="chart-panel">
          <CandleChart symbol={symbol} />
        </Panel>
        <div className={styles.book}>
          <OrderBook symbol={symbol} />
        </div>
        <div className={styles.trades}>
          <TradeTape symbol={symbol} />
        </div>
        <div className={styles.depth}>
          <DepthChart symbol={symbol} />
        </div>
      </main>
      <TransportFooter symbol={symbol} />
    </div>
  );
}
