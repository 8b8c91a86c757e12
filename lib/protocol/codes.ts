// Stable error and close codes of the WebSocket protocol; docs/protocol.md documents each.

/** Codes carried by `{"type":"error","code":...}` replies; the connection stays open. */
export const ERROR_CODES = {
  /** The text frame is not JSON. */
  BAD_JSON: 'BAD_JSON',
  /** JSON, but not a valid request: the message names the first bad field (the schema's issue). */
  BAD_MESSAGE: 'BAD_MESSAGE',
  /** `op` is not one the gateway knows. */
  UNKNOWN_OP: 'UNKNOWN_OP',
  /** The symbol is not listed. */
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  /** A binary frame; the protocol is JSON text only. */
  BINARY_NOT_SUPPORTED: 'BINARY_NOT_SUPPORTED',
  /** Over the per-socket message rate; the frame was dropped unread. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The socket already holds the maximum number of subscriptions. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** Unsubscribe from something the socket is not subscribed to. */
  NOT_SUBSCRIBED: 'NOT_SUBSCRIBED',
  /** The op needs a signed-in user. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The gateway failed to handle a valid request; retry later. */
  UNAVAILABLE: 'UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** WebSocket close codes the gateway uses (RFC 6455 §7.4; 4000-4999 are ours). */
export const CLOSE_CODES = {
  /** The node is shutting down; reconnect (to another node). */
  GOING_AWAY: 1001,
  /** A frame the WebSocket layer refused (bad framing, unmasked client frame); sent by ws itself. */
  PROTOCOL_ERROR: 1002,
  /** A text frame that is not valid UTF-8; sent by ws itself. */
  INVALID_PAYLOAD: 1007,
  /** A frame larger than the gateway accepts (16 KiB by default); sent by ws itself. */
  MESSAGE_TOO_BIG: 1009,
  /** The node is restarting; reconnect. */
  SERVICE_RESTART: 1012,
  /** The client could not keep up: its send buffer passed the hard limit, or stayed full too long. */
  SLOW_CONSUMER: 4000,
  /** The socket's session ended: signed out (on any node) or past its absolute expiry. Get a session, then reconnect. */
  SESSION_ENDED: 4001,
  /** The client kept sending after being rate limited. */
  FLOODING: 4008,
} as const;

/** HTTP statuses a refused WebSocket handshake gets (the socket never opens, so no close code applies). */
export const HANDSHAKE_STATUS = {
  /** `Authorization: Bearer` names no session (a stale cookie is not refused: that socket is anonymous). */
  UNAUTHORIZED: 401,
  /** The `Origin` header is not allowed to open a socket here. */
  FORBIDDEN_ORIGIN: 403,
  /** This client address already holds the maximum number of sockets. */
  TOO_MANY_CONNECTIONS: 429,
  /** This client address opened sockets faster than the node's handshake rate; `Retry-After` says when to try again. */
  TOO_MANY_HANDSHAKES: 429,
  /** The gateway is shutting down. */
  SHUTTING_DOWN: 503,
  /** The node already holds its maximum number of sockets (MAX_SOCKETS); `Retry-After` says when to try again. */
  NODE_FULL: 503,
  /** The session could not be looked up (database unreachable); retry. */
  AUTH_UNAVAILABLE: 503,
} as const;
export type HandshakeStatus = (typeof HANDSHAKE_STATUS)[keyof typeof HANDSHAKE_STATUS];

/** The `Retry-After` (seconds) of a node at its socket or stream ceiling: long enough for a reconnecting crowd to spread out. */
export const NODE_FULL_RETRY_AFTER_SECONDS = 5;
