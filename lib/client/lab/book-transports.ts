// The lab's Book tab: one book received three ways at once (JSON on /ws, STOMP on /ws, Socket.IO on
// /socket.io/), each through the same connection code as the index cards, each rebuilding and verifying
// its own copy. After a gap or a checksum it cannot reproduce, a transport subscribes again for a snapshot.
// Each asks for hop times (`timing`), so the tab can show where a delta's milliseconds go (book-hops.ts).
import { startClockPings, type LabHops } from './book-hops.ts';
import { recordBookPayload, markBookDisconnected, type BookStats } from './book-stats.ts';
import { startSocketIoLink } from './socketio-transport.ts';
import { startStompLink } from './stomp-transport.ts';
import { startWsLink } from './ws-transport.ts';

/** The book the tab follows, and at which depth bucket (the smallest: the checksum covers 10 levels). */
export const LAB_BOOK_SYMBOL = 'BTC-USD';
export const LAB_BOOK_DEPTH = 10;

/** How each codec names the subscription (docs/codecs.md), each asking for hop times. */
export const BOOK_SUBSCRIPTIONS = {
  ws: { channel: 'book', symbol: LAB_BOOK_SYMBOL, depth: LAB_BOOK_DEPTH, timing: true },
  stomp: `/topic/book.${LAB_BOOK_SYMBOL}.${LAB_BOOK_DEPTH}`,
  socketio: `book.${LAB_BOOK_SYMBOL}.${LAB_BOOK_DEPTH}`,
} as const;
/** The STOMP SUBSCRIBE header that asks for hop times. */
export const STOMP_TIMING_HEADERS = { timing: 'true' } as const;

/** Where the gateway is, as the page reaches it. */
export interface BookGateway {
  wsUrl: string;
  socketIoOrigin: string;
}

/** Starts the three, timing their deltas into `hops`; returns one stop function that closes them all. */
export function startBookTransports(stats: { ws: BookStats; stomp: BookStats; socketio: BookStats }, gateway: BookGateway, hops: LabHops): () => void {
  const { recorders } = hops;
  const frameOf = (s: BookStats) => () => {
    recorders[s.name].onWireMessage();
    s.frames += 1;
  };
  const ws = startWsLink(stats.ws, {
    url: gateway.wsUrl,
    request: { id: 'lab-book', ...BOOK_SUBSCRIPTIONS.ws },
    onPayload: (payload) => {
      if (recordBookPayload(stats.ws, payload, Date.now()) === 'resync') ws.resubscribe();
      recorders.ws.onPayload(payload);
      for (const item of Array.isArray(payload) ? (payload as unknown[]) : [payload]) pings.handle(item);
    },
    onWireMessage: frameOf(stats.ws),
    onClose: () => markBookDisconnected(stats.ws),
  });
  const pings = startClockPings((request) => ws.send(request), hops.clock);
  const stomp = startStompLink(stats.stomp, {
    url: gateway.wsUrl,
    destination: BOOK_SUBSCRIPTIONS.stomp,
    headers: { ...STOMP_TIMING_HEADERS },
    onBody: (body) => {
      const payload = JSON.parse(body) as unknown;
      if (recordBookPayload(stats.stomp, payload, Date.now()) === 'resync') stomp.resubscribe();
      recorders.stomp.onPayload(payload);
    },
    onWireMessage: frameOf(stats.stomp),
    onClose: () => markBookDisconnected(stats.stomp),
  });
  const socketio = startSocketIoLink(stats.socketio, {
    origin: gateway.socketIoOrigin,
    request: { channel: 'book', symbol: LAB_BOOK_SYMBOL, depth: LAB_BOOK_DEPTH, timing: true },
    event: BOOK_SUBSCRIPTIONS.socketio,
    onPayload: (payload) => {
      if (recordBookPayload(stats.socketio, payload, Date.now()) === 'resync') socketio.resubscribe();
      recorders.socketio.onPayload(payload);
    },
    onWireMessage: frameOf(stats.socketio),
    onDisconnect: () => markBookDisconnected(stats.socketio),
  });
  return () => {
    pings.stop();
    ws.stop();
    stomp.stop();
    socketio.stop();
  };
}
