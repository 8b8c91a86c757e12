// STOMP clients for gateway tests (docs/codecs.md): the real @stomp/stompjs client over `ws`, recording
// every CONNECTED, MESSAGE, RECEIPT and ERROR in arrival order and keeping each subscribed book exact
// from its snapshot and deltas by checksum; and a raw socket that speaks `v12.stomp` byte by byte, to
// send what no well-behaved client would.
import { Client, type IFrame, type IMessage, type StompHeaders, type StompSubscription } from '@stomp/stompjs';
import WebSocket from 'ws';
import { formatLevels, type WireLevel } from '../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import { headerOf, type StompFrame } from '../../lib/protocol/stomp/stomp-frame.ts';
import { StompParser } from '../../lib/protocol/stomp/stomp-parser.ts';
import type { ServerMessage } from './trading-client.ts';
import { waitFor } from './wait-for.ts';

export const STOMP_PROTOCOL = 'v12.stomp';

/** One MESSAGE as received: its headers and its body's JSON messages (an array body flattened, in order). */
export interface ReceivedMessage {
  headers: StompHeaders;
  destination: string;
  subscription: string;
  /** The body as received. */
  body: string;
  messages: ServerMessage[];
}

/** Everything the server sent, in arrival order. */
export type StompEvent =
  | { kind: 'connected'; frame: IFrame }
  | { kind: 'message'; message: ReceivedMessage }
  | { kind: 'receipt'; receiptId: string }
  | { kind: 'error'; frame: IFrame }
  | { kind: 'close'; code: number };

/** What the client made of one book destination. */
export interface StompBook {
  replica: BookReplica | undefined;
  snapshots: number;
  /** Every delta seq applied, in order. */
  seqs: number[];
}

export interface StompConnectOptions {
  /** A session token, sent as `Authorization: Bearer` (default) or the `tw_session` cookie. */
  token?: string;
  via?: 'bearer' | 'cookie';
  /** stompjs's reconnect delay; 0 (the default) never reconnects. */
  reconnectDelay?: number;
}

/** A stompjs client and what it received. */
export class StompTestClient {
  readonly events: StompEvent[] = [];
  readonly books = new Map<string, StompBook>();
  /** Gaps, checksum mismatches, unparsable bodies, socket errors; a correct gateway causes none. */
  readonly problems: string[] = [];
  /** Every WebSocket the client opened (one per connect, reconnects included). */
  readonly sockets: WebSocket[] = [];
  private readonly wanted = new Map<string, { destination: string; headers: StompHeaders }>();
  private readonly live = new Map<string, StompSubscription>();
  private connects = 0;

  readonly client: Client;

  private constructor(url: string, options: StompConnectOptions) {
    const headers: Record<string, string> = {};
    if (options.token !== undefined && options.via === 'cookie') headers.Cookie = `tw_session=${options.token}`;
    else if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    this.client = new Client({
      reconnectDelay: options.reconnectDelay ?? 0,
      webSocketFactory: () => {
        const ws = new WebSocket(url, [STOMP_PROTOCOL], { headers });
        ws.on('error', (error) => this.problems.push(`socket error: ${error.message}`));
        this.sockets.push(ws);
        return ws;
      },
    });
    this.wire();
  }

  /** Activates a client on a gateway URL (ws://host:port/ws) and waits for CONNECTED. */
  static async connect(url: string, options: StompConnectOptions = {}): Promise<StompTestClient> {
    const self = new StompTestClient(url, options);
    self.client.activate();
    await self.waitForConnects(1);
    return self;
  }

  /** How many CONNECTED frames arrived (1 + reconnects). */
  get connectCount(): number {
    return this.connects;
  }

  /** The latest WebSocket. */
  get socket(): WebSocket | undefined {
    return this.sockets.at(-1);
  }

  /** Subscribes (and re-subscribes after every reconnect) under `id`; the receipt, if any, is for this time only. */
  subscribe(destination: string, id: string, receipt?: string): void {
    const headers: StompHeaders = { id };
    this.wanted.set(id, { destination, headers });
    this.live.set(id, this.client.subscribe(destination, (message) => this.onMessage(message), receipt === undefined ? headers : { ...headers, receipt }));
  }

  /** Unsubscribes `id`, with a receipt if given. */
  unsubscribe(id: string, receipt?: string): void {
    this.wanted.delete(id);
    this.live.get(id)?.unsubscribe(receipt === undefined ? {} : { receipt });
    this.live.delete(id);
  }

  /** SENDs a body (an object is sent as JSON) to a destination. */
  send(destination: string, body: object | string, receipt?: string): void {
    const headers: StompHeaders = { 'content-type': 'application/json', ...(receipt === undefined ? {} : { receipt }) };
    this.client.publish({ destination, body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  }

  /** The MESSAGEs received so far, optionally only those of one subscription id. */
  messages(subscription?: string): ReceivedMessage[] {
    const all: ReceivedMessage[] = [];
    for (const event of this.events) if (event.kind === 'message' && (subscription === undefined || event.message.subscription === subscription)) all.push(event.message);
    return all;
  }

  /** The JSON messages carried by one subscription's MESSAGEs, flattened in order. */
  bodies(subscription: string): ServerMessage[] {
    return this.messages(subscription).flatMap((m) => m.messages);
  }

  /** The index in `events` of the RECEIPT with this id, or -1. */
  receiptIndex(receiptId: string): number {
    return this.events.findIndex((e) => e.kind === 'receipt' && e.receiptId === receiptId);
  }

  async waitForReceipt(receiptId: string, timeoutMs = 5000): Promise<number> {
    return waitFor(`RECEIPT ${receiptId}`, () => {
      const index = this.receiptIndex(receiptId);
      return index >= 0 ? index : undefined;
    }, timeoutMs);
  }

  /** Waits for a JSON message on one subscription matching `predicate`. */
  async waitForBody<T extends ServerMessage>(subscription: string, what: string, predicate: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitForBody(subscription: string, what: string, predicate: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitForBody(subscription: string, what: string, predicate: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    return waitFor(what, () => this.bodies(subscription).find(predicate), timeoutMs);
  }

  async waitForConnects(count: number, timeoutMs = 5000): Promise<void> {
    await waitFor(`${count} CONNECTED`, () => this.connects >= count || (this.firstError() && Promise.reject(new Error(`ERROR before CONNECTED: ${this.firstError()}`))), timeoutMs);
  }

  /** The first ERROR frame received. */
  error(): IFrame | undefined {
    for (const event of this.events) if (event.kind === 'error') return event.frame;
    return undefined;
  }

  /** The close codes of the client's sockets, in order. */
  closeCodes(): number[] {
    return this.events.flatMap((e) => (e.kind === 'close' ? [e.code] : []));
  }

  book(destination: string): StompBook {
    let book = this.books.get(destination);
    if (book === undefined) {
      book = { replica: undefined, snapshots: 0, seqs: [] };
      this.books.set(destination, book);
    }
    return book;
  }

  /** A book's levels (bids high→low, asks low→high), to compare with the feed's. */
  levels(destination: string): { bids: WireLevel[]; asks: WireLevel[] } | undefined {
    const replica = this.book(destination).replica;
    if (replica === undefined) return undefined;
    const { book, instrument } = replica;
    return { bids: formatLevels(book.top('bid', book.bids.depth), instrument), asks: formatLevels(book.top('ask', book.asks.depth), instrument) };
  }

  /** Stops for good: no reconnect, the socket ended without a DISCONNECT. */
  async close(): Promise<void> {
    await this.client.deactivate({ force: true });
  }

  private firstError(): string | undefined {
    const frame = this.error();
    return frame === undefined ? undefined : `${frame.headers.code ?? ''} ${frame.headers.message ?? ''}`;
  }

  private wire(): void {
    this.client.onConnect = (frame) => {
      this.connects += 1;
      this.events.push({ kind: 'connected', frame });
      // A new STOMP session has no subscriptions: ask again for everything wanted, under the same ids.
      if (this.connects > 1) {
        for (const [id, { destination, headers }] of this.wanted) this.live.set(id, this.client.subscribe(destination, (message) => this.onMessage(message), headers));
      }
    };
    this.client.onUnhandledReceipt = (frame) => this.events.push({ kind: 'receipt', receiptId: frame.headers['receipt-id'] ?? '' });
    this.client.onStompError = (frame) => this.events.push({ kind: 'error', frame });
    this.client.onWebSocketClose = (event: { code: number }) => this.events.push({ kind: 'close', code: event.code });
    this.client.onUnhandledMessage = (message) => this.onMessage(message);
  }

  private onMessage(message: IMessage): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.body);
    } catch {
      this.problems.push(`unparsable MESSAGE body: ${message.body.slice(0, 80)}`);
      return;
    }
    const destination = message.headers.destination ?? '';
    const received: ReceivedMessage = {
      headers: message.headers,
      destination,
      subscription: message.headers.subscription ?? '',
      body: message.body,
      messages: (Array.isArray(parsed) ? parsed : [parsed]) as ServerMessage[],
    };
    this.events.push({ kind: 'message', message: received });
    for (const body of received.messages) this.onBody(destination, body);
  }

  private onBody(destination: string, message: ServerMessage): void {
    if (message.type === 'book.snapshot') {
      const book = this.book(destination);
      const result = bookFromSnapshot(message);
      book.snapshots += 1;
      book.replica = result.status === 'ok' ? result.replica : undefined;
      if (result.status !== 'ok') this.problems.push(`snapshot ${destination}@${message.seq}: ${result.status}`);
    } else if (message.type === 'book.delta') {
      const book = this.book(destination);
      if (book.replica === undefined) return void this.problems.push(`delta ${destination}@${message.seq} before any snapshot`);
      const result = applyDelta(book.replica, message);
      if (result.status !== 'ok') return void this.problems.push(`delta ${destination}@${message.seq}: ${result.status}`);
      book.seqs.push(message.seq);
    }
  }
}

/** A WebSocket speaking `v12.stomp` with hand-written bytes; every frame the server sends is parsed and kept. */
export class RawStompSocket {
  readonly frames: StompFrame[] = [];
  readonly problems: string[] = [];
  closeEvent: { code: number; reason: string } | undefined;
  private readonly parser = new StompParser({ maxFrameBytes: 1 << 20, maxHeaders: 64 });

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      for (const event of this.parser.push(data)) {
        if (event.kind === 'frame') this.frames.push(event.frame);
        else if (event.kind === 'error') this.problems.push(`unparsable server frame: ${event.message}`);
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      this.closeEvent = { code, reason: reason.toString() };
    });
  }

  /** Opens the socket offering `v12.stomp` and waits for it to be open (nothing is sent). */
  static async open(url: string): Promise<RawStompSocket> {
    const socket = new RawStompSocket(new WebSocket(url, [STOMP_PROTOCOL]));
    await waitFor('raw socket open', () => socket.ws.readyState === WebSocket.OPEN || (socket.closeEvent && Promise.reject(new Error(`closed ${socket.closeEvent.code}`))));
    return socket;
  }

  /** Sends one WebSocket message holding exactly these bytes. */
  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Waits for a frame of `command` (and, if given, matching `predicate`). */
  async waitForFrame(command: string, predicate: (frame: StompFrame) => boolean = () => true, timeoutMs = 5000): Promise<StompFrame> {
    return waitFor(`${command} frame`, () => this.frames.find((f) => f.command === command && predicate(f)), timeoutMs);
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return waitFor('close', () => this.closeEvent, timeoutMs);
  }

  /** The commands received, in order. */
  commands(): string[] {
    return this.frames.map((f) => f.command);
  }

  header(frame: Pick<StompFrame, 'headers'>, name: string): string | undefined {
    return headerOf(frame, name);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A STOMP frame as text: command, `name:value` lines, blank line, body, NUL (headers written as given, unescaped). */
export function rawFrame(command: string, headers: Record<string, string> = {}, body = ''): string {
  return `${command}\n${Object.entries(headers).map(([name, value]) => `${name}:${value}\n`).join('')}\n${body}\0`;
}
