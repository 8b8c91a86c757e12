// The transport lab's part in the gateway, registered as an extension where the process is wired:
// remembers each socket's real handshake (so the lab can show it: a page cannot read its own
// WebSocket handshake) and closes a lab's sockets with 1012 when the lab drops its connections.
import type { IncomingMessage } from 'node:http';
import type { Broker } from '../../lib/broker/broker.ts';
import { LabDropWatch } from './drop-watch.ts';
import { CLOSE_CODES } from '../../lib/protocol/codes.ts';
import type { LabHandshakeMessage, SubscribeRequest } from '../../lib/protocol/messages.ts';
import type { GatewayExtension, GatewaySocket } from '../gateway/gateway-extension.ts';

// Credentials are the one thing a handshake report must never echo back.
const REDACTED = new Set(['cookie', 'authorization']);

/** What a socket's handshake report is built from: the request's line and raw headers, and the response head. */
interface KeptHandshake {
  requestLine: string;
  rawHeaders: readonly string[];
  response: string[];
}

/** Handshakes by socket, and the drop watch of lab sockets on this node. */
export class LabSockets implements GatewayExtension {
  private readonly responses = new WeakMap<IncomingMessage, string[]>();
  // Not the request itself: every socket on the node keeps this for its life, and the request would
  // keep its parsed headers, stream state and listeners with it.
  private readonly handshakes = new WeakMap<GatewaySocket, KeptHandshake>();
  private readonly drops: LabDropWatch;

  constructor(broker: Broker) {
    this.drops = new LabDropWatch(broker);
  }

  /** Keeps the response head `ws` is about to write, status line first. */
  onHandshakeHeaders(headers: readonly string[], req: IncomingMessage): void {
    this.responses.set(req, [...headers]);
  }

  /** Keeps the handshake until the socket goes (the report is only built for lab sockets). */
  onSocket(socket: GatewaySocket, req: IncomingMessage): void {
    const requestLine = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`;
    this.handshakes.set(socket, { requestLine, rawHeaders: req.rawHeaders, response: this.responses.get(req) ?? [] });
  }

  /** An index subscription with a lab id makes a lab socket. */
  onSubscribed(socket: GatewaySocket, request: SubscribeRequest): void {
    if (request.channel === 'index' && request.lab !== undefined) this.watch(socket, request.lab);
  }

  /** The socket's handshake, as received and answered. */
  handshakeOf(socket: GatewaySocket): LabHandshakeMessage | undefined {
    const kept = this.handshakes.get(socket);
    if (!kept) return undefined;
    const { rawHeaders } = kept;
    const request: [string, string][] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i] ?? '';
      request.push([name, REDACTED.has(name.toLowerCase()) ? '(redacted)' : (rawHeaders[i + 1] ?? '')]);
    }
    return { type: 'lab.handshake', requestLine: kept.requestLine, request, response: kept.response };
  }

  /** Releases the broker subscription. */
  close(): Promise<void> {
    return this.drops.close();
  }

  // A lab socket: send it its handshake, and close it with 1012 when its lab is dropped.
  private watch(socket: GatewaySocket, labId: string): void {
    const handshake = this.handshakeOf(socket);
    if (handshake) socket.reply(handshake);
    void this.drops.watch(labId, () => socket.closeWith(CLOSE_CODES.SERVICE_RESTART, 'dropped by the lab')).then((release) => socket.onClosed(release));
  }
}
