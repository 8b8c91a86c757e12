// The servers the fan-out benchmark compares, and how a client talks to each of them.

/**
 * `gateway`: Tickwire's gateway, JSON protocol; `gateway-stomp`: the same gateway process, clients
 * speaking STOMP 1.2 (subprotocol `v12.stomp`); `gateway-deflate`: the same gateway, JSON clients that
 * offer permessage-deflate as Chromium does; `socketio`: Socket.IO 4 with the Redis adapter; `bare`:
 * ws writing pre-framed buffers.
 */
export type ServerKind = 'gateway' | 'gateway-stomp' | 'gateway-deflate' | 'socketio' | 'bare';

export const SERVER_KINDS: readonly ServerKind[] = ['gateway', 'gateway-stomp', 'gateway-deflate', 'socketio', 'bare'];

/** Whose clients offer permessage-deflate (the others offer no extension). */
export const OFFERS_DEFLATE: Record<ServerKind, boolean> = { gateway: false, 'gateway-stomp': false, 'gateway-deflate': true, socketio: false, bare: false };

/** Upgrade path of each server. */
export const UPGRADE_PATH: Record<ServerKind, string> = {
  gateway: '/ws',
  'gateway-stomp': '/ws',
  'gateway-deflate': '/ws',
  socketio: '/socket.io/?EIO=4&transport=websocket',
  bare: '/',
};

/** Socket.IO room of a symbol's book, and the event names the relay and clients use. */
export const bookRoom = (symbol: string): string => `book:${symbol}`;
export const SIO_BOOK_EVENT = 'book';
