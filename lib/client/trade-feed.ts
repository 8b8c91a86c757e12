// Public trades of one symbol for the tape. On first use it loads the recent trades (GET /api/trades),
// then subscribes to resume after the newest of them; every (re)subscribe resumes after the last trade
// applied, so the tape is full on load, has no hole after a reconnect, and shows no trade twice.
import type { TradeMessage } from '../protocol/messages.ts';
import { compareStreamIds } from '../protocol/stream-id.ts';
import { Lease } from './lease.ts';
import { TAPE_LENGTH } from './trade-tape.ts';
import type { Subscribe, SubscriptionSet } from './subscription-set.ts';

/** Loads the newest `limit` trades of a symbol, oldest first. */
export type TradeHistoryLoader = (symbol: string, limit: number) => Promise<TradeMessage[]>;

/** How many recent trades a feed keeps for a listener that joins later (the tape's length). */
export const RECENT_TRADES = TAPE_LENGTH;

/** Listeners of one symbol's trades; the session routes the channel's messages to `handle`. */
export class TradeFeed {
  private readonly listeners = new Set<(trade: TradeMessage) => void>();
  private readonly lease: Lease;
  /** Oldest first, at most RECENT_TRADES. */
  private recent: TradeMessage[] = [];
  private lastId: string | undefined;

  constructor(
    private readonly symbol: string,
    subscriptions: SubscriptionSet,
    private readonly loadHistory?: TradeHistoryLoader,
  ) {
    this.lease = new Lease(() => this.start(subscriptions));
  }

  /** The id of the newest trade applied: where the next subscribe resumes after. */
  get lastTradeId(): string | undefined {
    return this.lastId;
  }

  /** Adds a listener (handed the recent trades first), subscribing on the first; returns the remover. */
  listen(listener: (trade: TradeMessage) => void): () => void {
    const wrapped = (trade: TradeMessage): void => listener(trade);
    for (const trade of this.recent) wrapped(trade);
    this.listeners.add(wrapped);
    const release = this.lease.acquire();
    return () => {
      this.listeners.delete(wrapped);
      release();
    };
  }

  /** A trade from the channel or the history; one at or before the last applied is a repeat and is dropped. */
  handle(trade: TradeMessage): void {
    if (this.lastId !== undefined && compareStreamIds(trade.id, this.lastId) <= 0) return;
    this.lastId = trade.id;
    this.recent.push(trade);
    if (this.recent.length > RECENT_TRADES) this.recent.shift();
    for (const listener of this.listeners) listener(trade);
  }

  /** The subscribe request at send time: it resumes after the last trade applied. */
  request(): Subscribe {
    return { op: 'subscribe', channel: 'trades', symbol: this.symbol, ...(this.lastId === undefined ? {} : { resumeAfter: this.lastId }) };
  }

  // The history first, then the subscription (resuming after it); a failed load still subscribes, live only.
  private start(subscriptions: SubscriptionSet): () => void {
    let release: (() => void) | undefined;
    let isStopped = false;
    const subscribe = (): void => {
      if (!isStopped) release = subscriptions.add(() => this.request());
    };
    if (this.loadHistory === undefined) subscribe();
    else {
      this.loadHistory(this.symbol, RECENT_TRADES)
        .then((trades) => {
          if (!isStopped) for (const trade of trades) this.handle(trade);
        })
        .catch(() => undefined)
        .finally(subscribe);
    }
    return () => {
      isStopped = true;
      release?.();
    };
  }
}

/** The browser's loader: GET /api/trades on the page's origin. */
export async function fetchRecentTrades(symbol: string, limit: number): Promise<TradeMessage[]> {
  const params = new URLSearchParams({ symbol, limit: String(limit) });
  const response = await fetch(`/api/trades?${params.toString()}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET /api/trades answered ${response.status}`);
  const body = (await response.json()) as { trades?: unknown };
  return Array.isArray(body.trades) ? (body.trades as TradeMessage[]) : [];
}
