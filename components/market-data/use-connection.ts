'use client';
// The gateway connection's state and latency, for the status bar and for "is this book live".
import type { ConnectionInfo } from '@/lib/client/market-session.ts';
import { useMarketSession } from './market-session-context.tsx';
import { useFrameStore } from './use-frame-store.ts';

export function useConnection(): ConnectionInfo {
  return useFrameStore(useMarketSession().connection);
}
