// One transport's panel: what it is, its state, and the numbers the page measured for it.
import { useTranslations } from 'next-intl';
import { medianLatencyMs, missedIds, type TransportStats } from '@/lib/client/lab/transport-stats.ts';
import styles from './lab.module.css';


function format(value: number | undefined, unit: string, digits = 0): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(digits)} ${unit}`;
}

export function TransportCard({ stats, all }: { stats: TransportStats; all: readonly TransportStats[] }) {
  const t = useTranslations('lab');
  const info = { title: t(`transport.${stats.name}`), how: t(`how.${stats.name}`) };
  const median = medianLatencyMs(stats);
  const perUpdate = stats.updates > 0 ? stats.bytes / stats.updates : undefined;
  return (
    <section className={styles.card} data-testid={`transport-${stats.name}`} data-state={stats.state} aria-label={info.title}>
      <header className={styles.cardHeader}>
        <h2 className={styles.cardTitle}>{info.title}</h2>
        <span className={styles.pill} data-state={stats.state}>
          {t(`state.${stats.state}`)}
        </span>
      </header>
      <p className={styles.how}>{info.how}</p>
      <div className={styles.hero}>
        <span className={`num ${styles.heroValue}`} data-testid="latency">
          {format(median, 'ms')}
        </span>
        <span className={styles.heroLabel}>{t('medianPublish')}</span>
      </div>
      <dl className={styles.stats}>
        <dt>{t('updates')}</dt>
        <dd className="num" data-testid="updates">{stats.updates}</dd>
        <dt>{t('requests')}</dt>
        <dd className="num" data-testid="requests">{stats.requests}</dd>
        <dt>{t('bytesPerUpdate')}</dt>
        <dd className="num" data-testid="bytes-per-update">{format(perUpdate, 'B')}</dd>
        <dt>{t('totalBytes')}</dt>
        <dd className="num">{(stats.bytes / 1024).toFixed(1)} KiB</dd>
        <dt>{t('reconnects')}</dt>
        <dd className="num" data-testid="reconnects">{stats.reconnects}</dd>
        <dt>{t('missedDup')}</dt>
        <dd className="num" data-testid="missed">
          {missedIds(stats, all)} · {stats.duplicates}
        </dd>
      </dl>
    </section>
  );
}
