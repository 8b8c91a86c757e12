'use client';
// The footer states which transport carries what, live: the WebSocket (node, latency, book sequence,
// where a book delta's milliseconds go) and the SSE index stream (state, events received).
import { useTranslations } from 'next-intl';
import { useBook } from '@/components/market-data/use-book.ts';
import { useBookHops } from '@/components/market-data/use-book-hops.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import { HopFigures } from './hop-figures.tsx';
import styles from './transport-footer.module.css';

export function TransportFooter({ symbol }: { symbol: string }) {
  const t = useTranslations('status');
  const connection = useConnection();
  const book = useBook(symbol);
  const hops = useBookHops(symbol);
  const index = useIndex();
  return (
    <footer className={styles.footer}>
      <span>
        <strong>WebSocket</strong> /ws · {t(`socketState.${connection.state}`)}
        {connection.node && <> · {connection.node}</>}
        {connection.latencyMs !== undefined && <span className="num"> · {Math.round(connection.latencyMs)} ms</span>} · {t('footerBook', { status: t(`bookState.${book.status}`) })}{' '}
        <span className="num" data-testid="book-seq">
          {book.seq ?? '—'}
        </span>
      </span>
      <span>
        <strong>{t('footerHops')}</strong> p50/p99 · <HopFigures hops={hops} />
      </span>
      <span>
        <strong>SSE</strong> /api/stream/index · {t(`indexState.${index.status}`)} ·{' '}
        <span className="num" data-testid="index-count">
          {index.count}
        </span>{' '}
        {t('footerUpdates')}
      </span>
      <span className={styles.note}>{t('demoNote')}</span>
    </footer>
  );
}
