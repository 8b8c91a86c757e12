'use client';
// Runs the Book tab's three connections while it is mounted (the tab is shown) and re-renders twice a
// second; leaving the tab unmounts it, which closes them. Each run starts from fresh counters.
import { useEffect, useState } from 'react';
import { createLabHops, type LabHops } from '@/lib/client/lab/book-hops.ts';
import { createBookStats, resetBookStats, type BookStats } from '@/lib/client/lab/book-stats.ts';
import { LAB_BOOK_SYMBOL, startBookTransports } from '@/lib/client/lab/book-transports.ts';
import { gatewaySocketIoOrigin, gatewayWsUrl } from '@/lib/client/lab/gateway-origin.ts';

const RENDER_EVERY_MS = 500;

/**
 * The three books' live stats, in the order the tab shows them, and their hop times; mutated by the
 * transports, read on each render.
 */
export function useLabBooks(gatewayUrl: string | undefined): { all: readonly BookStats[]; hops: LabHops } {
  const [stats] = useState(() => ({
    ws: createBookStats('ws', LAB_BOOK_SYMBOL),
    stomp: createBookStats('stomp', LAB_BOOK_SYMBOL),
    socketio: createBookStats('socketio', LAB_BOOK_SYMBOL),
  }));
  // Fresh with every mount of the tab, as the counters are.
  const [hops] = useState(createLabHops);
  const [, setFrame] = useState(0);
  useEffect(() => {
    for (const s of [stats.ws, stats.stomp, stats.socketio]) resetBookStats(s);
    const stop = startBookTransports(stats, { wsUrl: gatewayWsUrl(gatewayUrl, location), socketIoOrigin: gatewaySocketIoOrigin(gatewayUrl, location) }, hops);
    const timer = setInterval(() => setFrame((n) => n + 1), RENDER_EVERY_MS);
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [stats, hops, gatewayUrl]);
  return { all: [stats.ws, stats.stomp, stats.socketio], hops };
}
