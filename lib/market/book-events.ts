// The normalized book events every source (simulator, replay file, exchange adapter) emits.
import type { WireLevel } from './book-messages.ts';

/** The source's whole book for a symbol; replaces whatever was there. */
export interface SnapshotEvent {
  type: 'snapshot';
  symbol: string;
  ts: number;
  bids: readonly WireLevel[];
  asks: readonly WireLevel[];
}

/** Absolute sizes of the levels that changed ("0" removes a level), applied atomically. */
export interface LevelsEvent {
  type: 'levels';
  symbol: string;
  ts: number;
  bids: readonly WireLevel[];
  asks: readonly WireLevel[];
}

/** Any event that changes a book. */
export type BookEvent = SnapshotEvent | LevelsEvent;
