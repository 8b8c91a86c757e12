// The engine's view of the market: a mirror of every instrument's book and a stream of its public
// trades, both read from the broker. Malformed bus messages are logged and dropped.
import type { Broker } from '../../lib/broker/broker.ts';
import type { Logger } from '../../lib/log.ts';
import { priceToTicks, sizeToLots } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import type { OrderBook } from '../../lib/market/order-book.ts';
import { bookChannel, tradesChannel } from '../../lib/protocol/channels.ts';
import { BookMirror } from './book-mirror.ts';
import { decodeBookDeltas } from '../../lib/protocol/bus.ts';
import { parsePayload, tradeSchema } from './market-data-schemas.ts';
import type { PublicTrade } from './lots-filled-by-market.ts';

/** Where market data goes once it is in the mirror. */
export interface MarketDataListeners {
  onBook: (symbol: string) => void;
  onTrade: (symbol: string, trade: PublicTrade) => void;
}

/** Live books by symbol, for trading, and the trades printed on them. */
export class MarketData {
  private readonly mirrors = new Map<string, BookMirror>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];
  private syncs: Promise<void>[] = [];
  private removeStateListener: () => void = () => {};

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    instruments: readonly Instrument[],
    private readonly listeners: MarketDataListeners,
    retryMs = 250,
  ) {
    for (const inst of instruments) this.mirrors.set(inst.symbol, new BookMirror(inst, { broker, logger, onChange: listeners.onBook, retryMs }));
  }

  /** The book in sync with the feed, or undefined (unknown symbol, or resyncing). Read it, never change it. */
  readonly liveBook = (symbol: string): OrderBook | undefined => this.mirrors.get(symbol)?.book;

  /** Subscribes to every instrument's deltas and trades, then seeds each book from its snapshot. */
  async start(): Promise<void> {
    for (const mirror of this.mirrors.values()) {
      const inst = mirror.instrument;
      this.unsubscribes.push(await this.broker.subscribe(bookChannel(inst.symbol), (payload) => this.onDelta(mirror, payload)));
      this.unsubscribes.push(await this.broker.subscribe(tradesChannel(inst.symbol), (payload) => this.onTrade(inst, payload)));
    }
    this.syncs = [...this.mirrors.values()].map((mirror) => mirror.startSync());
    let lastState = this.broker.state;
    this.removeStateListener = this.broker.onStateChange((state) => {
      const wasDown = lastState === 'reconnecting';
      lastState = state;
      // Live messages may be lost while disconnected: trade on no book until a fresh snapshot.
      for (const mirror of this.mirrors.values()) {
        if (state === 'reconnecting') mirror.markStale();
        else if (wasDown) mirror.resync();
      }
    });
  }

  /** Resolves when every book is live or `timeoutMs` has passed; true when all are live. */
  async whenLive(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const isLive = await Promise.race([Promise.all(this.syncs).then(() => true), timeout]);
    clearTimeout(timer);
    return isLive;
  }

  /**
   * Waits for books that are resyncing, each at most `graceMs` from the start of its resync. A resync
   * (a gap, a restart) takes a snapshot round trip, and orders should wait it out rather than be
   * refused; a book out for longer than that means the feed is down, and orders meet MARKET_CLOSED.
   */
  async whenResynced(graceMs: number): Promise<void> {
    await Promise.all([...this.mirrors.values()].map((mirror) => mirror.whenSynced(graceMs)));
  }

  /** Unsubscribes and stops every resync. */
  async close(): Promise<void> {
    this.removeStateListener();
    for (const mirror of this.mirrors.values()) mirror.close();
    await Promise.all(this.unsubscribes.map((unsubscribe) => unsubscribe()));
  }

  private onDelta(mirror: BookMirror, payload: string): void {
    const deltas = decodeBookDeltas(payload);
    if (!deltas.ok || deltas.value.some((delta) => delta.symbol !== mirror.instrument.symbol)) {
      this.logger.warn({ symbol: mirror.instrument.symbol }, 'malformed book delta dropped');
      return;
    }
    for (const delta of deltas.value) mirror.receive(delta);
  }

  private onTrade(inst: Instrument, payload: string): void {
    const trade = parsePayload(tradeSchema, payload);
    const priceTicks = trade && priceToTicks(trade.price, inst);
    const lots = trade && sizeToLots(trade.size, inst);
    if (!trade || trade.symbol !== inst.symbol || !priceTicks || !lots) {
      this.logger.warn({ symbol: inst.symbol }, 'malformed trade dropped');
      return;
    }
    this.listeners.onTrade(inst.symbol, { priceTicks, lots });
  }
}
