// The normalized events every market source emits (simulator, replay file, exchange adapter).
import type { LevelsEvent, SnapshotEvent } from '../../../lib/market/book-events.ts';

export type { LevelsEvent, SnapshotEvent } from '../../../lib/market/book-events.ts';

/** An executed trade; `side` is the aggressor's, price and size are decimal strings. */
export interface TradeEvent {
  type: 'trade';
  symbol: string;
  ts: number;
  id: string;
  price: string;
  size: string;
  side: 'buy' | 'sell';
}

/** Anything a source emits. Book events for a symbol start with a snapshot. */
export type SourceEvent = SnapshotEvent | LevelsEvent | TradeEvent;

/** Receives each event in order. */
export type EmitSourceEvent = (event: SourceEvent) => void;

/** A market data source the feed can run. */
export interface FeedSource {
  /** Starts producing events; the first book event per symbol is a snapshot. */
  start(emit: EmitSourceEvent): void;
  /** Stops producing events; safe to call twice. */
  stop(): void;
}
