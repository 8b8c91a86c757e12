// Live candles of one symbol and timeframe, subscribed while they have listeners. Every (re)subscribe
// says which bar the client has newest (`resumeFrom`): the gateway answers with the closed candles it
// keeps from that bar on and the open one before live ones, so a bar that changed or closed during a
// drop is made current at once. (Refetching /api/candles would not do: it has closed candles only, the
// open bar is only published when it changes, and 1s candles are never stored.) A listener that joins
// a running subscription (the chart switching to the 1m the 24h figures hold) gets the newest bars first.
import type { CandleMessage, Timeframe } from '../protocol/messages.ts';
import { Lease } from './lease.ts';
import type { Subscribe, SubscriptionSet } from './subscription-set.ts';

/** Listeners of one candles channel; the session routes the channel's messages to `handle`. */
export class CandleFeed {
  private readonly listeners = new Set<(candle: CandleMessage) => void>();
  private readonly lease: Lease;
  /** The newest candle of each of the last two bars received while subscribed (the just-closed one and the open one), oldest first. */
  private newest: CandleMessage[] = [];

  constructor(
    private readonly symbol: string,
    private readonly timeframe: Timeframe,
    subscriptions: SubscriptionSet,
  ) {
    this.lease = new Lease(() => {
      const release = subscriptions.add(() => this.request());
      return () => {
        release();
        // A later subscription starts a new series (the chart clears it): nothing to resume.
        this.newest = [];
      };
    });
  }

  /** Adds a listener (handed the newest bars first), subscribing on the first; returns the remover. */
  listen(listener: (candle: CandleMessage) => void): () => void {
    const wrapped = (candle: CandleMessage): void => listener(candle);
    for (const candle of this.newest) wrapped(candle);
    this.listeners.add(wrapped);
    const release = this.lease.acquire();
    return () => {
      this.listeners.delete(wrapped);
      release();
    };
  }

  handle(candle: CandleMessage): void {
    this.newest = keepNewest(this.newest, candle);
    for (const listener of this.listeners) listener(candle);
  }

  /** The subscribe request at send time: it resumes from the newest bar received. */
  request(): Subscribe {
    const { symbol, timeframe } = this;
    const resumeFrom = this.newest.at(-1)?.openTime;
    return { op: 'subscribe', channel: 'candles', symbol, timeframe, ...(resumeFrom === undefined ? {} : { resumeFrom }) };
  }
}

/** The newest candle of each of the two newest bars, oldest first; a closed bar is final (a late open update of it is not kept). */
export function keepNewest(newest: readonly CandleMessage[], candle: CandleMessage): CandleMessage[] {
  const same = newest.find((kept) => kept.openTime === candle.openTime);
  if (same?.isClosed && !candle.isClosed) return [...newest];
  const others = newest.filter((kept) => kept.openTime !== candle.openTime);
  return [...others, candle].sort((a, b) => a.openTime - b.openTime).slice(-2);
}
