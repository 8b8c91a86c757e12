// The landing page: live index and quotes over SSE, a live order book over WebSocket.
import { LiveBook } from '@/components/live/live-book';
import { LiveIndex } from '@/components/live/live-index';
import { getRuntime } from '@/lib/runtime';
import styles from './page.module.css';

export const dynamic = 'force-dynamic';

export default function HomePage() {
  const { publicGatewayUrl } = getRuntime().config;
  return (
    <main className={styles.main}>
      <header className={styles.header}>
        <h1>
          Tickwire <span className="muted">live market data</span>
        </h1>
      </header>
      <section className={styles.grid}>
        <LiveIndex />
        <LiveBook symbol="BTC-USD" gatewayUrl={publicGatewayUrl} />
      </section>
    </main>
  );
}
