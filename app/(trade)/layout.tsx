// The trader view's shell: the saved theme, the page's messages, the query cache and the page's one
// gateway connection, kept while the user switches instruments (and languages).
import { headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale } from 'next-intl/server';
import type { ReactNode } from 'react';
import { TraderProviders } from '@/components/providers/trader-providers.tsx';
import { ThemeScript } from '@/components/theme/theme-script.tsx';
import { MESSAGES, pickMessages, TRADER_NAMESPACES } from '@/i18n/messages.ts';
import { getRuntime } from '@/lib/runtime.ts';
import { NONCE_HEADER } from '@/server/web/security/response-headers.ts';

export const dynamic = 'force-dynamic';

export default async function TradeLayout({ children }: { children: ReactNode }) {
  const { publicGatewayUrl } = getRuntime().config;
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  const locale = await getLocale();
  return (
    <>
      <ThemeScript nonce={nonce} />
      <NextIntlClientProvider locale={locale} messages={pickMessages(MESSAGES[locale], TRADER_NAMESPACES)}>
        <TraderProviders gatewayUrl={publicGatewayUrl}>{children}</TraderProviders>
      </NextIntlClientProvider>
    </>
  );
}
