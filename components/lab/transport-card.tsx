// One transport's panel: what it is, its state, and the numbers the page measured for it.
import { medianLatencyMs, missedIds, type TransportStats } from '@/lib/client/lab/transport-stats.ts';
import styles from './lab.module.css';

/** How each transport is introduced on its card. */
export const TRANSPORT_INFO: Record<TransportStats['name'], { title: string; how: string }> = {
  poll: { title: 'Short polling', how: 'GET /api/poll/index every 1 s' },
  longpoll: { title: 'Long polling', how: 'GET /api/lab/longpoll, held until the next tick' },
  sse: { title: 'Server-Sent Events', how: 'EventSource on /api/lab/stream' },
  ws: { title: 'WebSocket', how: 'channel "index" on the gateway /ws' },
  stomp: { title: 'STOMP over WebSocket', how: 'SUBSCRIBE /topic/index on /ws (v12.stomp)' },
  socketio: { title: 'Socket.IO', how: 'event "index" on /socket.io/, polling → WebSocket' },
};

function format(value: number | undefined, unit: string, digits = 0): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(digits)} ${unit}`;
}

export function TransportCard({ stats, all }: { stats: TransportStats; all: readonly TransportStats[] }) {
  const info = TRANSPORT_INFO[stats.name];
  const median = medianLatencyMs(stats);
  const perUpdate = stats.updates > 0 ? stats.bytes / stats.updates : undefined;
  return (
    <section className={styles.card} data-testid={`transport-${stats.name}`} data-state={stats.state} aria-label={info.title}>
      <header className={styles.cardHeader}>
        <h2 className={styles.cardTitle}>{info.title}</h2>
        <span className={styles.pill} data-state={stats.state}>
          {stats.state}
        </span>
      </header>
      <p className={styles.how}>{info.how}</p>
      <div className={styles.hero}>
        <span className={`num ${styles.heroValue}`} data-testid="latency">
          {format(median, 'ms')}
        </span>
        <span className={styles.heroLabel}>median publish → display</span>
      </div>
      <dl className={styles.stats}>
        <dt>updates</dt>
        <dd className="num" data-testid="updates">{stats.updates}</dd>
        <dt>requests</dt>
        <dd className="num" data-testid="requests">{stats.requests}</dd>
        <dt>bytes / update</dt>
        <dd className="num" data-testid="bytes-per-update">{format(perUpdate, 'B')}</dd>
        <dt>total bytes</dt>
        <dd className="num">{(stats.bytes / 1024).toFixed(1)} KiB</dd>
        <dt>reconnects</dt>
        <dd className="num" data-testid="reconnects">{stats.reconnects}</dd>
        <dt>missed · dup</dt>
        <dd className="num" data-testid="missed">
          {missedIds(stats, all)} · {stats.duplicates}
        </dd>
      </dl>
    </section>
  );
}
