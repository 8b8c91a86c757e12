// One codec's book on the lab's Book tab: its state, what the book cost on the wire, and the book it
// rebuilt (seq, best bid and ask), so the three can be compared.
import { useTranslations } from 'next-intl';
import { medianBookLatencyMs, topOfBook, type BookStats } from '@/lib/client/lab/book-stats.ts';
import { BOOK_SUBSCRIPTIONS } from '@/lib/client/lab/book-transports.ts';
import styles from './lab.module.css';

/** How each codec is introduced on its card. */
export function useBookTransportInfo(): (name: BookStats['name']) => { title: string; how: string } {
  const t = useTranslations('lab');
  return (name) => {
    switch (name) {
      case 'ws':
        return { title: t('bookWsTitle'), how: t('how.bookWs', { symbol: BOOK_SUBSCRIPTIONS.ws.symbol, depth: BOOK_SUBSCRIPTIONS.ws.depth }) };
      case 'stomp':
        return { title: t('transport.stomp'), how: t('how.bookStomp', { destination: BOOK_SUBSCRIPTIONS.stomp }) };
      case 'socketio':
        return { title: t('transport.socketio'), how: t('how.bookSocketio', { event: BOOK_SUBSCRIPTIONS.socketio }) };
    }
  };
}

function format(value: number | undefined, unit: string): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(0)} ${unit}`;
}

export function BookCard({ stats }: { stats: BookStats }) {
  const t = useTranslations('lab');
  const info = useBookTransportInfo()(stats.name);
  const top = topOfBook(stats);
  const perUpdate = stats.updates > 0 ? stats.bytes / stats.updates : undefined;
  return (
    <section className={styles.card} data-testid={`book-${stats.name}`} data-state={stats.state} data-phase={stats.phase} aria-label={t('bookCard', { title: info.title })}>
      <header className={styles.cardHeader}>
        <h2 className={styles.cardTitle}>{info.title}</h2>
        <span className={styles.pill} data-state={stats.state}>
          {t(`state.${stats.state}`)} · {t(`phase.${stats.phase}`)}
        </span>
      </header>
      <p className={styles.how}>{info.how}</p>
      <div className={styles.hero}>
        <span className={`num ${styles.heroValue}`} data-testid="latency">
          {format(medianBookLatencyMs(stats), 'ms')}
        </span>
        <span className={styles.heroLabel}>{t('medianDelta')}</span>
      </div>
      <dl className={styles.stats}>
        <dt>{t('deltasApplied')}</dt>
        <dd className="num" data-testid="updates">{stats.updates}</dd>
        <dt>{t('bytesPerUpdate')}</dt>
        <dd className="num" data-testid="bytes-per-update">{format(perUpdate, 'B')}</dd>
        <dt>{t('frames')}</dt>
        <dd className="num" data-testid="frames">{stats.frames}</dd>
        <dt>{t('resyncs')}</dt>
        <dd className="num" data-testid="resyncs">{stats.resyncs}</dd>
        <dt>{t('checksumFailures')}</dt>
        <dd className="num" data-testid="checksum-failures" data-bad={stats.checksumFailures > 0}>
          {stats.checksumFailures}
        </dd>
        <dt>seq</dt>
        <dd className="num" data-testid="seq">{stats.replica?.seq ?? '—'}</dd>
        <dt>{t('bestBidAsk')}</dt>
        <dd className="num" data-testid="top-of-book">
          <span className={styles.bid}>{top.bid ?? '—'}</span> · <span className={styles.ask}>{top.ask ?? '—'}</span>
        </dd>
      </dl>
    </section>
  );
}
