// The trader view's shell: the saved theme, the query cache and the page's one gateway connection,
// kept while the user switches instruments.
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { TraderProviders } from '@/components/providers/trader-providers.tsx';
import { ThemeScript } from '@/components/theme/theme-script.tsx';
import { getRuntime } from '@/lib/runtime.ts';
import { NONCE_HEADER } from '@/server/web/security/response-headers.ts';

export const dynamic = 'force-dynamic';

export default async function TradeLayout({ children }: { children: ReactNode }) {
  const { publicGatewayUrl } = getRuntime().config;
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <>
      <ThemeScript nonce={nonce} />
      <TraderProviders gatewayUrl={publicGatewayUrl}>{children}</TraderProviders>
    </>
  );
}
