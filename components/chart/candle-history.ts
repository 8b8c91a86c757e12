// Candle history over REST (GET /api/candles), one TanStack Query per symbol and timeframe.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { barFromCandle, type Bar } from '@/lib/client/candle-merge.ts';
import type { Timeframe } from '@/lib/protocol/messages.ts';

/** Bars of history a chart loads. */
export const HISTORY_LIMIT = 500;

const responseSchema = z.object({
  candles: z.array(
    z.object({ openTime: z.number(), open: z.string(), high: z.string(), low: z.string(), close: z.string(), volume: z.string(), isClosed: z.boolean() }),
  ),
});

/** Fetches and validates history; 1s candles are live only (never stored), so they have none. */
export async function fetchCandleHistory(symbol: string, timeframe: Timeframe, signal?: AbortSignal): Promise<Bar[]> {
  if (timeframe === '1s') return [];
  const params = new URLSearchParams({ symbol, tf: timeframe, limit: String(HISTORY_LIMIT) });
  const response = await fetch(`/api/candles?${params.toString()}`, { signal });
  if (!response.ok) throw new Error(`candle history: HTTP ${response.status}`);
  const body = responseSchema.parse(await response.json());
  return body.candles.map(barFromCandle).filter((bar): bar is Bar => bar !== null);
}

/** The query for one chart series; live candles extend it, so it never goes stale by time. */
export function candleHistoryQuery(symbol: string, timeframe: Timeframe) {
  return queryOptions({
    queryKey: ['candles', symbol, timeframe] as const,
    queryFn: ({ signal }) => fetchCandleHistory(symbol, timeframe, signal),
    staleTime: Infinity,
  });
}
