// The subscriptions a page wants, re-sent on every (re)connection so a reconnect restores them all.
import type { Timeframe, UnsubscribeRequest } from '../protocol/messages.ts';
import type { GatewayLink } from './live-socket.ts';

/** A subscribe request as the browser sends it (no id: replies are matched by channel and symbol). */
export type Subscribe =
  | { op: 'subscribe'; channel: 'book'; symbol: string; depth: number; resumeSeq?: number; resumeEpoch?: number; timing?: boolean }
  | { op: 'subscribe'; channel: 'trades'; symbol: string; resumeAfter?: string }
  | { op: 'subscribe'; channel: 'candles'; symbol: string; timeframe: Timeframe; resumeFrom?: number };

/** Builds the subscribe request at send time, so a book (trades, candles) can resume from its latest sequence (trade, bar). */
export type SubscribeBuilder = () => Subscribe;

/** Keyed, reference-counted subscriptions over one socket. */
export class SubscriptionSet {
  private readonly wanted = new Map<string, { build: SubscribeBuilder; count: number }>();

  constructor(private readonly socket: GatewayLink) {
    socket.onOpen(() => {
      for (const entry of this.wanted.values()) this.socket.send(entry.build());
    });
  }

  /** Subscribes (at once if connected) and returns the release function. */
  add(build: SubscribeBuilder): () => void {
    const key = keyOf(build());
    const existing = this.wanted.get(key);
    if (existing) {
      existing.count++;
    } else {
      this.wanted.set(key, { build, count: 1 });
      this.socket.send(build());
    }
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.release(key);
    };
  }

  /** Sends one subscription again, e.g. to get a fresh snapshot after a gap. */
  resend(key: string): void {
    const entry = this.wanted.get(key);
    if (entry) this.socket.send(entry.build());
  }

  private release(key: string): void {
    const entry = this.wanted.get(key);
    if (!entry || --entry.count > 0) return;
    this.wanted.delete(key);
    const request = entry.build();
    const unsubscribe: Omit<UnsubscribeRequest, 'id'> = {
      op: 'unsubscribe',
      channel: request.channel,
      symbol: request.symbol,
      ...(request.channel === 'candles' ? { timeframe: request.timeframe } : {}),
    };
    this.socket.send(unsubscribe);
  }
}

/** The key of a subscription: channel, symbol and (candles) timeframe, like the gateway's. */
export function keyOf(request: Subscribe): string {
  return request.channel === 'candles' ? `candles:${request.symbol}:${request.timeframe}` : `${request.channel}:${request.symbol}`;
}
