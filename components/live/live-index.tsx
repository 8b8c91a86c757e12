'use client';
// The composite index and every instrument's quote, live over Server-Sent Events.
import { useEffect, useState } from 'react';
import { indexTickSchema, type IndexTick } from '@/lib/protocol/index-tick';
import styles from './live.module.css';

type Status = 'connecting' | 'live' | 'reconnecting';

export function LiveIndex() {
  const [tick, setTick] = useState<IndexTick | null>(null);
  const [status, setStatus] = useState<Status>('connecting');
  const [count, setCount] = useState(0);

  useEffect(() => {
    // EventSource reconnects by itself and resumes with Last-Event-ID.
    const source = new EventSource('/api/stream/index');
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus('reconnecting');
    source.addEventListener('index', (event) => {
      const parsed = indexTickSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) return;
      setTick(parsed.data);
      setCount((n) => n + 1);
    });
    return () => source.close();
  }, []);

  return (
    <div className={styles.panel} data-testid="live-index">
      <div className={styles.panelHeader}>
        <h2>Composite index</h2>
        <span className={styles.status} data-status={status}>
          SSE · {status}
        </span>
      </div>
      <div className={styles.indexValue}>
        <span className="num" data-testid="index-value">
          {tick ? tick.value : '—'}
        </span>
        {tick && <span className={`num ${Number(tick.changePct) >= 0 ? 'up' : 'down'}`}>{formatPct(tick.changePct)}</span>}
      </div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Last</th>
            <th>24h</th>
          </tr>
        </thead>
        <tbody>
          {tick &&
            Object.entries(tick.quotes).map(([symbol, quote]) => (
              <tr key={symbol}>
                <td>{symbol}</td>
                <td className="num">{quote.last}</td>
                <td className={`num ${Number(quote.changePct) >= 0 ? 'up' : 'down'}`}>{formatPct(quote.changePct)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <p className="muted">
        <span data-testid="index-count">{count}</span> updates received
      </p>
    </div>
  );
}

function formatPct(value: string): string {
  const n = Number(value);
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}%`;
}
