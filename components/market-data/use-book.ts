'use client';
// The live book of a symbol, subscribed while a component shows it.
import { useEffect, useMemo } from 'react';
import type { BookView } from '@/lib/client/book-feed.ts';
import { useMarketSession } from './market-session-context.tsx';
import { useFrameStore } from './use-frame-store.ts';

/** The symbol's book view, refreshed at most once per frame. */
export function useBook(symbol: string): BookView {
  const session = useMarketSession();
  const feed = useMemo(() => session.book(symbol), [session, symbol]);
  useEffect(() => feed.acquire(), [feed]);
  return useFrameStore(feed.view);
}
