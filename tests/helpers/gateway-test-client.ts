// A protocol-aware WebSocket client for gateway tests: records every message (array frames
// flattened), rebuilds each subscribed book with lib/market's replica and records any gap or
// checksum mismatch, which a correct gateway never causes.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { formatLevels, type WireLevel } from '../../lib/market/book-messages.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import { waitFor } from './wait-for.ts';

/** What the client saw of one book. */
export interface ClientBook {
  replica: BookReplica | undefined;
  snapshots: number;
  stales: number;
  /** Every delta seq applied, in order. */
  seqs: number[];
}

/** A connected test client. */
export class GatewayTestClient {
  readonly messages: MarketMessage[] = [];
  readonly books = new Map<string, ClientBook>();
  /** Gaps, checksum mismatches and unparsable frames; must stay empty. */
  readonly problems: string[] = [];
  frames = 0;
  arrayFrames = 0;
  closeEvent: { code: number; reason: string } | undefined;
  tcp: Socket | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('upgrade', (res: IncomingMessage) => {
      this.tcp = res.socket as Socket;
    });
    ws.on('message', (data, isBinary) => this.onFrame(data.toString(), isBinary));
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      this.closeEvent = { code, reason: reason.toString() };
    });
  }

  /** Opens a socket and waits for `hello`. */
  static async connect(url: string, options: { origin?: string } = {}): Promise<GatewayTestClient> {
    const client = new GatewayTestClient(new WebSocket(url, { origin: options.origin }));
    await waitFor('hello', () => client.messages.some((m) => m.type === 'hello') || (client.closeEvent && Promise.reject(new Error(`closed ${client.closeEvent.code}`))), 5000);
    return client;
  }

  send(request: object): void {
    this.ws.send(JSON.stringify(request));
  }

  /** Subscribes to a book and waits for the `subscribed` reply. */
  async subscribeBook(symbol: string, depth = 50, resume?: { epoch: number; seq: number }): Promise<void> {
    const id = `sub-${symbol}-${this.messages.length}`;
    this.send({ op: 'subscribe', id, channel: 'book', symbol, depth, ...(resume === undefined ? {} : { resumeSeq: resume.seq, resumeEpoch: resume.epoch }) });
    await this.waitForMessage(`subscribed ${symbol}`, (m) => m.type === 'subscribed' && m.id === id);
  }

  book(symbol: string): ClientBook {
    let book = this.books.get(symbol);
    if (!book) {
      book = { replica: undefined, snapshots: 0, stales: 0, seqs: [] };
      this.books.set(symbol, book);
    }
    return book;
  }

  /** The client's book as wire levels (bids high→low, asks low→high). */
  levels(symbol: string): { bids: WireLevel[]; asks: WireLevel[] } | undefined {
    const replica = this.book(symbol).replica;
    if (!replica) return undefined;
    const { book, instrument } = replica;
    return { bids: formatLevels(book.top('bid', book.bids.depth), instrument), asks: formatLevels(book.top('ask', book.asks.depth), instrument) };
  }

  /** Waits for a message matching `predicate` (already received or future) and returns it. */
  async waitForMessage<T extends MarketMessage>(what: string, predicate: (m: MarketMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitForMessage(what: string, predicate: (m: MarketMessage) => boolean, timeoutMs?: number): Promise<MarketMessage>;
  async waitForMessage(what: string, predicate: (m: MarketMessage) => boolean, timeoutMs = 5000): Promise<MarketMessage> {
    return waitFor(what, () => this.messages.find(predicate), timeoutMs);
  }

  /** Waits for the socket to close and returns its code. */
  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return waitFor('close', () => this.closeEvent, timeoutMs);
  }

  close(): void {
    this.ws.terminate();
  }

  private onFrame(text: string, isBinary: boolean): void {
    this.frames += 1;
    if (isBinary) this.problems.push('binary frame from gateway');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.problems.push(`unparsable frame: ${text.slice(0, 80)}`);
      return;
    }
    if (Array.isArray(parsed)) this.arrayFrames += 1;
    for (const message of (Array.isArray(parsed) ? parsed : [parsed]) as MarketMessage[]) this.onMessage(message);
  }

  private onMessage(message: MarketMessage): void {
    this.messages.push(message);
    if (message.type === 'book.snapshot') {
      const book = this.book(message.symbol);
      const result = bookFromSnapshot(message);
      book.snapshots += 1;
      book.replica = result.status === 'ok' ? result.replica : undefined;
      if (result.status !== 'ok') this.problems.push(`snapshot ${message.symbol}@${message.seq}: ${result.status}`);
    } else if (message.type === 'book.delta') {
      const book = this.book(message.symbol);
      if (!book.replica) return void this.problems.push(`delta ${message.symbol}@${message.seq} before any snapshot`);
      const result = applyDelta(book.replica, message);
      if (result.status !== 'ok') return void this.problems.push(`delta ${message.symbol}@${message.seq}: ${result.status}`);
      book.seqs.push(message.seq);
    } else if (message.type === 'book.stale') {
      this.book(message.symbol).stales += 1;
    }
  }
}

/** The feed's book cut to `depth` levels a side, to compare with a client's view. */
export function topOf(levels: { bids: WireLevel[]; asks: WireLevel[] }, depth: number): { bids: WireLevel[]; asks: WireLevel[] } {
  return { bids: levels.bids.slice(0, depth), asks: levels.asks.slice(0, depth) };
}
