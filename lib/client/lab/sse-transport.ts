// Server-Sent Events through the browser's own EventSource, which reconnects by itself and sends
// Last-Event-ID; the lab counts what it sees of that.
import { recordUpdate, type TransportStats } from './transport-stats.ts';
import { sseEventBytes } from './wire-bytes.ts';

/** Starts the EventSource; returns a stop function. */
export function startSse(stats: TransportStats, labId: string): () => void {
  const source = new EventSource(`/api/lab/stream?lab=${encodeURIComponent(labId)}`);
  let hasOpened = false;
  stats.requests += 1;
  source.onopen = () => {
    if (hasOpened) {
      stats.reconnects += 1;
      stats.requests += 1;
    }
    hasOpened = true;
    stats.state = 'open';
  };
  // EventSource retries by itself after an error (using the server's `retry:` hint) unless it gave up.
  source.onerror = () => {
    stats.state = source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting';
  };
  source.addEventListener('index', (event: MessageEvent<string>) => {
    stats.bytes += sseEventBytes(event.lastEventId, 'index', event.data);
    const tick = JSON.parse(event.data) as { ts: number };
    recordUpdate(stats, event.lastEventId, tick.ts, Date.now());
  });
  return () => {
    stats.state = 'closed';
    source.close();
  };
}
