// What a standby feed watches of the leader's output, so that taking over carries on where the leader
// stopped: every book through the same book-sync the gateways and the engine use (the simulator goes
// on from the books' mid prices, not from a reference price), and each timeframe's newest candle (the
// candles go on without a missing or a doubled bar).
import type { Broker } from '../../lib/broker/broker.ts';
import { BookMirrors } from '../../lib/bus/book-mirrors.ts';
import type { Logger } from '../../lib/log.ts';
import type { Candle } from '../../lib/market/candle.ts';
import { ticksToPrice } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { TIMEFRAME_NAMES } from '../../lib/market/timeframes.ts';
import { decodeCandle } from '../../lib/protocol/bus.ts';
import { candlesChannel } from '../../lib/protocol/channels.ts';

/** Where the leader stopped, as far as the bus showed it. */
export interface Carryover {
  /** Each followed book's mid price. */
  startPrices: Map<string, number>;
  /**
   * The newest candle of every symbol and timeframe seen (open or closed), and before it the newest
   * closed one when that is older: the leader writes closed candles every few seconds, so it may have
   * died with that one unwritten.
   */
  candles: Candle[];
}

/** Follows the leader's books and candles while standing by. */
export class FeedFollower {
  private readonly books: BookMirrors;
  private readonly newest = new Map<string, Candle>();
  private readonly newestClosed = new Map<string, Candle>();
  private readonly unsubscribes: (() => Promise<void>)[] = [];

  constructor(
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly instruments: readonly Instrument[],
  ) {
    this.books = new BookMirrors(broker, logger, instruments, () => {}, 500);
  }

  /** Subscribes to every book and candle channel and starts syncing the books. */
  async start(): Promise<void> {
    for (const { symbol } of this.instruments) {
      for (const timeframe of TIMEFRAME_NAMES) {
        this.unsubscribes.push(await this.broker.subscribe(candlesChannel(symbol, timeframe), (payload) => this.onCandle(payload)));
      }
    }
    await this.books.start();
  }

  /** Where the leader stopped. */
  carryover(): Carryover {
    const startPrices = new Map<string, number>();
    for (const inst of this.instruments) {
      const book = this.books.liveBook(inst.symbol);
      const bid = book?.bestBid();
      const ask = book?.bestAsk();
      if (bid === undefined || ask === undefined) continue;
      startPrices.set(inst.symbol, (Number(ticksToPrice(bid, inst)) + Number(ticksToPrice(ask, inst))) / 2);
    }
    const closedBefore = [...this.newestClosed.values()].filter((closed) => this.newest.get(frameKey(closed)) !== closed);
    return { startPrices, candles: [...closedBefore, ...this.newest.values()] };
  }

  async close(): Promise<void> {
    await this.books.close();
    await Promise.all(this.unsubscribes.splice(0).map((unsubscribe) => unsubscribe().catch(() => {})));
  }

  // Keeps the newest candle of its frame (at the same open time a closed one supersedes the open
  // one), and the newest closed one.
  private onCandle(payload: string): void {
    const decoded = decodeCandle(payload);
    if (!decoded.ok) return this.logger.warn({ reason: decoded.reason }, 'malformed candle message dropped');
    const candle = decoded.value;
    const key = frameKey(candle);
    const kept = this.newest.get(key);
    const isNewer = kept === undefined || candle.openTime > kept.openTime || (candle.openTime === kept.openTime && (candle.isClosed || !kept.isClosed));
    if (isNewer) this.newest.set(key, candle);
    const closed = this.newestClosed.get(key);
    if (candle.isClosed && (closed === undefined || candle.openTime > closed.openTime)) this.newestClosed.set(key, candle);
  }
}

const frameKey = (candle: Candle): string => `${candle.symbol}:${candle.timeframe}`;
