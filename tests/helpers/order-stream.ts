// A steady stream of market buys from many traders over the WebSocket, for the chaos tests: a total
// rate spread round robin over the traders, every Nth order sent twice at once (a client retry, which
// must never place twice), each order's send time kept, and a hold that pauses it for a moment. Plus
// what the traders were answered: which orders got an answer, which the gateway refused, and whether
// every answer about one client order id names one order.
import assert from 'node:assert/strict';
import { openSession, TradingClient, type TestSession } from './trading-client.ts';
import { sleep } from './wait-for.ts';

/** A market buy as the stream sends it; `id` is the client order id, so a refusal names the order. */
export interface StreamOrder {
  op: 'order.place';
  id: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy';
  type: 'market';
  quantity: string;
}

/** One demo account with its socket and the orders sent on it (by client order id). */
export interface Trader {
  session: TestSession;
  client: TradingClient;
  sent: Map<string, { order: StreamOrder; sentAt: number }>;
}

/** Opens `count` fresh demo accounts on the web node and a socket for each through `wsUrl`. */
export async function openTraders(webUrl: string, wsUrl: string, count: number): Promise<Trader[]> {
  const traders: Trader[] = [];
  for (let i = 0; i < count; i++) {
    const session = await openSession(webUrl);
    const client = await TradingClient.connect(wsUrl, { token: session.token, via: 'bearer' });
    traders.push({ session, client, sent: new Map() });
  }
  return traders;
}

export interface OrderStreamOptions {
  /** Orders per second over all traders (client retries not counted). */
  ordersPerSecond: number;
  /** Every this many orders, one is sent twice back to back. */
  retryEvery: number;
  /** Prefix of the client order ids, unique per stream. */
  label: string;
  symbol?: string;
}

/** Sends orders until stopped; a hold sends nothing and does not catch up afterwards. */
export class OrderStream {
  readonly startedAt = Date.now();
  private sentCount = 0;
  private isRunning = true;
  private isHeld = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly traders: readonly Trader[],
    private readonly options: OrderStreamOptions,
  ) {
    this.done = this.run();
  }

  /** Orders sent so far (each once, retries not counted). */
  get sent(): number {
    return this.sentCount;
  }

  hold(): void {
    this.isHeld = true;
  }

  release(): void {
    this.isHeld = false;
  }

  /** Stops sending; resolves with how many orders went out, over how long. */
  async stop(): Promise<{ sent: number; seconds: number; perSecond: number }> {
    this.isRunning = false;
    await this.done;
    const seconds = (Date.now() - this.startedAt) / 1000;
    return { sent: this.sentCount, seconds, perSecond: this.sentCount / seconds };
  }

  private async run(): Promise<void> {
    let credit = 0;
    let last = performance.now();
    while (this.isRunning) {
      const now = performance.now();
      if (!this.isHeld) credit += ((now - last) / 1000) * this.options.ordersPerSecond;
      last = now;
      for (; credit >= 1; credit -= 1) this.sendNext();
      await sleep(10);
    }
  }

  private sendNext(): void {
    const n = this.sentCount++;
    const u = n % this.traders.length;
    const trader = this.traders[u];
    if (trader === undefined) return;
    const clientOrderId = `${this.options.label}-u${u}-o${Math.floor(n / this.traders.length)}`;
    const order: StreamOrder = { op: 'order.place', id: clientOrderId, clientOrderId, symbol: this.options.symbol ?? 'AAPL', side: 'buy', type: 'market', quantity: '1' };
    trader.sent.set(clientOrderId, { order, sentAt: Date.now() });
    trader.client.send(order);
    if (n % this.options.retryEvery === 0) trader.client.send(order);
  }
}

/** The client order ids the client got an `order.accepted` or an `order.rejected` for. */
export function answeredIds(client: TradingClient): Set<string> {
  return new Set(client.messages.flatMap((m) => ((m.type === 'order.accepted' || m.type === 'order.rejected') && m.clientOrderId ? [m.clientOrderId] : [])));
}

/** The request ids the gateway refused with an `error` (e.g. UNAVAILABLE: not queued), with the error. */
export function refusedIds(client: TradingClient): Map<string, { code: string; message: string }> {
  return new Map(client.ofType('error').flatMap((e) => (e.id === undefined ? [] : [[String(e.id), { code: e.code, message: e.message }] as const])));
}

/** Asserts that every `order.accepted` of one client order id names the same order: a retry or a replay never tells of a second one. */
export function assertOneOrderPerClientOrderId(client: TradingClient): void {
  const orderIds = new Map<string, string>();
  for (const accepted of client.ofType('order.accepted')) {
    const first = orderIds.get(accepted.clientOrderId);
    if (first === undefined) orderIds.set(accepted.clientOrderId, accepted.orderId);
    else assert.equal(accepted.orderId, first, `every answer to ${accepted.clientOrderId} names one order`);
  }
}

/** The traders' rejection codes, and a line like `RATE_LIMITED ×3` for diagnostics. */
export function rejections(traders: readonly Trader[]): { codes: string[]; summary: string } {
  const codes = traders.flatMap((t) => t.client.ofType('order.rejected').map((e) => e.code));
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return { codes, summary: [...counts].map(([code, n]) => `${code} ×${n}`).join(', ') || 'none' };
}
