// Live valuation of positions for display: unrealized P&L at the current mid, and account equity.
import type { PositionRow } from './account-schemas.ts';
import type { Quote } from '../protocol/index-tick.ts';

/** A position valued at a mark; numbers for display, the server's strings stay the record. */
export interface ValuedPosition {
  symbol: string;
  quantity: number;
  avgCost: number;
  realizedPnl: number;
  mark: number | undefined;
  marketValue: number | undefined;
  unrealizedPnl: number | undefined;
}

/** The mid of a quote; undefined without both sides. */
export function midOf(quote: Quote | undefined): number | undefined {
  if (!quote) return undefined;
  const bid = Number(quote.bid);
  const ask = Number(quote.ask);
  return bid > 0 && ask > 0 ? (bid + ask) / 2 : undefined;
}

/** Values a position at the mid of its quote. */
export function valuePosition(position: PositionRow, quote: Quote | undefined): ValuedPosition {
  const quantity = Number(position.quantity);
  const avgCost = Number(position.avgCost);
  const mark = midOf(quote);
  return {
    symbol: position.symbol,
    quantity,
    avgCost,
    realizedPnl: Number(position.realizedPnl),
    mark,
    marketValue: mark === undefined ? undefined : quantity * mark,
    unrealizedPnl: mark === undefined || quantity === 0 ? (quantity === 0 ? 0 : undefined) : quantity * (mark - avgCost),
  };
}

/** Totals over valued positions: market value and P&L; undefined while any holding has no mark. */
export function accountTotals(cash: number, positions: readonly ValuedPosition[]): { equity: number | undefined; unrealizedPnl: number | undefined; realizedPnl: number } {
  let equity: number | undefined = cash;
  let unrealized: number | undefined = 0;
  let realized = 0;
  for (const p of positions) {
    realized += p.realizedPnl;
    if (p.quantity === 0) continue;
    equity = equity === undefined || p.marketValue === undefined ? undefined : equity + p.marketValue;
    unrealized = unrealized === undefined || p.unrealizedPnl === undefined ? undefined : unrealized + p.unrealizedPnl;
  }
  return { equity, unrealizedPnl: unrealized, realizedPnl: realized };
}
