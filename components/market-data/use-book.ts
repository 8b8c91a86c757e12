'use client';
// The live book of a symbol, subscribed while a component shows it.
import { useEffect, useLayoutEffect, useMemo } from 'react';
import type { BookView } from '@/lib/client/book-feed.ts';
import { useMarketSession } from './market-session-context.tsx';
import { useFrameStore } from './use-frame-store.ts';

/** The symbol's book view, refreshed at most once per frame. */
export function useBook(symbol: string): BookView {
  const session = useMarketSession();
  const feed = useMemo(() => session.book(symbol), [session, symbol]);
  useEffect(() => feed.acquire(), [feed]);
  const view = useFrameStore(feed.view);
  // Runs once the render showing this view is committed: the moment its deltas' render hop ends.
  useLayoutEffect(() => feed.markRendered(), [feed, view]);
  return view;
}
