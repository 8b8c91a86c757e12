'use client';
// The price of the symbol's last public trade, the one stop orders trigger on (the trade feed the tape
// shows; the headline's index quote is not a trade). Undefined until a trade is seen.
import { useEffect, useMemo } from 'react';
import { ValueStore } from '@/lib/client/frame-store.ts';
import { useMarketSession } from './market-session-context.tsx';
import { useFrameStore } from './use-frame-store.ts';

export function useLastTradePrice(symbol: string): string | undefined {
  const session = useMarketSession();
  const store = useMemo(() => new ValueStore<string | undefined>(undefined), []);
  useEffect(() => {
    store.set(undefined);
    // The feed hands the recent trades oldest first, then live ones: the last one handed is the last trade.
    return session.tradeFeed(symbol).listen((trade) => {
      if (trade.price !== store.current) store.set(trade.price);
    });
  }, [session, symbol, store]);
  return useFrameStore(store);
}
