// The engine's view of the market: a mirror of every instrument's book and a stream of its public
// trades, both read from the broker. Malformed bus messages are logged and dropped.
import type { Broker } from '../../lib/broker/broker.ts';
import type { Logger } from '../../lib/log.ts';
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import type { OrderBook } from '../../lib/market/order-book.ts';
import type { Ticks } from '../../lib/market/units.ts';
import { tradesChannel } from '../../lib/protocol/channels.ts';
import { BookMirrors } from '../../lib/bus/book-mirrors.ts';
import { parsePayload, tradeSchema } from './market-data-schemas.ts';
import type { PublicTrade } from './lots-filled-by-market.ts';

/** Where market data goes once it is in the mirror. */
export interface MarketDataListeners {
  onBook: (symbol: string) => void;
  onTrade: (symbol: string, trade: PublicTrade) => void;
}

/** Live books by symbol, for trading, and the trades printed on them. */
export class MarketData {
  private readonly books: BookMirrors;
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  private readonly lastTrades = new Map<string, Ticks>();

  private listeners: MarketDataListeners | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly instruments: readonly Instrument[],
    listeners?: MarketDataListeners,
    retryMs = 250,
  ) {
    this.listeners = listeners;
    this.books = new BookMirrors(broker, logger, instruments, (symbol) => this.listeners?.onBook(symbol), retryMs);
  }

  /** Where market data goes from now on; undefined while nobody trades on it (a standby keeps the books in sync). */
  listen(listeners: MarketDataListeners | undefined): void {
    this.listeners = listeners;
  }

  /** The book in sync with the feed, or undefined (unknown symbol, or resyncing). Read it, never change it. */
  readonly liveBook = (symbol: string): OrderBook | undefined => this.books.liveBook(symbol);

  /** The price of the symbol's last public trade, which triggers stops; undefined before the first one arrives. */
  readonly lastTrade = (symbol: string): Ticks | undefined => this.lastTrades.get(symbol);

  /** Subscribes to every instrument's deltas and trades, then seeds each book from its snapshot. */
  async start(): Promise<void> {
    for (const inst of this.instruments) {
      this.unsubscribes.push(await this.broker.subscribe(tradesChannel(inst.symbol), (payload) => this.onTrade(inst, payload)));
    }
    await this.books.start();
  }

  /** Resolves when every book is live or `timeoutMs` has passed; true when all are live. */
  whenLive(timeoutMs: number): Promise<boolean> {
    return this.books.whenLive(timeoutMs);
  }

  /**
   * Waits for books that are resyncing, each at most `graceMs` from the start of its resync. A resync
   * (a gap, a restart) takes a snapshot round trip, and orders should wait it out rather than be
   * refused; a book out for longer than that means the feed is down, and orders meet MARKET_CLOSED.
   */
  whenResynced(graceMs: number): Promise<void> {
    return this.books.whenResynced(graceMs);
  }

  /** Unsubscribes and stops every resync. */
  async close(): Promise<void> {
    await this.books.close();
    await Promise.all(this.unsubscribes.splice(0).map((unsubscribe) => unsubscribe()));
  }

  private onTrade(inst: Instrument, payload: string): void {
    const trade = parsePayload(tradeSchema, payload);
    const priceTicks = trade && priceToTicks(trade.price, inst);
    const lots = trade && sizeToLots(trade.size, inst);
    if (!trade || trade.symbol !== inst.symbol || !priceTicks || !lots) {
      this.logger.warn({ symbol: inst.symbol }, 'malformed trade dropped');
      return;
    }
    this.lastTrades.set(inst.symbol, priceTicks);
    this.listeners?.onTrade(inst.symbol, { priceTicks, lots });
  }
}
