// Server-Sent Events through the browser's own EventSource, which reconnects by itself and sends
// Last-Event-ID; the lab counts what it sees of that. It asks for hop times (`timing=1`): each live
// `index` event then carries `hops` [feed ts, web node read, web node sent], timed into `hops`.
import type { LabHopRecorder } from './book-hops.ts';
import { recordUpdate, type TransportStats } from './transport-stats.ts';
import { sseEventBytes } from './wire-bytes.ts';

/** Starts the EventSource; returns a stop function. */
export function startSse(stats: TransportStats, labId: string, hops?: LabHopRecorder): () => void {
  const source = new EventSource(`/api/lab/stream?lab=${encodeURIComponent(labId)}${hops ? '&timing=1' : ''}`);
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
    hops?.onWireMessage();
    // Counted without the hops field, so the six index transports compare like for like.
    const at = event.data.lastIndexOf(',"hops":[');
    stats.bytes += sseEventBytes(event.lastEventId, 'index', at < 0 ? event.data : `${event.data.slice(0, at)}}`);
    const tick = JSON.parse(event.data) as { ts: number };
    recordUpdate(stats, event.lastEventId, tick.ts, Date.now());
    hops?.onMessage(tick);
  });
  return () => {
    stats.state = 'closed';
    source.close();
  };
}
