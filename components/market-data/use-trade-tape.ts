'use client';
// The latest public trades of a symbol, newest first, batched per animation frame.
import { useEffect, useMemo } from 'react';
import { ValueStore } from '@/lib/client/frame-store.ts';
import { pushTrade, type TapeTrade } from '@/lib/client/trade-tape.ts';
import { useMarketSession } from './market-session-context.tsx';
import { useFrameStore } from './use-frame-store.ts';

export function useTradeTape(symbol: string): readonly TapeTrade[] {
  const session = useMarketSession();
  const store = useMemo(() => new ValueStore<readonly TapeTrade[]>([]), []);
  useEffect(() => {
    store.set([]);
    return session.tradeFeed(symbol).listen((trade) => store.set(pushTrade(store.current, trade)));
  }, [session, symbol, store]);
  return useFrameStore(store);
}
