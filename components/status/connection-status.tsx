'use client';
// Always-visible live-data status: connecting, live (with the ping round trip), reconnecting (with
// the next attempt), or resyncing the book. Its tooltip names the gateway node and whether the socket
// is this tab's own or the one the browser's tabs share.
import { useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { displayStatus } from '@/lib/client/display-status.ts';
import { browserSharingMode } from '@/lib/client/shared/browser-sharing.ts';
import { useBook } from '@/components/market-data/use-book.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useUiText } from '@/components/i18n/use-ui-text.ts';
import { useNow } from '@/components/market-data/use-now.ts';
import styles from './connection-status.module.css';

const never = (): (() => void) => () => undefined;

export function ConnectionStatus({ symbol }: { symbol: string }) {
  const t = useTranslations('status');
  const say = useUiText();
  const connection = useConnection();
  const book = useBook(symbol);
  // Decided once per page in the browser; the server render knows nothing of it.
  const sharing = useSyncExternalStore(never, browserSharingMode, () => 'off' as const);
  const status = displayStatus(connection.state, book.status);
  const now = useNow(status === 'reconnecting');
  const retryInS = connection.retryAt === undefined ? undefined : Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
  const detail =
    status === 'live' && connection.latencyMs !== undefined
      ? `${Math.round(connection.latencyMs)} ms`
      : status === 'reconnecting' && retryInS !== undefined && retryInS > 0
        ? t('retryIn', { seconds: retryInS })
        : undefined;
  return (
    <div className={styles.status} data-state={status} data-testid="connection-status" role="status" aria-live="polite" data-sharing={sharing} title={book.reason ? say(book.reason) : t('socketTitle', { node: connection.node ?? '', sharing: t(`sharing.${sharing}`) })}>
      <span className={styles.dot} aria-hidden="true" />
      <span className={styles.label} data-testid="connection-label">
        {t(`connection.${status}`)}
      </span>
      {detail && (
        <span className={`num ${styles.detail}`} data-testid={status === 'live' ? 'latency' : undefined}>
          {detail}
        </span>
      )}
    </div>
  );
}
