// The trader view's shell: the saved theme, the query cache and the page's one gateway connection,
// kept while the user switches instruments.
import type { ReactNode } from 'react';
import { TraderProviders } from '@/components/providers/trader-providers.tsx';
import { ThemeScript } from '@/components/theme/theme-script.tsx';
import { getRuntime } from '@/lib/runtime.ts';

export const dynamic = 'force-dynamic';

export default function TradeLayout({ children }: { children: ReactNode }) {
  const { publicGatewayUrl } = getRuntime().config;
  return (
    <>
      <ThemeScript />
      <TraderProviders gatewayUrl={publicGatewayUrl}>{children}</TraderProviders>
    </>
  );
}
