// The gateway's extension point: a feature that is not the gateway's own job (the transport lab)
// registers hooks with `gateway.use()` from where the process is wired, and the gateway calls them.
import type { IncomingMessage } from 'node:http';
import type { MarketMessage, SubscribeRequest } from '../../lib/protocol/messages.ts';

/** What an extension may do with one open socket. */
export interface GatewaySocket {
  /** Sends one message to this client. */
  reply(message: MarketMessage): void;
  /** Closes with a protocol close code. */
  closeWith(code: number, reason: string): void;
  /** Calls `listener` once the socket has closed, at once if it already has. */
  onClosed(listener: () => void): void;
}

/** Hooks into the gateway's handshake and requests; every hook is optional. */
export interface GatewayExtension {
  /** The response head `ws` is about to write for an accepted upgrade, status line first. */
  onHandshakeHeaders?(headers: readonly string[], req: IncomingMessage): void;
  /** A socket was accepted for this upgrade request. */
  onSocket?(socket: GatewaySocket, req: IncomingMessage): void;
  /** A subscription was accepted and its `subscribed` reply sent. */
  onSubscribed?(socket: GatewaySocket, request: SubscribeRequest): void;
  /** The gateway is closing: release what the extension holds. */
  close?(): Promise<void>;
}
