// Every broker channel, stream, queue and key name is built here and nowhere else.
// Names are relative: the broker adds the deployment's prefix (REDIS_PREFIX).

/** Live order-book deltas of one instrument (pub/sub). */
export const bookChannel = (symbol: string): string => `md:book:${symbol}`;
/** The latest full book of one instrument with its sequence (a key, refreshed by the feed). */
export const bookSnapshotKey = (symbol: string): string => `md:book-snapshot:${symbol}`;
/** Asks the feed to refresh a snapshot key now (pub/sub). */
export const SNAPSHOT_REQUEST_CHANNEL = 'md:snapshot-request';
/** Public trades of one instrument (pub/sub). */
export const tradesChannel = (symbol: string): string => `md:trades:${symbol}`;
/** Recent public trades of one instrument, as a bounded resumable stream whose entry ids are the trade ids (append + live tail). */
export const tradesStream = (symbol: string): string => `md:trades-log:${symbol}`;
/** Live candles of one instrument and timeframe (pub/sub). */
export const candlesChannel = (symbol: string, timeframe: string): string => `md:candles:${symbol}:${timeframe}`;
/** The composite index and per-instrument quotes, as a resumable stream (Redis Stream + live tail). */
export const INDEX_STREAM = 'md:index';
/** Mock orders waiting for the engine (a consumer-group queue). */
export const ORDER_QUEUE = 'orders';
/** Order, fill, position and balance events of one user (pub/sub). */
export const userChannel = (userId: string): string => `user:${userId}`;
/** Transport lab: a page id whose SSE, long-poll and WebSocket connections every node ends now (pub/sub). */
export const LAB_DROP_CHANNEL = 'lab:drop';
/** A session that ended (signed out): the SHA-256 of its token, never the token; every gateway closes its sockets (pub/sub). */
export const SESSION_ENDED_CHANNEL = 'session:ended';
/** Each gateway node's users with a socket, as a heartbeat (pub/sub; see presence.ts). */
export const PRESENCE_CHANNEL = 'presence:nodes';
/** The engine's armed dead-man's switches, one field per user (user id to seconds), so a restarted engine keeps them (a hash). */
export const DEADMAN_SWITCHES = 'engine:deadman-switches';
/** Where older engines kept every switch as one JSON value (a key); read once into DEADMAN_SWITCHES, then deleted. */
export const DEADMAN_KEY = 'engine:deadman';
