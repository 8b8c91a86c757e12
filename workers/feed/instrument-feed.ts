// Everything the feed keeps for one instrument: the sequenced book and its publisher, candles,
// the last trade and the 24h reference. Turns source events into broker messages.
import type { Broker } from '../../lib/broker/broker.ts';
import type { BookError } from '../../lib/market/book-error.ts';
import type { Candle } from '../../lib/market/candle.ts';
import { CandleAggregator } from '../../lib/market/candle-aggregator.ts';
import { priceToTicks, ticksToPrice } from '../../lib/market/decimal.ts';
import type { Instrument } from '../../lib/market/instruments.ts';
import { SequencedBook } from '../../lib/market/sequenced-book.ts';
import { TIMEFRAME_NAMES } from '../../lib/market/timeframes.ts';
import { candlesChannel, tradesChannel, tradesStream } from '../../lib/protocol/channels.ts';
import type { TradeMessage } from '../../lib/protocol/messages.ts';
import { encodeCandle } from '../../lib/protocol/bus.ts';
import { encodeTradeEntry, TRADES_KEPT } from '../../lib/protocol/trade-entry.ts';
import { BookPublisher } from './book-publisher.ts';
import { DayChange } from './day-change.ts';
import type { QuoteSource } from './index-publisher.ts';
import type { SourceEvent, TradeEvent } from './sources/source.ts';

/** Why an event from the source was refused; the published book is never changed by it. */
export type RefusedEvent = { symbol: string; error: BookError | { code: 'BAD_TRADE'; message: string } };

/** The feed's state and publishing for one instrument. */
export class InstrumentFeed implements QuoteSource {
  readonly symbol: string;
  readonly pricePrecision: number;
  readonly dayChange = new DayChange();
  readonly book: SequencedBook;
  readonly publisher: BookPublisher;
  private readonly candles: CandleAggregator;
  private last: string | undefined;
  private readonly publishedOpen = new Map<string, string>();

  constructor(
    readonly instrument: Instrument,
    private readonly broker: Broker,
    epoch: number,
    private readonly onClosedCandle: (candle: Candle) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.symbol = instrument.symbol;
    this.pricePrecision = instrument.pricePrecision;
    this.book = new SequencedBook(instrument, undefined, epoch);
    this.publisher = new BookPublisher(broker, this.book);
    this.candles = new CandleAggregator(instrument, TIMEFRAME_NAMES);
  }

  /** Applies one source event and publishes what it produced; returns the refusal, if any. */
  handle(event: SourceEvent): RefusedEvent | undefined {
    if (event.type === 'trade') return this.handleTrade(event);
    const result = this.book.apply(event);
    if (!result.ok) return { symbol: this.symbol, error: result.error };
    if (result.delta) this.publisher.publishDelta(result.delta).catch(this.onError);
    return undefined;
  }

  /** Continues stored candle history: the first live candle opens at its last close, the minute after its last minute. */
  continueCandlesFrom(close: string, lastMinuteOpenTime: number): void {
    const ticks = priceToTicks(close, this.instrument);
    if (ticks !== null) this.candles.continueFrom(ticks, { timeframe: '1m', openTime: lastMinuteOpenTime });
  }

  /** Carries a timeframe on from the newest candle the previous leader published. */
  resumeCandles(candle: Candle): void {
    this.candles.resume(candle);
  }

  /** Closes candle buckets that ended by `now`, even without trades. */
  tickCandles(now: number): void {
    for (const candle of this.candles.tick(now)) this.emitClosed(candle);
  }

  /** Publishes each timeframe's open candle if it changed since the last call. */
  publishOpenCandles(): void {
    for (const timeframe of TIMEFRAME_NAMES) {
      const candle = this.candles.openCandle(timeframe);
      if (!candle) continue;
      const encoded = encodeCandle(candle);
      if (this.publishedOpen.get(timeframe) === encoded) continue;
      this.publishedOpen.set(timeframe, encoded);
      this.broker.publish(candlesChannel(this.symbol, timeframe), encoded).catch(this.onError);
    }
  }

  bestBid(): string | undefined {
    const best = this.book.view.bestBid();
    return best === undefined ? undefined : ticksToPrice(best, this.instrument);
  }

  bestAsk(): string | undefined {
    const best = this.book.view.bestAsk();
    return best === undefined ? undefined : ticksToPrice(best, this.instrument);
  }

  lastTrade(): string | undefined {
    return this.last;
  }

  private handleTrade(event: TradeEvent): RefusedEvent | undefined {
    const closed = this.candles.addWireTrade(event);
    if (closed === null) return { symbol: this.symbol, error: { code: 'BAD_TRADE', message: `trade ${event.id} is off the price or size grid` } };
    this.last = event.price;
    this.publishTrade({ type: 'trade', symbol: event.symbol, price: event.price, size: event.size, side: event.side, ts: event.ts });
    for (const candle of closed) this.emitClosed(candle);
    return undefined;
  }

  // The trade's id is its trades stream entry id, not the source's (the simulator's restart at 1 each
  // leader term): stream ids are unique and ordered across terms on every broker, and a client resumes
  // after one. The stream's live tail feeds the gateways; the engine's fills read the pub/sub channel.
  private publishTrade(trade: Omit<TradeMessage, 'id'>): void {
    this.broker
      .append(tradesStream(this.symbol), encodeTradeEntry(trade), { maxLen: TRADES_KEPT, publish: true })
      .then((id) => this.broker.publish(tradesChannel(this.symbol), JSON.stringify({ ...trade, id })))
      .catch(this.onError);
  }

  private emitClosed(candle: Candle): void {
    this.onClosedCandle(candle);
    this.publishedOpen.delete(candle.timeframe);
    this.broker.publish(candlesChannel(this.symbol, candle.timeframe), encodeCandle(candle)).catch(this.onError);
  }
}
