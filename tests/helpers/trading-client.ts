// A trading client for tests and the benchmark: opens a session over REST, then a socket that
// carries its token (cookie or Bearer) and records every message it receives, flattened.
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import type { OrderEvent } from '../../lib/protocol/order-events.ts';
import { waitFor } from './wait-for.ts';

/** Anything the gateway sends. */
export type ServerMessage = MarketMessage | OrderEvent;

/** What `POST /api/session` answered, with the cookie it set. */
export interface TestSession {
  token: string;
  userId: string;
  displayName: string;
  /** Epoch ms of the session's absolute end. */
  expiresAt: number;
  setCookie: string;
}

/** Opens a fresh demo account on a web node, asking for the token in the body (`bearer: true`) as a non-browser client does. */
export async function openSession(webBaseUrl: string, body?: object): Promise<TestSession> {
  // As the browser sends it: the site's own Origin and a JSON body (the CSRF guard refuses anything else).
  const response = await fetch(`${webBaseUrl}/api/session`, {
    method: 'POST',
    headers: { Origin: new URL(webBaseUrl).origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, bearer: true }),
  });
  if (response.status !== 201) throw new Error(`POST /api/session answered ${response.status}: ${await response.text()}`);
  const view = (await response.json()) as Omit<TestSession, 'setCookie'>;
  return { ...view, setCookie: response.headers.get('set-cookie') ?? '' };
}

/** A socket that records every message; `auth` sends the token as the browser cookie or a Bearer header. */
export class TradingClient {
  readonly messages: ServerMessage[] = [];
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = JSON.parse(data.toString()) as ServerMessage | ServerMessage[];
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) this.messages.push(message);
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      this.closeCode = code;
    });
  }

  /** Connects and waits for `hello`; rejects with the HTTP status of a refused handshake. */
  static async connect(url: string, auth?: { token: string; via: 'cookie' | 'bearer' }): Promise<TradingClient> {
    const headers: Record<string, string> = {};
    if (auth?.via === 'cookie') headers.Cookie = `tw_session=${auth.token}`;
    if (auth?.via === 'bearer') headers.Authorization = `Bearer ${auth.token}`;
    const ws = new WebSocket(url, { headers });
    const refused = new Promise<never>((_, reject) => {
      ws.once('unexpected-response', (_req, res: IncomingMessage) => reject(new Error(`handshake refused with ${res.statusCode}`)));
    });
    const client = new TradingClient(ws);
    await Promise.race([refused, waitFor('hello', () => client.messages.some((m) => m.type === 'hello'), 10_000)]);
    return client;
  }

  send(request: object): void {
    this.ws.send(JSON.stringify(request));
  }

  /** The messages of one type received so far. */
  ofType<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  /** Waits for a message matching `predicate` (already received or future). */
  async waitFor<T extends ServerMessage>(what: string, predicate: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(what: string, predicate: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(what: string, predicate: (m: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    return waitFor(what, () => this.messages.find(predicate), timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }
}
