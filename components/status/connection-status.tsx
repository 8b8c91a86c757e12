'use client';
// Always-visible live-data status: connecting, live (with the ping round trip), reconnecting (with
// the next attempt), or resyncing the book.
import { displayStatus, type DisplayStatus } from '@/lib/client/display-status.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useNow } from '@/components/market-data/use-now.ts';
import styles from './connection-status.module.css';

const LABELS: Record<DisplayStatus, string> = { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting', resyncing: 'Resyncing' };

export function ConnectionStatus({ symbol }: { symbol: string }) {
  const connection = useConnection();
  const book = useBook(symbol);
  const status = displayStatus(connection.state, book.status);
  const now = useNow(status === 'reconnecting');
  const retryInS = connection.retryAt === undefined ? undefined : Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
  const detail =
    status === 'live' && connection.latencyMs !== undefined
      ? `${Math.round(connection.latencyMs)} ms`
      : status === 'reconnecting' && retryInS !== undefined && retryInS > 0
        ? `retry in ${retryInS} s`
        : undefined;
  return (
    <div className={styles.status} data-state={status} data-testid="connection-status" role="status" aria-live="polite" title={book.reason ?? `WebSocket ${connection.node ?? ''}`}>
      <span className={styles.dot} aria-hidden="true" />
      <span className={styles.label} data-testid="connection-label">
        {LABELS[status]}
      </span>
      {detail && (
        <span className={`num ${styles.detail}`} data-testid={status === 'live' ? 'latency' : undefined}>
          {detail}
        </span>
      )}
    </div>
  );
}
