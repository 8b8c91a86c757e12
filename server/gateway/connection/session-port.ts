// One client connection as its session sees it: the outbox's port, plus closing it.
import type { ClientPort } from '../fanout/client-port.ts';

/** What the session needs of a connection besides writing to it. */
export interface SessionPort extends ClientPort {
  /** Whether it is closing or closed. */
  readonly isEnding: boolean;
  /** Ends it with a protocol close code (a close frame, or Socket.IO's `tw.closed` then a disconnect). */
  close(code: number, reason: string): void;
  /** Drops it without a goodbye. */
  terminate(): void;
  /** Calls `listener` once, when it has closed. */
  onceClosed(listener: () => void): void;
}
