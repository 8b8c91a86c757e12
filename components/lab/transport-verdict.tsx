// "When to choose which", drawn from the numbers this page just measured rather than stated in the abstract.
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { medianLatencyMs, type TransportStats } from '@/lib/client/lab/transport-stats.ts';
import styles from './lab.module.css';

function perUpdate(stats: TransportStats | undefined): string {
  return stats && stats.updates > 0 ? `${Math.round(stats.bytes / stats.updates)} B` : '…';
}

function latency(stats: TransportStats | undefined): string {
  const median = stats && medianLatencyMs(stats);
  return median === undefined ? '…' : `${Math.round(median)} ms`;
}

const tags = { b: (chunks: ReactNode) => <b>{chunks}</b>, code: (chunks: ReactNode) => <code>{chunks}</code> };

export function TransportVerdict({ stats }: { stats: readonly TransportStats[] }) {
  const t = useTranslations('lab');
  const by = (name: TransportStats['name']): TransportStats | undefined => stats.find((s) => s.name === name);
  const poll = by('poll');
  const requestsPerUpdate = poll && poll.updates > 0 ? (poll.requests / poll.updates).toFixed(1) : '…';
  const measured = (name: TransportStats['name']) => ({ perUpdate: perUpdate(by(name)), latency: latency(by(name)) });
  return (
    <section className={styles.panel} aria-label={t('verdictLabel')}>
      <h2 className={styles.panelTitle}>{t('verdictTitle')}</h2>
      <ul className={styles.verdict}>
        <li>{t.rich('verdict.poll', { ...tags, ...measured('poll'), requests: requestsPerUpdate })}</li>
        <li>{t.rich('verdict.longpoll', { ...tags, ...measured('longpoll') })}</li>
        <li>{t.rich('verdict.sse', { ...tags, ...measured('sse') })}</li>
        <li>{t.rich('verdict.ws', { ...tags, ...measured('ws') })}</li>
        <li>{t.rich('verdict.stomp', { ...tags, ...measured('stomp'), wsPerUpdate: perUpdate(by('ws')) })}</li>
        <li>{t.rich('verdict.socketio', { ...tags, ...measured('socketio') })}</li>
      </ul>
      <p className="muted">{t.rich('latencyNote', tags)}</p>
    </section>
  );
}
