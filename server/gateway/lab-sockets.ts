// The transport lab's hooks in the gateway: remembers each socket's real handshake (so the lab can show
// it: a page cannot read its own WebSocket handshake) and closes a lab's sockets with 1012 on a drop.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Broker } from '../../lib/broker/broker.ts';
import { LabDropWatch } from '../../lib/lab/drop-watch.ts';
import { CLOSE_CODES } from '../../lib/protocol/codes.ts';
import type { LabHandshakeMessage } from '../../lib/protocol/messages.ts';
import type { ClientSession } from './connection/client-session.ts';

// Credentials are the one thing a handshake report must never echo back.
const REDACTED = new Set(['cookie', 'authorization']);

/** Handshakes by socket, and the drop watch of lab sockets on this node. */
export class LabSockets {
  private readonly responses = new WeakMap<IncomingMessage, string[]>();
  private readonly requests = new WeakMap<WebSocket, IncomingMessage>();
  private readonly drops: LabDropWatch;

  constructor(broker: Broker) {
    this.drops = new LabDropWatch(broker);
  }

  /** For `wss.on('headers')`: the response head `ws` is about to write, status line first. */
  onResponseHeaders(headers: string[], req: IncomingMessage): void {
    this.responses.set(req, [...headers]);
  }

  /** Once upgraded: keeps the request until the socket goes (the report is only built for lab sockets). */
  remember(ws: WebSocket, req: IncomingMessage): void {
    this.requests.set(ws, req);
  }

  /** The socket's handshake, as received and answered. */
  handshakeOf(ws: WebSocket): LabHandshakeMessage | undefined {
    const req = this.requests.get(ws);
    if (!req) return undefined;
    const request: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? '';
      request.push([name, REDACTED.has(name.toLowerCase()) ? '(redacted)' : (req.rawHeaders[i + 1] ?? '')]);
    }
    const response = this.responses.get(req) ?? [];
    return { type: 'lab.handshake', requestLine: `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`, request, response };
  }

  /** A lab socket: send it its handshake, and close it with 1012 when its lab is dropped. */
  watch(session: ClientSession, labId: string): void {
    const handshake = this.handshakeOf(session.ws);
    if (handshake) session.reply(handshake);
    void this.drops.watch(labId, () => session.closeWith(CLOSE_CODES.SERVICE_RESTART, 'dropped by the lab')).then((release) => {
      if (session.ws.readyState >= session.ws.CLOSING) release();
      else session.ws.once('close', release);
    });
  }

  /** Releases the broker subscription. */
  close(): Promise<void> {
    return this.drops.close();
  }
}
