// The socket a request handler answers, as the handler sees it: replies, its user, its subscriptions.
import type { ErrorCode } from '../../../lib/protocol/codes.ts';
import type { OrderRequest } from '../../../lib/protocol/orders.ts';
import type { GatewaySocket } from '../gateway-extension.ts';
import type { SessionSubscriptions } from './session-subscriptions.ts';

/** What a handler may do with the client whose request it runs. */
export interface RequestClient extends GatewaySocket {
  /** The authenticated user, or undefined for a market-data-only socket. */
  readonly userId: string | undefined;
  /** The client's address (behind trusted proxies, the one they name): order ops spend a budget per address. */
  readonly ip: string;
  readonly subscriptions: SessionSubscriptions;
  /**
   * Counts a refused request (an order op over its budget) like a frame over the message rate: a client
   * that keeps sending after being told to wait is closed with FLOODING. True when it was closed.
   */
  recordRefusal(): boolean;
  /** An order op was queued for the engine: codecs with receipts or acks answer it now. */
  queued?(request: OrderRequest): void;
  /** Replies with an error, counted as bad input. */
  replyError(code: ErrorCode, message: string, id?: string | number): void;
}
