// Everything live on one page: the gateway connection, its status and latency, and the books,
// trades and candles the page's components watch, each message routed to its feed.
import { CLOSE_CODES } from '../protocol/codes.ts';
import type { Timeframe } from '../protocol/messages.ts';
import type { OrderEvent } from '../protocol/order-events.ts';
import { BookFeed } from './book-feed.ts';
import { BookTiming } from './book-timing.ts';
import { ClockOffset } from './clock-offset.ts';
import { CandleFeed } from './candle-feed.ts';
import { ValueStore } from './frame-store.ts';
import { LatencyProbe } from './latency-probe.ts';
import { LiveSocket, type ConnectionState, type GatewayLink, type LiveSocketOptions } from './live-socket.ts';
import type { ServerMessage } from './server-message.ts';
import { SubscriptionSet } from './subscription-set.ts';
import { TradeFeed, type TradeHistoryLoader } from './trade-feed.ts';

/** The connection as the status bar shows it. */
export interface ConnectionInfo {
  state: ConnectionState;
  attempt: number;
  retryAt: number | undefined;
  latencyMs: number | undefined;
  node: string | undefined;
  isAuthenticated: boolean;
}

/** One page's live market data over one socket (its own, or a share of the browser's). */
export class MarketSession {
  readonly socket: GatewayLink;
  readonly connection = new ValueStore<ConnectionInfo>({ state: 'idle', attempt: 0, retryAt: undefined, latencyMs: undefined, node: undefined, isAuthenticated: false });
  private readonly subscriptions: SubscriptionSet;
  private readonly probe: LatencyProbe;
  private readonly books = new Map<string, BookFeed>();
  private readonly trades = new Map<string, TradeFeed>();
  private readonly loadTrades: TradeHistoryLoader | undefined;
  private readonly candles = new Map<string, CandleFeed>();
  private readonly orderListeners = new Set<(event: OrderEvent) => void>();
  private readonly errorListeners = new Set<(message: Extract<ServerMessage, { type: 'error' }>) => void>();
  /** The gateway's clock against this page's, from the pings: corrects the network hop of book hop times. */
  readonly clock = new ClockOffset();
  private readonly timeBooks: boolean;

  /**
   * `loadTrades`: where a trade feed gets its recent trades before subscribing (GET /api/trades in the browser).
   * `timeBooks`: books ask for hop times (a few dozen bytes a delta) and keep per-hop samples (book-timing.ts).
   * `link`: the connection to use instead of a socket of the page's own (the tabs' shared one).
   */
  constructor(options: LiveSocketOptions & { loadTrades?: TradeHistoryLoader; timeBooks?: boolean; link?: GatewayLink }) {
    this.socket = options.link ?? new LiveSocket(options);
    this.loadTrades = options.loadTrades;
    this.timeBooks = options.timeBooks === true;
    this.subscriptions = new SubscriptionSet(this.socket);
    this.probe = new LatencyProbe({
      send: (request) => this.socket.send(request),
      onTimeout: () => this.socket.reconnect('no pong'),
      onLatency: (latencyMs) => this.patch({ latencyMs }),
    });
    this.socket.onState((change) => {
      this.patch({ state: change.newState, attempt: change.attempt, retryAt: change.retryAt });
      if (change.newState === 'open') this.probe.start();
      if (change.oldState === 'open' && change.newState !== 'open') this.onDisconnect();
    });
    this.socket.onMessage((message, receivedAtMs) => this.route(message, receivedAtMs));
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.probe.stop();
    this.socket.stop();
  }

  /** The live book of a symbol (subscribe with `acquire()`). */
  book(symbol: string): BookFeed {
    const timing = (): BookTiming | undefined => (this.timeBooks ? new BookTiming({ clockOffsetMs: () => this.clock.offsetMs }) : undefined);
    return getOrCreate(this.books, symbol, () => new BookFeed(symbol, this.subscriptions, undefined, timing()));
  }

  /** Public trades of a symbol: the recent ones, then live, resumed without a hole after a reconnect. */
  tradeFeed(symbol: string): TradeFeed {
    return getOrCreate(this.trades, symbol, () => new TradeFeed(symbol, this.subscriptions, this.loadTrades));
  }

  /** Live candles of a symbol and timeframe, made current again after every reconnect. */
  candleFeed(symbol: string, timeframe: Timeframe): CandleFeed {
    return getOrCreate(this.candles, `${symbol}:${timeframe}`, () => new CandleFeed(symbol, timeframe, this.subscriptions));
  }

  /** The signed-in user's order, fill, position and balance events. */
  onOrderEvent(listener: (event: OrderEvent) => void): () => void {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  /** Error replies (e.g. to an order sent before sign-in). */
  onError(listener: (message: Extract<ServerMessage, { type: 'error' }>) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Called when the gateway closed the socket because its session ended (signed out here or in another
   * tab, or past its absolute expiry): the moment to get a session again before the next attempt.
   */
  onSessionEnded(listener: () => void): () => void {
    return this.socket.onClose((code) => {
      if (code === CLOSE_CODES.SESSION_ENDED) listener();
    });
  }

  /** Sends a request if connected. */
  send(request: object): boolean {
    return this.socket.send(request);
  }

  private route(message: ServerMessage, receivedAtMs?: number): void {
    switch (message.type) {
      case 'hello':
        return this.patch({ node: message.node, isAuthenticated: message.isAuthenticated === true });
      case 'pong':
        if (this.probe.handlePong(message)) this.notePing(message.serverTs, receivedAtMs);
        return;
      case 'book.snapshot':
      case 'book.delta':
      case 'book.stale':
        return this.books.get(message.symbol)?.handle(message, receivedAtMs);
      case 'subscribed':
        if (message.channel === 'book') this.books.get(message.symbol)?.handle({ type: 'subscribed', depth: message.depth, replayed: message.replayed });
        return;
      case 'trade':
        return this.trades.get(message.symbol)?.handle(message);
      case 'candle':
        return this.candles.get(`${message.symbol}:${message.timeframe}`)?.handle(message);
      case 'error':
        for (const listener of this.errorListeners) listener(message);
        return;
      case 'order.accepted':
      case 'order.triggered':
      case 'order.amended':
      case 'order.rejected':
      case 'order.filled':
      case 'order.cancelled':
      case 'order.cancelAll.done':
      case 'order.deadman':
      case 'position':
      case 'balance':
        for (const listener of this.orderListeners) listener(message);
        return;
    }
  }

  // The probe has just set latencyMs to this pong's round trip: the ping left that long before it arrived.
  private notePing(serverTs: number, receivedAtMs: number | undefined): void {
    const rttMs = this.connection.current.latencyMs;
    if (receivedAtMs === undefined || rttMs === undefined) return;
    this.clock.add({ sentAtMs: receivedAtMs - rttMs, receivedAtMs, serverTs });
  }

  private onDisconnect(): void {
    // The next connection may reach another node, with its own clock.
    this.clock.clear();
    this.probe.stop();
    this.patch({ latencyMs: undefined });
    for (const book of this.books.values()) book.handle({ type: 'disconnected' });
  }

  private patch(changes: Partial<ConnectionInfo>): void {
    this.connection.set({ ...this.connection.current, ...changes });
  }
}

function getOrCreate<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
