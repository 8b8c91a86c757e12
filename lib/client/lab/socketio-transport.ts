// The index over Socket.IO 4 (docs/codecs.md): socket.io-client with its default transports, Engine.IO
// long polling first, then the upgrade to a WebSocket. The transports are socket.io-client's own XHR
// and WebSocket classes with a tap on what goes in and out (the client exposes no raw-bytes event), so
// the card counts the requests and bytes the browser makes and the page can show the first packets.
// After a disconnect the server decided (the lab's drop: `tw.closed` 1012), socket.io-client does not
// reconnect by itself: this does, with full-jitter backoff. The connection (startSocketIoLink) serves
// any channel: the Book tab subscribes a book with it.
import { io, WebSocket as EngineWebSocket, XHR, type Socket } from 'socket.io-client';
import { backoffDelayMs, type BackoffOptions } from '../../util/backoff.ts';
import type { IndexHops } from './book-hops.ts';
import { recordIndexPayload } from './index-payload.ts';
import { recordEnginePayload, recordEngineRequest, type EngineTransportName, type SocketIoRaw } from './socketio-raw.ts';
import { resumeAfterLast, type TransportStats, type WireCounters } from './transport-stats.ts';
import { httpOverheadBytes, utf8Bytes, withoutHops, wsFrameHeaderBytes } from './wire-bytes.ts';

/** Where every gateway node serves Socket.IO. */
export const SOCKET_IO_PATH = '/socket.io/';
const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 5000 };
/** The response headers Engine.IO's polling answers carry besides the hidden ones (estimated, not seen). */
const POLL_RESPONSE_HEADERS = { 'content-type': 'text/plain; charset=UTF-8' };

/** What the server answers a `subscribe` with. */
type SubscribeAck = { ok: true; event: string } | { ok: false; error: { code: string; message: string } };

/** What the tap reports: each HTTP request made, each payload sent or received. */
interface WireTap {
  request(transport: EngineTransportName, method: 'GET' | 'POST', path: string): void;
  sent(transport: EngineTransportName, data: unknown): void;
  received(transport: EngineTransportName, data: unknown): void;
}

// The request's path as Engine.IO builds it, without the cache-busting `t` it draws anew per request.
function pathOf(path: string | undefined, query: Record<string, string>): string {
  const shown = new URLSearchParams(Object.entries(query).filter(([name]) => name !== 't'));
  return `${path ?? SOCKET_IO_PATH}?${shown.toString()}`;
}

/** socket.io-client's default transports (polling, then WebSocket), each reporting to the tap. */
function tappedTransports(tap: WireTap): [typeof XHR, typeof EngineWebSocket] {
  class TappedPolling extends XHR {
    override doPoll(): void {
      tap.request('polling', 'GET', pathOf(this.opts.path, this.query));
      super.doPoll();
    }
    override doWrite(data: string, callback: () => void): void {
      tap.request('polling', 'POST', pathOf(this.opts.path, this.query));
      tap.sent('polling', data);
      super.doWrite(data, callback);
    }
    override onData(data: unknown): void {
      tap.received('polling', data);
      super.onData(data);
    }
  }
  class TappedWebSocket extends EngineWebSocket {
    override createSocket(...args: Parameters<EngineWebSocket['createSocket']>): ReturnType<EngineWebSocket['createSocket']> {
      tap.request('websocket', 'GET', pathOf(this.opts.path, this.query));
      return super.createSocket(...args);
    }
    override doWrite(...args: Parameters<EngineWebSocket['doWrite']>): void {
      tap.sent('websocket', args[1]);
      super.doWrite(...args);
    }
    protected override onData(data: Parameters<EngineWebSocket['onData']>[0]): void {
      tap.received('websocket', data);
      super.onData(data);
    }
  }
  return [TappedPolling, TappedWebSocket];
}

/** One Socket.IO subscription kept alive across reconnects, and what it reports. */
export interface SocketIoLinkOptions {
  /** http(s)://host of a gateway node. */
  origin: string;
  /** The `subscribe` payload (the JSON request without `op`/`id`); a function builds it at each subscribe (e.g. to resume). */
  request: Record<string, unknown> | (() => Record<string, unknown>);
  /** The event the subscription's data arrives under (`index`, `book.BTC-USD.10`, …). */
  event: string;
  /** Where the first packets are kept for the page, when it shows them. */
  raw?: SocketIoRaw;
  /** Each payload of `event`: one message or an array of them. */
  onPayload(payload: unknown): void;
  /** Each poll answer or WebSocket message received. */
  onWireMessage?(): void;
  /** The connection was lost (not by stop()); it connects and subscribes again. */
  onDisconnect?(): void;
  /** Count each payload's bytes without its hop times (see withoutHops). */
  countWithoutHops?: boolean;
}

/** A running Socket.IO client: stop it, or subscribe again (the gateway then sends a fresh snapshot). */
export interface SocketIoLink {
  stop(): void;
  resubscribe(): void;
}

/** Starts a Socket.IO client that emits `subscribe` on every connect, counting into `counters`. */
export function startSocketIoLink(counters: WireCounters, options: SocketIoLinkOptions): SocketIoLink {
  const { raw } = options;
  let isStopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tap: WireTap = {
    request(transport, method, path) {
      counters.requests += 1;
      if (raw) recordEngineRequest(raw, transport, method, path);
    },
    sent(transport, data) {
      if (raw && typeof data === 'string') recordEnginePayload(raw, 'sent', transport, data);
    },
    received(transport, data) {
      if (typeof data !== 'string') return;
      const bytes = utf8Bytes(options.countWithoutHops ? withoutHops(data) : data);
      // A WebSocket message is one packet plus its frame header; a poll answer is a whole HTTP response.
      counters.bytes += bytes + (transport === 'websocket' ? wsFrameHeaderBytes(bytes) : httpOverheadBytes(SOCKET_IO_PATH, new Headers({ ...POLL_RESPONSE_HEADERS, 'content-length': String(bytes) })));
      options.onWireMessage?.();
      if (raw) recordEnginePayload(raw, 'received', transport, data);
    },
  };

  const socket: Socket = io(options.origin, { path: SOCKET_IO_PATH, transports: tappedTransports(tap) });

  function reconnectLater(): void {
    attempt += 1;
    clearTimeout(timer);
    timer = setTimeout(() => socket.connect(), backoffDelayMs(attempt, RECONNECT_BACKOFF));
  }

  function subscribe(): void {
    socket.emit('subscribe', typeof options.request === 'function' ? options.request() : options.request, (ack: SubscribeAck) => {
      if (!ack.ok) counters.state = 'closed';
    });
  }

  socket.on('connect', () => {
    attempt = 0;
    counters.state = 'open';
    subscribe();
  });
  socket.on(options.event, (payload: unknown) => options.onPayload(payload));
  socket.on('disconnect', (reason) => {
    if (isStopped) return;
    counters.state = 'reconnecting';
    counters.reconnects += 1;
    options.onDisconnect?.();
    // The server ended it (after `tw.closed`): final for socket.io-client, which leaves the retry to us.
    // Any other reason (a transport closed or timed out) its Manager retries by itself.
    if (reason === 'io server disconnect') reconnectLater();
  });
  socket.on('connect_error', () => {
    if (isStopped) return;
    counters.state = 'reconnecting';
    // Refused by the server (not just unreachable): the Manager gives up, so retry from here.
    if (!socket.active) reconnectLater();
  });

  return {
    stop() {
      isStopped = true;
      counters.state = 'closed';
      clearTimeout(timer);
      socket.disconnect();
    },
    resubscribe() {
      if (socket.connected) subscribe();
    },
  };
}

/**
 * Starts the index's Socket.IO client against `origin` (http(s)://host), resuming after the last id
 * received on every reconnect and timing its live ticks into `hops`; returns a stop function.
 */
export function startSocketIo(stats: TransportStats, raw: SocketIoRaw, labId: string, origin: string, hops: IndexHops): () => void {
  const recorder = hops.recorders.socketio;
  return startSocketIoLink(stats, {
    origin,
    request: () => ({ channel: 'index', lab: labId, timing: true, ...resumeAfterLast(stats) }),
    event: 'index',
    raw,
    countWithoutHops: true,
    onWireMessage: () => recorder.onWireMessage(),
    onPayload: (payload) => recordIndexPayload(stats, payload, Date.now(), undefined, (tick) => recorder.onMessage(tick)),
  }).stop;
}
