// The index over the gateway's WebSocket: one handshake, then frames pushed by the server; after a
// close it reconnects with full-jitter backoff (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/)
// and resumes after the last index id it got (`resumeAfter`), so it misses nothing the gateway still keeps.
// It asks for hop times (`timing`) and pings for the gateway's clock, which the three socket codecs share.
// The connection (startWsLink) serves any JSON subscription: the Book tab subscribes a book with it.
import { backoffDelayMs, type BackoffOptions } from '../../util/backoff.ts';
import { startClockPings, type IndexHops } from './book-hops.ts';
import { recordIndexPayload, type GatewayMessage } from './index-payload.ts';
import { resumeAfterLast, type TransportStats, type WireCounters } from './transport-stats.ts';
import { utf8Bytes, withoutHops, wsFrameHeaderBytes } from './wire-bytes.ts';

/** What the lab wants from the gateway's messages besides index entries. */
export interface WsListener {
  /** Every message other than `index`, e.g. `hello` (which names the gateway node) or `lab.handshake`. */
  onMessage(message: { type: string } & Record<string, unknown>): void;
  onClose?(code: number): void;
}

const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 5000 };

/** One JSON subscription on /ws kept alive across reconnects, and what it reports. */
export interface WsLinkOptions {
  url: string;
  /** The `subscribe` request, sent on every open; a function builds it at send time (e.g. to resume after the last id). */
  request: Record<string, unknown> | (() => Record<string, unknown>);
  /** Each message decoded: one message, or an array of them (coalesced). */
  onPayload(payload: unknown): void;
  /** Each WebSocket message received. */
  onWireMessage?(): void;
  /** Every close, by stop() too (the code tells). */
  onClose?(code: number): void;
  /** Count each message's bytes without its hop times (see withoutHops). */
  countWithoutHops?: boolean;
}

/** A running socket: stop it, or send the subscribe again (the gateway then sends a fresh snapshot). */
export interface WsLink {
  stop(): void;
  resubscribe(): void;
  /** Sends another request (e.g. a ping) if the socket is open; false when it is not. */
  send(request: Record<string, unknown>): boolean;
}

/** Opens the socket and subscribes on every open, counting into `counters`. */
export function startWsLink(counters: WireCounters, options: WsLinkOptions): WsLink {
  let socket: WebSocket | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;
  const subscribe = (ws: WebSocket): void => ws.send(JSON.stringify({ op: 'subscribe', ...(typeof options.request === 'function' ? options.request() : options.request) }));

  function connect(): void {
    counters.requests += 1;
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      counters.state = 'open';
      subscribe(ws);
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      const payload = utf8Bytes(options.countWithoutHops ? withoutHops(event.data) : event.data);
      counters.bytes += payload + wsFrameHeaderBytes(payload);
      options.onWireMessage?.();
      options.onPayload(JSON.parse(event.data) as unknown);
    };
    ws.onclose = (event) => {
      options.onClose?.(event.code);
      if (isStopped) return;
      counters.state = 'reconnecting';
      counters.reconnects += 1;
      attempt += 1;
      timer = setTimeout(connect, backoffDelayMs(attempt, RECONNECT_BACKOFF));
    };
  }

  connect();
  return {
    stop() {
      isStopped = true;
      counters.state = 'closed';
      clearTimeout(timer);
      socket?.close(1000, 'lab closed');
    },
    resubscribe() {
      if (socket?.readyState === WebSocket.OPEN) subscribe(socket);
    },
    send(request) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(request));
      return true;
    },
  };
}

/**
 * Starts the index's socket, which resumes after the last id it received on every reconnect, as SSE
 * does, timing its live ticks into `hops` and keeping the shared clock offset; returns a stop function.
 */
export function startWs(stats: TransportStats, labId: string, url: string, listener: WsListener, hops: IndexHops): () => void {
  const recorder = hops.recorders.ws;
  const link = startWsLink(stats, {
    url,
    request: () => ({ id: 'lab-index', channel: 'index', lab: labId, timing: true, ...resumeAfterLast(stats) }),
    countWithoutHops: true,
    onWireMessage: () => recorder.onWireMessage(),
    onPayload(parsed) {
      const onOther = (message: GatewayMessage): void => {
        pings.handle(message);
        listener.onMessage(message);
      };
      recordIndexPayload(stats, parsed, Date.now(), onOther, (tick) => recorder.onMessage(tick));
    },
    onClose: (code) => listener.onClose?.(code),
  });
  // Messages arrive only after this returns, so the handler above never meets it undefined.
  const pings = startClockPings(link.send, hops.clock);
  return () => {
    pings.stop();
    link.stop();
  };
}
