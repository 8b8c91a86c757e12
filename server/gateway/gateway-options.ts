// The gateway's tunable limits, with defaults sized for a browser dashboard on a modest node.

/** Every knob of the gateway; `createGateway` fills what is not given from DEFAULT_GATEWAY_OPTIONS. */
export interface GatewayOptions {
  /** The only upgrade path this gateway answers; other paths are left to the next handler. */
  path: string;
  /** Largest client frame; a bigger one closes the socket with 1009. */
  maxPayloadBytes: number;
  /** Open sockets allowed per client address (an IPv6 client by its /64); the next handshake gets HTTP 429. */
  maxConnectionsPerIp: number;
  /** Open sockets allowed on this node (MAX_SOCKETS); the next handshake gets HTTP 503 with Retry-After. */
  maxSockets: number;
  /** Handshakes per second and burst per client address (HANDSHAKE_RATE, HANDSHAKE_BURST); past them HTTP 429 with Retry-After. */
  handshakeRatePerSecond: number;
  handshakeBurst: number;
  /** Whether a handshake without `Origin` (a non-browser client) is accepted; browsers always send one. */
  allowMissingOrigin: boolean;
  /** Token bucket per socket: sustained frames per second and burst size. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Rate-limited frames within `floodWindowMs` after which the socket is closed with FLOODING. */
  floodLimit: number;
  floodWindowMs: number;
  /** Subscriptions (all channels) one socket may hold. */
  maxSubscriptions: number;
  /** WebSocket ping interval; a peer that has not answered the previous ping is terminated. */
  heartbeatIntervalMs: number;
  /** Queued bytes (ws bufferedAmount + held frames) past which a socket's books are conflated. */
  highWaterBytes: number;
  /** Queued bytes past which a socket is closed with SLOW_CONSUMER at once. */
  hardLimitBytes: number;
  /** How long a socket may stay past the high-water mark before it is closed with SLOW_CONSUMER. */
  maxSlowMs: number;
  /** After a SLOW_CONSUMER close frame is queued, how long to wait for the peer before dropping the TCP connection. */
  closeGraceMs: number;
  /** Encoded deltas kept per (symbol, depth) for `resumeSeq`. */
  replayFrames: number;
  /** Depths a book is served at; a request rounds up. The smallest must be ≥ 10 (the checksum's depth). */
  depthBuckets: readonly number[];
  /** Longest wait between attempts to read a usable snapshot from the broker. */
  snapshotRetryMaxMs: number;
  /** After asking the feed for a fresh snapshot: how long to wait for it (or for a delta) before reading the key. */
  snapshotSettleMs: number;
}

/** Defaults for production use. */
export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  path: '/ws',
  maxPayloadBytes: 16 * 1024,
  maxConnectionsPerIp: 50,
  maxSockets: 10_000,
  handshakeRatePerSecond: 20,
  handshakeBurst: 100,
  allowMissingOrigin: true,
  rateLimitPerSecond: 20,
  rateLimitBurst: 40,
  floodLimit: 200,
  floodWindowMs: 10_000,
  maxSubscriptions: 50,
  heartbeatIntervalMs: 15_000,
  highWaterBytes: 256 * 1024,
  hardLimitBytes: 4 * 1024 * 1024,
  maxSlowMs: 10_000,
  closeGraceMs: 5_000,
  replayFrames: 2_000,
  depthBuckets: [10, 25, 50, 100, 200],
  snapshotRetryMaxMs: 1_000,
  snapshotSettleMs: 100,
};

/** Merges overrides onto the defaults and rejects combinations that cannot work. */
export function resolveGatewayOptions(overrides: Partial<GatewayOptions> = {}): GatewayOptions {
  const options = { ...DEFAULT_GATEWAY_OPTIONS, ...overrides };
  const buckets = [...options.depthBuckets].sort((a, b) => a - b);
  if (buckets.length === 0 || (buckets[0] ?? 0) < 10) throw new RangeError('depthBuckets must be non-empty and each ≥ 10');
  if (options.hardLimitBytes <= options.highWaterBytes) throw new RangeError('hardLimitBytes must exceed highWaterBytes');
  return { ...options, depthBuckets: buckets };
}
