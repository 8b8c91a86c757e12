// The trader view for one instrument: header (picker, price, index, connection, theme), chart (candles
// or depth), book, trades, order entry and account, and the keyboard shortcuts (? shows them). A server
// component; the live parts are client leaves.
import { AccountPanel } from '@/components/account/account-panel.tsx';
import { AccountSync } from '@/components/account/account-sync.tsx';
import { ChartPanel } from '@/components/chart/chart-panel.tsx';
import { HotkeysFooter } from '@/components/hotkeys/hotkeys-footer.tsx';
import { HotkeysProvider } from '@/components/hotkeys/hotkeys-provider.tsx';
import { LanguageSwitch } from '@/components/i18n/language-switch.tsx';
import { InstrumentPicker } from '@/components/instrument-picker/instrument-picker.tsx';
import { MarketHeadline } from '@/components/instrument-picker/market-headline.tsx';
import { OrderBook } from '@/components/order-book/order-book.tsx';
import { OrderEntryPanel } from '@/components/order-entry/order-entry-panel.tsx';
import { ConnectionStatus } from '@/components/status/connection-status.tsx';
import { IndexBadge } from '@/components/status/index-badge.tsx';
import { TransportFooter } from '@/components/status/transport-footer.tsx';
import { ThemeToggle } from '@/components/theme/theme-toggle.tsx';
import { TradeTape } from '@/components/trade-tape/trade-tape.tsx';
import styles from './trader-view.module.css';

export function TraderView({ symbol }: { symbol: string }) {
  return (
    <HotkeysProvider symbol={symbol}>
      <div className={styles.shell}>
        <header className={styles.header}>
          <h1 className={styles.brand}>
            <span className={styles.logo} aria-hidden="true" />
            <span className={styles.brandName}>Tickwire</span>
          </h1>
          <div className={styles.picker}>
            <InstrumentPicker symbol={symbol} />
          </div>
          <div className={styles.headline}>
            <MarketHeadline symbol={symbol} />
          </div>
          <div className={styles.headerEnd}>
            <div className={styles.index}>
              <IndexBadge />
            </div>
            <div className={styles.status}>
              <ConnectionStatus symbol={symbol} />
            </div>
            <div className={styles.theme}>
              <ThemeToggle />
            </div>
          </div>
        </header>
        {/* DOM order is keyboard order: the order form comes before the book's many clickable rows. */}
        <main className={styles.grid}>
          <div className={styles.chart}>
            <ChartPanel symbol={symbol} />
          </div>
          <div className={styles.entry}>
            <OrderEntryPanel symbol={symbol} />
          </div>
          <div className={styles.book}>
            <OrderBook symbol={symbol} />
          </div>
          <div className={styles.trades}>
            <TradeTape symbol={symbol} />
          </div>
          <div className={styles.account}>
            <AccountPanel />
          </div>
        </main>
        <AccountSync />
        <HotkeysFooter end={<LanguageSwitch className={styles.language} />}>
          <TransportFooter symbol={symbol} />
        </HotkeysFooter>
      </div>
    </HotkeysProvider>
  );
}
