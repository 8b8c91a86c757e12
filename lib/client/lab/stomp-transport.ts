// The index as STOMP 1.2 over the gateway's /ws (docs/codecs.md): @stomp/stompjs's Client offers the
// `v1x.stomp` subprotocols, CONNECTs, SUBSCRIBEs /topic/index and reconnects after a close. Its socket
// is the browser's own WebSocket opened exactly as stompjs opens it, with a tap on what goes in and
// out, so the card counts the real message bytes and the page can show the first frames verbatim.
// The connection (startStompLink) serves any destination: the Book tab subscribes /topic/book.… with it.
import { Client, ReconnectionTimeMode, type IMessage, type StompSubscription } from '@stomp/stompjs';
import type { IndexHops } from './book-hops.ts';
import { recordIndexPayload } from './index-payload.ts';
import { recordStompReceived, recordStompSent, type StompRaw } from './stomp-raw.ts';
import { resumeAfterLast, type TransportStats, type WireCounters } from './transport-stats.ts';
import { utf8Bytes, withoutHops, wsFrameHeaderBytes } from './wire-bytes.ts';

/** The index's destination, and the header that lets the lab's drop button find this subscription. */
export const STOMP_INDEX_DESTINATION = '/topic/index';
/** stompjs's reconnect delay: doubled after each failed attempt, up to the max. */
const RECONNECT_DELAY_MS = 250;
const MAX_RECONNECT_DELAY_MS = 5000;

const decoder = new TextDecoder();

/** One STOMP subscription kept alive across reconnects, and what it reports. */
export interface StompLinkOptions {
  url: string;
  destination: string;
  /** Extra SUBSCRIBE headers (e.g. the index's `lab`); a function builds them at each SUBSCRIBE (e.g. `resume-after`). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Where the first frames are kept for the page, when it shows them. */
  raw?: StompRaw;
  /** Each MESSAGE body on the subscription. */
  onBody(body: string): void;
  /** Each WebSocket message received (one or several STOMP frames, or a heart-beat). */
  onWireMessage?(): void;
  /** The socket closed (not by stop()): stompjs reconnects and subscribes again by itself. */
  onClose?(): void;
  /** Count each message's bytes without its hop times (see withoutHops). */
  countWithoutHops?: boolean;
}

/** A running STOMP client: stop it, or replace its subscription (the gateway then sends a fresh snapshot). */
export interface StompLink {
  stop(): void;
  resubscribe(): void;
}

/** Starts a STOMP client that subscribes `destination` on every connect, counting into `counters`. */
export function startStompLink(counters: WireCounters, options: StompLinkOptions): StompLink {
  const { url, destination, headers = {}, raw } = options;
  let isStopped = false;
  let subscription: StompSubscription | undefined;
  const subscribe = (): void => {
    subscription = client.subscribe(destination, (message: IMessage) => options.onBody(message.body), typeof headers === 'function' ? headers() : headers);
  };
  const client = new Client({
    brokerURL: url,
    reconnectDelay: RECONNECT_DELAY_MS,
    reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
    maxReconnectDelay: MAX_RECONNECT_DELAY_MS,
    // What stompjs does with brokerURL (`new WebSocket(brokerURL, stompVersions.protocolVersions())`),
    // plus the tap.
    webSocketFactory: () => tapSocket(new WebSocket(url, client.stompVersions.protocolVersions())),
    onConnect: () => {
      counters.state = 'open';
      subscribe();
    },
    onWebSocketClose: () => {
      if (isStopped) return;
      // stompjs schedules the reconnect itself (reconnectDelay); the card counts it, as the ws card does.
      counters.state = 'reconnecting';
      counters.reconnects += 1;
      options.onClose?.();
    },
  });

  function tapSocket(socket: WebSocket): WebSocket {
    counters.requests += 1;
    socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
      const { data } = event;
      const bytes = typeof data === 'string' ? utf8Bytes(options.countWithoutHops ? withoutHops(data) : data) : data.byteLength;
      counters.bytes += bytes + wsFrameHeaderBytes(bytes);
      options.onWireMessage?.();
      if (raw && (raw.connected === undefined || raw.message === undefined)) recordStompReceived(raw, typeof data === 'string' ? data : decoder.decode(data));
    });
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (raw && typeof data === 'string') recordStompSent(raw, data);
      send(data);
    };
    return socket;
  }

  client.activate();
  return {
    stop() {
      isStopped = true;
      counters.state = 'closed';
      void client.deactivate();
    },
    resubscribe() {
      if (!client.connected) return;
      // UNSUBSCRIBE then SUBSCRIBE: the new id's first MESSAGE is a snapshot.
      subscription?.unsubscribe();
      subscribe();
    },
  };
}

/**
 * Starts the index's STOMP client, which resubscribes with `resume-after` (the last id received) after a
 * reconnect and times its live ticks into `hops`; returns a stop function.
 */
export function startStomp(stats: TransportStats, raw: StompRaw, labId: string, url: string, hops: IndexHops): () => void {
  const recorder = hops.recorders.stomp;
  return startStompLink(stats, {
    url,
    destination: STOMP_INDEX_DESTINATION,
    headers: (): Record<string, string> => {
      const { resumeAfter } = resumeAfterLast(stats);
      return { lab: labId, timing: 'true', ...(resumeAfter === undefined ? {} : { 'resume-after': resumeAfter }) };
    },
    raw,
    countWithoutHops: true,
    onWireMessage: () => recorder.onWireMessage(),
    onBody: (body) => recordIndexPayload(stats, JSON.parse(body) as unknown, Date.now(), undefined, (tick) => recorder.onMessage(tick)),
  }).stop;
}
