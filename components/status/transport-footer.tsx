'use client';
// The footer states which transport carries what, live: the WebSocket (node, latency, book sequence,
// where a book delta's milliseconds go) and the SSE index stream (state, events received).
import { useBook } from '@/components/market-data/use-book.ts';
import { useBookHops } from '@/components/market-data/use-book-hops.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { useIndex } from '@/components/market-data/use-index.ts';
import { HopFigures } from './hop-figures.tsx';
import styles from './transport-footer.module.css';

export function TransportFooter({ symbol }: { symbol: string }) {
  const connection = useConnection();
  const book = useBook(symbol);
  const hops = useBookHops(symbol);
  const index = useIndex();
  return (
    <footer className={styles.footer}>
      <span>
        <strong>WebSocket</strong> /ws · {connection.state}
        {connection.node && <> · {connection.node}</>}
        {connection.latencyMs !== undefined && <span className="num"> · {Math.round(connection.latencyMs)} ms</span>} · book {book.status} · seq{' '}
        <span className="num" data-testid="book-seq">
          {book.seq ?? '—'}
        </span>
      </span>
      <span>
        <strong>book hops</strong> p50/p99 · <HopFigures hops={hops} />
      </span>
      <span>
        <strong>SSE</strong> /api/stream/index · {index.status} ·{' '}
        <span className="num" data-testid="index-count">
          {index.count}
        </span>{' '}
        updates
      </span>
      <span className={styles.note}>Demo account with play money · simulated market</span>
    </footer>
  );
}
