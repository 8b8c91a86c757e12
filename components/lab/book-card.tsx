// One codec's book on the lab's Book tab: its state, what the book cost on the wire, and the book it
// rebuilt (seq, best bid and ask), so the three can be compared.
import { medianBookLatencyMs, topOfBook, type BookStats } from '@/lib/client/lab/book-stats.ts';
import { BOOK_SUBSCRIPTIONS } from '@/lib/client/lab/book-transports.ts';
import styles from './lab.module.css';

/** How each codec is introduced on its card. */
export const BOOK_TRANSPORT_INFO: Record<BookStats['name'], { title: string; how: string }> = {
  ws: { title: 'WebSocket (JSON)', how: `subscribe book ${BOOK_SUBSCRIPTIONS.ws.symbol} depth ${BOOK_SUBSCRIPTIONS.ws.depth} timing on /ws` },
  stomp: { title: 'STOMP over WebSocket', how: `SUBSCRIBE ${BOOK_SUBSCRIPTIONS.stomp} timing:true` },
  socketio: { title: 'Socket.IO', how: `event "${BOOK_SUBSCRIPTIONS.socketio}" with timing` },
};

function format(value: number | undefined, unit: string): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(0)} ${unit}`;
}

export function BookCard({ stats }: { stats: BookStats }) {
  const info = BOOK_TRANSPORT_INFO[stats.name];
  const top = topOfBook(stats);
  const perUpdate = stats.updates > 0 ? stats.bytes / stats.updates : undefined;
  return (
    <section className={styles.card} data-testid={`book-${stats.name}`} data-state={stats.state} data-phase={stats.phase} aria-label={`${info.title} book`}>
      <header className={styles.cardHeader}>
        <h2 className={styles.cardTitle}>{info.title}</h2>
        <span className={styles.pill} data-state={stats.state}>
          {stats.state} · {stats.phase}
        </span>
      </header>
      <p className={styles.how}>{info.how}</p>
      <div className={styles.hero}>
        <span className={`num ${styles.heroValue}`} data-testid="latency">
          {format(medianBookLatencyMs(stats), 'ms')}
        </span>
        <span className={styles.heroLabel}>median delta ts → display</span>
      </div>
      <dl className={styles.stats}>
        <dt>updates (deltas applied)</dt>
        <dd className="num" data-testid="updates">{stats.updates}</dd>
        <dt>bytes / update</dt>
        <dd className="num" data-testid="bytes-per-update">{format(perUpdate, 'B')}</dd>
        <dt>frames</dt>
        <dd className="num" data-testid="frames">{stats.frames}</dd>
        <dt>resyncs</dt>
        <dd className="num" data-testid="resyncs">{stats.resyncs}</dd>
        <dt>checksum failures</dt>
        <dd className="num" data-testid="checksum-failures" data-bad={stats.checksumFailures > 0}>
          {stats.checksumFailures}
        </dd>
        <dt>seq</dt>
        <dd className="num" data-testid="seq">{stats.replica?.seq ?? '—'}</dd>
        <dt>best bid · ask</dt>
        <dd className="num" data-testid="top-of-book">
          <span className={styles.bid}>{top.bid ?? '—'}</span> · <span className={styles.ask}>{top.ask ?? '—'}</span>
        </dd>
      </dl>
    </section>
  );
}
