// Appends the composite index, with every instrument's quote, to the index stream at a fixed cadence.
import type { Broker } from '../../lib/broker/broker.ts';
import { computeCompositeIndex } from '../../lib/market/composite-index.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import type { IndexTick, Quote } from '../../lib/protocol/index-tick.ts';
import type { DayChange } from './day-change.ts';

/** One instrument as the index publisher sees it. */
export interface QuoteSource {
  symbol: string;
  pricePrecision: number;
  bestBid(): string | undefined;
  bestAsk(): string | undefined;
  lastTrade(): string | undefined;
  dayChange: DayChange;
}

/** Roughly 1.4 hours at 4 Hz: what a reconnecting SSE client can resume from. */
export const INDEX_STREAM_MAX_LEN = 20_000;

/** Builds the tick from the current books; null until every book has a two-sided quote. */
export function buildIndexTick(sources: readonly QuoteSource[], indexDay: DayChange, now: number): IndexTick | null {
  const quotes: Record<string, Quote> = {};
  const mids: Record<string, number> = {};
  for (const source of sources) {
    const bid = source.bestBid();
    const ask = source.bestAsk();
    if (bid === undefined || ask === undefined) return null;
    const mid = (Number(bid) + Number(ask)) / 2;
    mids[source.symbol] = mid;
    const last = source.lastTrade() ?? mid.toFixed(source.pricePrecision);
    source.dayChange.record(now, Number(last));
    quotes[source.symbol] = { last, bid, ask, changePct: source.dayChange.changePct(Number(last)).toFixed(2) };
  }
  const { value } = computeCompositeIndex(mids);
  indexDay.record(now, value);
  return { ts: now, value: value.toFixed(2), changePct: indexDay.changePct(value).toFixed(2), quotes };
}

/** Appends a tick to the stream and publishes it live; returns the stream id. */
export function publishIndexTick(broker: Broker, tick: IndexTick): Promise<string> {
  return broker.append(INDEX_STREAM, JSON.stringify(tick), { maxLen: INDEX_STREAM_MAX_LEN, publish: true });
}
