// A codec: how one connection's frames are read and written. The session (subscriptions, limits,
// order routing, the send queue) is the same for every codec; a codec only translates.
import type { ErrorCode } from '../../../lib/protocol/codes.ts';
import type { MarketMessage } from '../../../lib/protocol/messages.ts';
import type { OrderRequest } from '../../../lib/protocol/orders.ts';
import type { SharedFrame } from '../fanout/shared-frame.ts';
import type { ClientRequest } from '../routing/parse-client-frame.ts';
import type { SessionSubscriptions } from '../routing/session-subscriptions.ts';
import type { OutboundFormat } from '../fanout/outbound-format.ts';

/** What a codec may do with its session. */
export interface CodecHost {
  /** The authenticated user, or undefined for a market-data-only connection. */
  readonly userId: string | undefined;
  /** This gateway node's id. */
  readonly nodeId: string;
  readonly subscriptions: SessionSubscriptions;
  /** Spends one frame of the connection's message rate; false when refused (already answered, or the connection closed). */
  admitFrame(): boolean;
  /** Runs a validated request; its answers come back through the codec's `reply`. */
  run(request: ClientRequest): void;
  /** Queues a frame already in this codec's form (a reply for this connection alone). */
  sendRaw(frame: SharedFrame): void;
  /** Replies with an error (through `reply`), counted as bad input. */
  replyError(code: ErrorCode, message: string, id?: string | number): void;
  /** Counts bad input that the codec answers itself (a malformed STOMP frame). */
  countBadInput(reason: string): void;
  /** Ends the connection with a protocol close code; with `afterHeld`, what is queued goes out first. */
  closeWith(code: number, reason: string, afterHeld?: boolean): void;
}

/** One connection's codec. */
export interface SessionCodec {
  /** How its frames go out. */
  readonly format: OutboundFormat;
  /** The connection is open: greet, or wait for the client to. */
  start(): void;
  /** One WebSocket message from the client (codecs fed by other transports read their own). */
  receive?(data: Buffer, isBinary: boolean): void;
  /** A reply in the JSON protocol's terms (`hello`, `subscribed`, `pong`, `error`, `lab.handshake`): translated and sent, or dropped. */
  reply(message: MarketMessage): void;
  /** An order op of this connection was queued for the engine. */
  queued?(request: OrderRequest): void;
  /** The connection closed: stop timers. */
  stop?(): void;
}
