'use client';
// A book's per-hop latency (p50/p99 of its recent deltas) and the clock offset used for the network
// hop, read once a second: a footer figure, not worth a render per frame.
import { useEffect, useMemo, useState } from 'react';
import type { ClockOffsetEstimate } from '@/lib/client/clock-offset.ts';
import type { HopSummary } from '@/lib/client/hop-ring.ts';
import { useMarketSession } from './market-session-context.tsx';

export interface BookHops {
  summary: HopSummary;
  clock: ClockOffsetEstimate | undefined;
}

const EVERY_MS = 1000;

/** The symbol's hop summary, or undefined when its book is not timed. */
export function useBookHops(symbol: string): BookHops | undefined {
  const session = useMarketSession();
  const feed = useMemo(() => session.book(symbol), [session, symbol]);
  const [hops, setHops] = useState<BookHops | undefined>(undefined);
  useEffect(() => {
    const timing = feed.timing;
    if (!timing) return;
    const read = (): void => setHops({ summary: timing.summary(), clock: session.clock.estimate() });
    read();
    const timer = setInterval(read, EVERY_MS);
    return () => clearInterval(timer);
  }, [feed, session]);
  return hops;
}
