'use client';
// Gives the page one MarketSession, started after the page's demo session exists so the socket's
// handshake already carries the session cookie. Its socket is the browser's one, shared by every tab
// (lib/client/shared), or with `?shared=0` one of the page's own.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { MarketSession } from '@/lib/client/market-session.ts';
import { browserTabSession } from '@/lib/client/shared/browser-sharing.ts';
import { SharedLink } from '@/lib/client/shared/shared-link.ts';
import { gatewayUrlFor } from '@/lib/client/socket-factory.ts';
import { fetchRecentTrades } from '@/lib/client/trade-feed.ts';
import { ensureSession } from './ensure-session.ts';

const SessionContext = createContext<MarketSession | null>(null);

/** Owns the page's session: created once, started on mount, stopped on unmount. */
export function MarketSessionProvider({ gatewayUrl, children }: { gatewayUrl: string | undefined; children: ReactNode }) {
  // The URL is only known in the browser; during server rendering the session is created but never started.
  // The trader view times its books: the footer shows where each delta's milliseconds go.
  const [session] = useState(() => {
    const url = typeof location === 'undefined' ? '' : gatewayUrlFor(location, gatewayUrl);
    const shared = browserTabSession();
    return new MarketSession({ url, loadTrades: fetchRecentTrades, timeBooks: true, ...(shared ? { link: new SharedLink(shared, url) } : {}) });
  });
  useEffect(() => {
    let isCancelled = false;
    let lastRetry = 0;
    let lastRenewal = 0;
    void ensureSession().finally(() => {
      if (!isCancelled) session.start();
    });
    // An anonymous socket means the cookie is missing or stale (the server was down at load, or its
    // database is new): get a session and reconnect with it, at most every 30 s.
    const stop = session.socket.onMessage((message) => {
      if (message.type !== 'hello' || message.isAuthenticated || Date.now() - lastRetry < 30_000) return;
      lastRetry = Date.now();
      void ensureSession().then((ok) => {
        if (ok && !isCancelled) session.socket.reconnect('signed in');
      });
    });
    // The session ended (signed out, here or in another tab, or expired): the socket is retrying with
    // backoff; get a session first and reconnect with it at once, at most every 10 s, so a server that
    // keeps ending sessions meets the backoff rather than a loop.
    const stopRenewing = session.onSessionEnded(() => {
      if (Date.now() - lastRenewal < 10_000) return;
      lastRenewal = Date.now();
      void ensureSession().then((ok) => {
        if (ok && !isCancelled) session.socket.reconnect('new session');
      });
    });
    return () => {
      isCancelled = true;
      stop();
      stopRenewing();
      session.stop();
    };
  }, [session]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The page's MarketSession; throws outside the provider (a wiring bug, not a runtime condition). */
export function useMarketSession(): MarketSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useMarketSession must be used inside <MarketSessionProvider>');
  return session;
}
