'use client';
// Keeps the account queries current: each order event is applied to the cached answers at once,
// then the queries are refetched (once per burst of events) so the server has the last word. After
// a reconnect everything is refetched, since events may have been missed.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyToAccount, applyToFills, applyToOrders, applyToPositions } from '@/lib/client/account-cache.ts';
import { useMarketSession } from '@/components/market-data/market-session-context.tsx';
import { useOnReconnect } from '@/components/market-data/use-on-reconnect.ts';
import { ACCOUNT_KEY, accountQuery, fillsQuery, ordersQuery, positionsQuery } from './account-queries.ts';

const REFETCH_AFTER_MS = 400;

/** Renders nothing; mount once per page. */
export function AccountSync() {
  const session = useMarketSession();
  const queryClient = useQueryClient();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = session.onOrderEvent((event) => {
      queryClient.setQueryData(ordersQuery.queryKey, (old) => (old ? applyToOrders(old, event) : old));
      queryClient.setQueryData(fillsQuery.queryKey, (old) => (old ? applyToFills(old, event) : old));
      queryClient.setQueryData(positionsQuery.queryKey, (old) => (old ? applyToPositions(old, event) : old));
      queryClient.setQueryData(accountQuery.queryKey, (old) => (old ? applyToAccount(old, event) : old));
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY }), REFETCH_AFTER_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [session, queryClient]);

  useOnReconnect(() => void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY }));
  return null;
}
