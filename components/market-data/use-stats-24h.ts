'use client';
// Rolling 24 h figures in the browser. The chosen instrument's are live: a day of stored 1m candles
// (GET /api/candles) joined with the live 1m candles, refolded each frame a candle arrives and every few
// seconds as the window slides. Every instrument's, for the picker, come from GET /api/tickers (as of
// the last closed minute), refetched each minute.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { z } from 'zod';
import { FrameStore } from '@/lib/client/frame-store.ts';
import { MinuteWindow } from '@/lib/client/minute-window.ts';
import { DAY_MS, type Stats24h } from '@/lib/market/rolling-stats.ts';
import { useMarketSession } from './market-session-context.tsx';
import { useFrameStore } from './use-frame-store.ts';
import { useOnReconnect } from './use-on-reconnect.ts';

const SLIDE_MS = 5_000;
const REFOLD_MS = 250;
const MINUTES_PER_DAY = 1440;

const minuteSchema = z.object({ openTime: z.number(), open: z.string(), high: z.string(), low: z.string(), close: z.string(), volume: z.string(), isClosed: z.boolean() });
const historySchema = z.object({ candles: z.array(minuteSchema) });

async function fetchDay(symbol: string, signal: AbortSignal): Promise<z.infer<typeof minuteSchema>[]> {
  const params = new URLSearchParams({ symbol, tf: '1m', from: String(Date.now() - DAY_MS), limit: String(MINUTES_PER_DAY) });
  const response = await fetch(`/api/candles?${params.toString()}`, { signal });
  if (!response.ok) throw new Error(`24h candles: HTTP ${response.status}`);
  return historySchema.parse(await response.json()).candles;
}

/** The chosen instrument's 24 h figures, live; null until the first candle is known. */
export function useLiveStats24h(symbol: string): Stats24h | null {
  const session = useMarketSession();
  const window = useMemo(() => new MinuteWindow(), []);
  // Refolded at most every REFOLD_MS however many candles arrive (a fold is ~1440 exact decimal additions).
  const store = useMemo(() => new FrameStore(() => window.stats(), (run) => void setTimeout(run, REFOLD_MS)), [window]);

  useEffect(() => {
    window.clear();
    store.invalidate();
    const slide = setInterval(() => store.invalidate(), SLIDE_MS);
    const stop = session.candleFeed(symbol, '1m').listen((candle) => {
      if (window.add(candle)) store.invalidate();
    });
    return () => {
      clearInterval(slide);
      stop();
    };
  }, [session, symbol, window, store]);

  const history = useQuery(
    queryOptions({ queryKey: ['candles-24h', symbol] as const, queryFn: ({ signal }) => fetchDay(symbol, signal), staleTime: Infinity }),
  );
  useEffect(() => {
    if (!history.data) return;
    for (const candle of history.data) window.add({ ...candle, isClosed: true });
    store.invalidate();
  }, [history.data, window, store]);
  // Minutes that closed while the socket was down are in the database.
  useOnReconnect(() => void history.refetch());

  return useFrameStore(store);
}

const tickersSchema = z.object({
  asOf: z.number(),
  tickers: z.array(
    z.object({
      symbol: z.string(),
      stats24h: z
        .object({ open: z.string(), high: z.string(), low: z.string(), last: z.string(), change: z.string(), changePct: z.string(), volume: z.string(), quoteVolume: z.string(), from: z.number(), to: z.number() })
        .nullable(),
    }),
  ),
});

async function fetchTickers(signal: AbortSignal): Promise<Map<string, Stats24h>> {
  const response = await fetch('/api/tickers', { signal });
  if (!response.ok) throw new Error(`tickers: HTTP ${response.status}`);
  const { tickers } = tickersSchema.parse(await response.json());
  return new Map(tickers.flatMap((t) => (t.stats24h ? [[t.symbol, t.stats24h] as const] : [])));
}

/** Every instrument's 24 h figures from GET /api/tickers: fetched once ahead, then each minute while `isActive`. */
export function useTickers(isActive: boolean): Map<string, Stats24h> | undefined {
  return useQuery({ queryKey: ['tickers'], queryFn: ({ signal }) => fetchTickers(signal), refetchInterval: isActive ? 60_000 : false, staleTime: 30_000 }).data;
}
