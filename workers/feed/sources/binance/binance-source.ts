// Binance spot as a FeedSource: one combined-stream WebSocket carrying every symbol's diff depth
// and trades, and a MarketFeed per symbol that keeps its book in step with REST snapshots.
// Bad venue input is reported and answered by a resnapshot, never by a crash or a wrong book.
import type { EmitSourceEvent, FeedSource, SourceEvent } from '../source.ts';
import type { BinanceBadInput, BinanceBadInputHandler } from './bad-input.ts';
import type { BackoffOptions } from '../../../../lib/util/backoff.ts';
import { binanceMarkets, combinedStreamUrl, type BinanceMarket } from './binance-markets.ts';
import type { BinanceStatus } from './binance-status.ts';
import { MarketFeed, type MarketFeedHost } from './market-feed.ts';
import { StreamConnection } from './stream-connection.ts';
import { StreamRouter } from './stream-router.ts';

export type { BinanceStatus } from './binance-status.ts';

/** Binance's public market data stream endpoint (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams). */
export const BINANCE_WS_URL = 'wss://stream.binance.com:9443';
/** Binance's public REST endpoint, for depth snapshots (https://developers.binance.com/docs/binance-spot-api-docs/rest-api). */
export const BINANCE_REST_URL = 'https://api.binance.com';

/** Where the venue is and how the adapter behaves; every field has a default. */
export interface BinanceSourceOptions {
  wsUrl?: string;
  restUrl?: string;
  /** Venue symbols, e.g. ['BTCUSDT']; default: every mapped one. */
  symbols?: readonly string[];
  /** REST snapshot depth (Binance accepts 1 to 5000). */
  snapshotLimit?: number;
  /** Levels per side passed on to the feed. */
  maxLevels?: number;
  /** Diffs buffered per symbol while its snapshot is on the way. */
  maxBufferedDiffs?: number;
  /** Delays between reconnects and between resnapshots. */
  backoff?: BackoffOptions;
  /** A socket silent this long (no data, no ping) is replaced. */
  idleTimeoutMs?: number;
  snapshotTimeoutMs?: number;
  onBadInput?: BinanceBadInputHandler;
  onStatus?: (status: BinanceStatus) => void;
}

const MAX_REPORTED_CHARS = 2000;

/** The Binance spot adapter. */
export class BinanceSource implements FeedSource {
  private emitter: EmitSourceEvent | undefined;
  private fetches = new AbortController();
  private readonly feeds = new Map<BinanceMarket, MarketFeed>();
  private readonly router: StreamRouter;
  private readonly connection: StreamConnection;

  constructor(private readonly options: BinanceSourceOptions = {}) {
    const markets = binanceMarkets(options.symbols);
    const backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    const host: MarketFeedHost = {
      emit: (event: SourceEvent) => this.emitter?.(event),
      report: (bad, input) => this.report(bad, input),
      status: (status) => options.onStatus?.(status),
      canFetch: () => this.emitter !== undefined && this.connection.isOpen,
      signal: () => this.fetches.signal,
    };
    const feedOptions = {
      restUrl: options.restUrl ?? BINANCE_REST_URL,
      snapshotLimit: options.snapshotLimit ?? 1000,
      snapshotTimeoutMs: options.snapshotTimeoutMs ?? 10_000,
      maxLevels: options.maxLevels ?? 100,
      maxBuffered: options.maxBufferedDiffs ?? 1000,
      backoff,
    };
    for (const market of markets) this.feeds.set(market, new MarketFeed(market, host, feedOptions));
    this.router = new StreamRouter(markets);
    this.connection = new StreamConnection(
      combinedStreamUrl(options.wsUrl ?? BINANCE_WS_URL, markets),
      {
        onOpen: () => options.onStatus?.({ type: 'open' }),
        onMessage: (text) => this.onMessage(text),
        onClose: (code, detail, retryInMs) => this.onClose(code, detail, retryInMs),
      },
      { backoff, idleTimeoutMs: options.idleTimeoutMs ?? 60_000, maxPayloadBytes: 4 * 1024 * 1024, handshakeTimeoutMs: 10_000 },
    );
  }

  /** Connects; each symbol's first book event is a snapshot. A second call is ignored. */
  start(emit: EmitSourceEvent): void {
    if (this.emitter) return;
    this.emitter = emit;
    this.fetches = new AbortController();
    this.connection.start();
  }

  /** Disconnects and cancels every request; nothing is emitted after it returns. */
  stop(): void {
    if (!this.emitter) return;
    this.emitter = undefined;
    this.connection.stop();
    this.fetches.abort();
    for (const feed of this.feeds.values()) feed.discard();
  }

  private onClose(code: number, detail: string, retryInMs: number): void {
    this.options.onStatus?.({ type: 'closed', code, detail, retryInMs });
    // Diffs were missed while closed: every book is rebuilt from a snapshot after the reconnect.
    for (const feed of this.feeds.values()) feed.disconnect();
  }

  private onMessage(text: string): void {
    const message = this.router.route(text);
    switch (message.kind) {
      case 'depth':
        return this.feeds.get(message.market)?.onDiff(message.update, text);
      case 'trade':
        return this.feeds.get(message.market)?.onTrade(message.trade, text);
      case 'bad': {
        this.report(message.bad, text);
        // A frame we could not read may have been any symbol's diff; one we could is that symbol's.
        if (!message.route) for (const feed of this.feeds.values()) feed.resync('BAD_INPUT');
        else if (message.route.stream === 'depth') this.feeds.get(message.route.market)?.resync('BAD_INPUT');
        return;
      }
    }
  }

  private report(bad: BinanceBadInput, input: string): void {
    const shown = input.length > MAX_REPORTED_CHARS ? `${input.slice(0, MAX_REPORTED_CHARS)}…` : input;
    this.options.onBadInput?.(bad.code, shown, bad.detail);
  }
}
