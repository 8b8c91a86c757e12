'use client';
// Runs a callback each time the gateway connection comes back after being lost (e.g. to refetch
// REST data that may have a hole from the outage).
import { useEffect, useRef } from 'react';
import { useMarketSession } from './market-session-context.tsx';

export function useOnReconnect(callback: () => void): void {
  const session = useMarketSession();
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(
    () =>
      session.socket.onState((change) => {
        if (change.newState === 'open' && change.oldState === 'reconnecting') latest.current();
      }),
    [session],
  );
}
