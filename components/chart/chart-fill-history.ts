'use client';
// The chart instrument's latest fills over REST (GET /api/fills?symbol=&limit=), for the markers of
// fills older than what the account panel keeps. Under the account key, so the refetch after each
// burst of order events refreshes it too.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { fillsSchema, type FillRow } from '@/lib/client/account-schemas.ts';
import { ACCOUNT_KEY } from '@/components/account/account-queries.ts';
import { useConnection } from '@/components/market-data/use-connection.ts';
import { MAX_MARKED_FILLS } from './fill-markers.ts';

function chartFillsQuery(symbol: string) {
  return queryOptions({
    queryKey: [...ACCOUNT_KEY, 'chart-fills', symbol] as const,
    queryFn: async ({ signal }): Promise<FillRow[]> => {
      const response = await fetch(`/api/fills?symbol=${encodeURIComponent(symbol)}&limit=${MAX_MARKED_FILLS}`, { credentials: 'same-origin', signal });
      // No session yet: no fills to mark.
      if (response.status === 401 || response.status === 404) return [];
      if (!response.ok) throw new Error(`/api/fills: HTTP ${response.status}`);
      return fillsSchema.parse(await response.json()).fills;
    },
  });
}

/** The symbol's latest fills; empty until loaded or without a session. */
export function useChartFillHistory(symbol: string): readonly FillRow[] | undefined {
  return useQuery({ ...chartFillsQuery(symbol), enabled: useConnection().isAuthenticated }).data;
}
