// Builds gap-free OHLCV candles of every timeframe for one instrument from trades and clock ticks.
import type { Candle } from './candle.ts';
import { lotsToSize, priceToTicks, sizeToLots, ticksToPrice } from './decimal.ts';
import type { Instrument } from './instruments.ts';
import { TIMEFRAMES, TIMEFRAME_NAMES, bucketStart, type Timeframe } from './timeframes.ts';
import { ZERO_LOTS, asLots, type Lots, type Ticks } from './units.ts';

interface OpenBucket {
  openTime: number;
  open: Ticks;
  high: Ticks;
  low: Ticks;
  close: Ticks;
  lots: Lots;
  trades: number;
}

interface Frame {
  timeframe: Timeframe;
  bucket: OpenBucket | undefined;
  lastEmittedOpenTime: number;
}

/**
 * Aggregates one instrument's trades into candles. A bucket that closes is emitted once, in order;
 * buckets without trades are emitted flat at the previous close with zero volume. A late trade
 * (its bucket already closed) is folded into the open candle — volume, count, high and low, but
 * not the close, which newer trades already set — because emitted candles are never rewritten.
 */
export class CandleAggregator {
  private readonly frames: Frame[];
  /** The close of the candles before this aggregator (stored history), so the first live candle opens there. */
  private previousClose: Ticks | undefined;

  constructor(
    readonly instrument: Instrument,
    timeframes: readonly Timeframe[] = TIMEFRAME_NAMES,
  ) {
    this.frames = timeframes.map((timeframe) => ({ timeframe, bucket: undefined, lastEmittedOpenTime: -Infinity }));
  }

  /** Adds a trade in integer units; returns the candles its timestamp closed. */
  addTrade(ts: number, priceTicks: Ticks, lots: Lots): Candle[] {
    const closed: Candle[] = [];
    for (const frame of this.frames) {
      const start = bucketStart(ts, frame.timeframe);
      if (frame.bucket === undefined) {
        const open = this.previousClose ?? priceTicks;
        frame.bucket = { openTime: start, open, high: higher(open, priceTicks), low: lower(open, priceTicks), close: priceTicks, lots: ZERO_LOTS, trades: 0 };
      }
      this.roll(frame, ts, closed);
      const bucket = frame.bucket;
      bucket.high = higher(bucket.high, priceTicks);
      bucket.low = lower(bucket.low, priceTicks);
      bucket.lots = asLots(bucket.lots + lots);
      bucket.trades += 1;
      if (start >= bucket.openTime) bucket.close = priceTicks;
    }
    return closed;
  }

  /**
   * Continues a history that closed at `closeTicks`: the first candle of every frame opens there.
   * With the stored history's last candle of a frame, that frame goes on right after it: the buckets
   * that passed since (while the feed was starting) are emitted flat, so the stored series has no hole.
   */
  continueFrom(closeTicks: Ticks, last?: { timeframe: Timeframe; openTime: number }): void {
    this.previousClose = closeTicks;
    const frame = last && this.frames.find((candidate) => candidate.timeframe === last.timeframe);
    if (!frame || !last) return;
    const close = closeTicks;
    frame.lastEmittedOpenTime = last.openTime;
    frame.bucket = { openTime: last.openTime + TIMEFRAMES[frame.timeframe], open: close, high: close, low: close, close, lots: ZERO_LOTS, trades: 0 };
  }

  /**
   * Carries a frame on from the newest candle another feed published (a takeover): an open candle
   * stays open here and grows; after a closed one, the next bucket opens at its close. Either way no
   * candle that feed already closed is emitted again. False (nothing changes) when it is off the grids.
   */
  resume(candle: Candle): boolean {
    const frame = this.frames.find((candidate) => candidate.timeframe === candle.timeframe);
    const inst = this.instrument;
    const [open, high, low, close] = [candle.open, candle.high, candle.low, candle.close].map((price) => priceToTicks(price, inst));
    const lots = sizeToLots(candle.volume, inst);
    if (!frame || open == null || high == null || low == null || close == null || lots === null) return false;
    const ms = TIMEFRAMES[frame.timeframe];
    if (candle.isClosed) {
      frame.lastEmittedOpenTime = candle.openTime;
      frame.bucket = { openTime: candle.openTime + ms, open: close, high: close, low: close, close, lots: ZERO_LOTS, trades: 0 };
    } else {
      frame.lastEmittedOpenTime = candle.openTime - ms;
      frame.bucket = { openTime: candle.openTime, open, high, low, close, lots, trades: candle.trades };
    }
    return true;
  }

  /** Adds a trade given as wire strings; null (and nothing changes) when they are not on the grids. */
  addWireTrade(trade: { ts: number; price: string; size: string }): Candle[] | null {
    const ticks = priceToTicks(trade.price, this.instrument);
    const lots = sizeToLots(trade.size, this.instrument);
    if (ticks === null || ticks === 0 || lots === null) return null;
    return this.addTrade(trade.ts, ticks, lots);
  }

  /** Advances the clock: returns every candle whose bucket ended at or before `nowMs`. */
  tick(nowMs: number): Candle[] {
    const closed: Candle[] = [];
    for (const frame of this.frames) this.roll(frame, nowMs, closed);
    return closed;
  }

  /** The candle still open in a timeframe, undefined before the first trade or if not tracked. */
  openCandle(timeframe: Timeframe): Candle | undefined {
    const frame = this.frames.find((candidate) => candidate.timeframe === timeframe);
    return frame?.bucket && this.toCandle(frame.timeframe, frame.bucket, false);
  }

  // Closes the open bucket and fills empty ones up to the bucket containing `ts`.
  private roll(frame: Frame, ts: number, closed: Candle[]): void {
    const bucket = frame.bucket;
    if (bucket === undefined) return;
    const target = bucketStart(ts, frame.timeframe);
    if (target <= bucket.openTime) return;
    this.emit(frame, bucket, closed);
    const ms = TIMEFRAMES[frame.timeframe];
    const close = bucket.close;
    const flat = (openTime: number): OpenBucket => ({ openTime, open: close, high: close, low: close, close, lots: ZERO_LOTS, trades: 0 });
    for (let openTime = bucket.openTime + ms; openTime < target; openTime += ms) this.emit(frame, flat(openTime), closed);
    frame.bucket = flat(target);
  }

  private emit(frame: Frame, bucket: OpenBucket, closed: Candle[]): void {
    // Structure already guarantees order; the guard keeps the contract even if that changes.
    if (bucket.openTime <= frame.lastEmittedOpenTime) return;
    frame.lastEmittedOpenTime = bucket.openTime;
    closed.push(this.toCandle(frame.timeframe, bucket, true));
  }

  private toCandle(timeframe: Timeframe, bucket: OpenBucket, isClosed: boolean): Candle {
    const inst = this.instrument;
    return {
      symbol: inst.symbol,
      timeframe,
      openTime: bucket.openTime,
      open: ticksToPrice(bucket.open, inst),
      high: ticksToPrice(bucket.high, inst),
      low: ticksToPrice(bucket.low, inst),
      close: ticksToPrice(bucket.close, inst),
      volume: lotsToSize(bucket.lots, inst),
      trades: bucket.trades,
      isClosed,
    };
  }
}

function higher(a: Ticks, b: Ticks): Ticks {
  return a >= b ? a : b;
}

function lower(a: Ticks, b: Ticks): Ticks {
  return a <= b ? a : b;
}
