// The index over the gateway's WebSocket: one handshake, then frames pushed by the server; after a
// close it reconnects with full-jitter backoff (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
import { backoffDelayMs, type BackoffOptions } from '../../util/backoff.ts';
import { recordUpdate, type TransportStats } from './transport-stats.ts';
import { utf8Bytes, wsFrameHeaderBytes } from './wire-bytes.ts';

/** What the lab wants from the gateway's messages besides index entries. */
export interface WsListener {
  /** Every message other than `index`, e.g. `hello` (which names the gateway node) or `lab.handshake`. */
  onMessage(message: { type: string } & Record<string, unknown>): void;
  onClose?(code: number): void;
}

const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 5000 };

/** Starts the socket; returns a stop function. */
export function startWs(stats: TransportStats, labId: string, url: string, listener: WsListener): () => void {
  let socket: WebSocket | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;

  function connect(): void {
    stats.requests += 1;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      stats.state = 'open';
      ws.send(JSON.stringify({ op: 'subscribe', id: 'lab-index', channel: 'index', lab: labId }));
    };
    ws.onmessage = (event: MessageEvent<string>) => onFrame(event.data);
    ws.onclose = (event) => {
      listener.onClose?.(event.code);
      if (isStopped) return;
      stats.state = 'reconnecting';
      stats.reconnects += 1;
      attempt += 1;
      timer = setTimeout(connect, backoffDelayMs(attempt, RECONNECT_BACKOFF));
    };
  }

  function onFrame(text: string): void {
    const payload = utf8Bytes(text);
    stats.bytes += payload + wsFrameHeaderBytes(payload);
    const parsed = JSON.parse(text) as unknown;
    const now = Date.now();
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      const message = item as { type: string; id?: unknown; ts?: unknown } & Record<string, unknown>;
      if (message.type === 'index' && typeof message.id === 'string' && typeof message.ts === 'number') recordUpdate(stats, message.id, message.ts, now);
      else listener.onMessage(message);
    }
  }

  connect();
  return () => {
    isStopped = true;
    stats.state = 'closed';
    clearTimeout(timer);
    socket?.close(1000, 'lab closed');
  };
}
