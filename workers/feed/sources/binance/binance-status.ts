// Connection and sync milestones of the Binance adapter, for logs, metrics and tests.
import type { ResyncReason } from './depth-sync.ts';

/** One milestone; `resync` says why a symbol's book is being rebuilt from a new snapshot. */
export type BinanceStatus =
  | { type: 'open' }
  | { type: 'closed'; code: number; detail: string; retryInMs: number }
  | { type: 'synced'; symbol: string }
  | { type: 'resync'; symbol: string; reason: ResyncReason }
  | { type: 'snapshot-failed'; symbol: string; detail: string };
