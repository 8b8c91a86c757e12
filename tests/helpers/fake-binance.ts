// A local stand-in for Binance spot on 127.0.0.1, port 0: the combined-stream WebSocket and
// GET /api/v3/depth, speaking the venue's exact message formats and driven step by step by a test.
// It keeps a "true" book per symbol with its update id, so tests can compare what an adapter built.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/** [price, quantity] as Binance writes them, e.g. ["65000.01000000", "0.25000000"]. */
export type FakeLevel = [price: string, qty: string];

interface TrueBook {
  bids: Map<string, string>;
  asks: Map<string, string>;
  lastUpdateId: number;
}

// Absolute quantities; zero removes the level.
function setLevels(side: Map<string, string>, levels: readonly FakeLevel[]): void {
  for (const [price, qty] of levels) {
    if (Number(qty) === 0) side.delete(price);
    else side.set(price, qty);
  }
}

/** The fake venue. */
export class FakeBinance {
  /** Request URLs of every WebSocket connection, in order. */
  readonly connections: string[] = [];
  /** Every depth snapshot request. */
  readonly snapshotRequests: { symbol: string; limit: string }[] = [];
  private readonly books = new Map<string, TrueBook>();
  private readonly queuedBodies = new Map<string, unknown[]>();
  private parked: (() => void)[] | undefined;
  private eventTimeMs = 1_700_000_000_000;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  /** Starts both endpoints on one loopback port. */
  static async start(): Promise<FakeBinance> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const fake = new FakeBinance(http, wss, (http.address() as AddressInfo).port);
    http.on('request', (req, res) => fake.onRequest(req, res));
    wss.on('connection', (ws, req) => {
      ws.on('error', () => undefined);
      fake.connections.push(req.url ?? '');
    });
    return fake;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Open WebSocket clients. */
  get clientCount(): number {
    return [...this.wss.clients].filter((ws) => ws.readyState === WebSocket.OPEN).length;
  }

  /** Sets the true book of a symbol and its update id. */
  setBook(symbol: string, book: { bids: FakeLevel[]; asks: FakeLevel[] }, lastUpdateId: number): void {
    this.books.set(symbol, { bids: new Map(book.bids), asks: new Map(book.asks), lastUpdateId });
  }

  /** The true book, bids high→low and asks low→high. */
  book(symbol: string): { bids: FakeLevel[]; asks: FakeLevel[]; lastUpdateId: number } {
    const book = this.trueBook(symbol);
    const sorted = (side: Map<string, string>, sign: number): FakeLevel[] => [...side].sort((x, y) => sign * (Number(x[0]) - Number(y[0])));
    return { bids: sorted(book.bids, -1), asks: sorted(book.asks, 1), lastUpdateId: book.lastUpdateId };
  }

  /** Applies a change spanning `span` update ids to the true book and streams it, unless silent (a forced gap). */
  update(symbol: string, change: { b?: FakeLevel[]; a?: FakeLevel[] }, options: { span?: number; isSilent?: boolean } = {}): void {
    const book = this.trueBook(symbol);
    const first = book.lastUpdateId + 1;
    book.lastUpdateId += options.span ?? 1;
    setLevels(book.bids, change.b ?? []);
    setLevels(book.asks, change.a ?? []);
    if (!options.isSilent) this.sendDiff(symbol, { U: first, u: book.lastUpdateId, b: change.b ?? [], a: change.a ?? [] });
  }

  /** Moves the true update id on without changing levels (updates the venue made elsewhere). */
  advanceId(symbol: string, count: number): void {
    this.trueBook(symbol).lastUpdateId += count;
  }

  /** Streams a depthUpdate as given, without touching the true book. */
  sendDiff(symbol: string, fields: { U: number; u: number; b: unknown[]; a: unknown[] }): void {
    const data = { e: 'depthUpdate', E: this.nextEventTime(), s: symbol, U: fields.U, u: fields.u, b: fields.b, a: fields.a };
    this.sendRaw(JSON.stringify({ stream: `${symbol.toLowerCase()}@depth@100ms`, data }));
  }

  /** Streams a trade; `m` true means the buyer was the maker. */
  sendTrade(symbol: string, trade: { t: number; p: string; q: string; m: boolean; T: number }): void {
    const data = { e: 'trade', E: this.nextEventTime(), s: symbol, ...trade, M: true };
    this.sendRaw(JSON.stringify({ stream: `${symbol.toLowerCase()}@trade`, data }));
  }

  /** Sends one text frame to every client, as is. */
  sendRaw(text: string): void {
    for (const ws of this.wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  /** Serves `body` instead of the true book for the next snapshot request of a symbol. */
  queueSnapshot(symbol: string, body: unknown): void {
    this.queuedBodies.set(symbol, [...(this.queuedBodies.get(symbol) ?? []), body]);
  }

  /** Delays snapshot answers (each taken when requested) until releaseSnapshots(). */
  holdSnapshots(): void {
    this.parked ??= [];
  }

  releaseSnapshots(): void {
    const parked = this.parked ?? [];
    this.parked = undefined;
    for (const respond of parked) respond();
  }

  /** Snapshot answers waiting for releaseSnapshots(). */
  get parkedCount(): number {
    return this.parked?.length ?? 0;
  }

  /** Cuts every WebSocket connection without a close handshake. */
  dropClients(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  async close(): Promise<void> {
    this.releaseSnapshots();
    this.dropClients();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.restUrl);
    const symbol = url.searchParams.get('symbol') ?? '';
    if (req.method !== 'GET' || url.pathname !== '/api/v3/depth' || !this.books.has(symbol)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1121, msg: 'Invalid symbol.' }));
      return;
    }
    const limit = url.searchParams.get('limit') ?? '100';
    this.snapshotRequests.push({ symbol, limit });
    const body = JSON.stringify(this.queuedBodies.get(symbol)?.shift() ?? this.snapshotBody(symbol, Number(limit)));
    const respond = (): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (this.parked) this.parked.push(respond);
    else respond();
  }

  private snapshotBody(symbol: string, limit: number): { lastUpdateId: number; bids: FakeLevel[]; asks: FakeLevel[] } {
    const book = this.book(symbol);
    return { lastUpdateId: book.lastUpdateId, bids: book.bids.slice(0, limit), asks: book.asks.slice(0, limit) };
  }

  private trueBook(symbol: string): TrueBook {
    const book = this.books.get(symbol);
    if (!book) throw new Error(`fake Binance has no book for ${symbol}`);
    return book;
  }

  private nextEventTime(): number {
    this.eventTimeMs += 100;
    return this.eventTimeMs;
  }
}
