'use client';
// The trader view's client-side providers: TanStack Query's cache, the page's market session, and the
// book-to-order-form price pick.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { MarketSessionProvider } from '@/components/market-data/market-session-context.tsx';
import { PricePickProvider } from '@/components/order-entry/price-pick.tsx';

function createQueryClient(): QueryClient {
  // Live data arrives over the socket; REST history and account lists are refetched on purpose, not on focus.
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 2 } } });
}

export function TraderProviders({ gatewayUrl, children }: { gatewayUrl: string | undefined; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <MarketSessionProvider gatewayUrl={gatewayUrl}>
        <PricePickProvider>{children}</PricePickProvider>
      </MarketSessionProvider>
    </QueryClientProvider>
  );
}
