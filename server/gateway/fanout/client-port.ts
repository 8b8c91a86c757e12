// One client connection as the outbox sees it, whatever carries it: a `ws` socket (the JSON and
// STOMP codecs) or an Engine.IO socket (Socket.IO). The outbox writes through it and reads its backlog.

/** One message on the connection: bytes for a WebSocket, a packet string for Engine.IO. */
export type Payload = Buffer | string;

/** What the outbox needs of a connection. */
export interface ClientPort {
  /** Whether writes are accepted now. */
  readonly isOpen: boolean;
  /** Bytes written to the port and not yet taken by the kernel (or by the next poll). */
  readonly bufferedAmount: number;
  /**
   * Writes one message; `wire`, when given, is its complete pre-built WebSocket frame. `done` once
   * written. Returns the bytes it puts on the wire (a compressed frame's, where the port compresses).
   */
  send(payload: Payload, wire: Buffer | undefined, done: () => void): number;
}
