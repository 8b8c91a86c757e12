// `/lab`: the transport lab — the index over six transports side by side, and a book over the three socket codecs.
import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { LabView } from '@/components/lab/lab-view.tsx';
import { LAB_NAMESPACES, MESSAGES, pickMessages } from '@/i18n/messages.ts';
import { getRuntime } from '@/lib/runtime.ts';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meta'))('labTitle') };
}

export default async function LabPage() {
  const locale = await getLocale();
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(MESSAGES[locale], LAB_NAMESPACES)}>
      <LabView gatewayUrl={getRuntime().config.publicGatewayUrl} />
    </NextIntlClientProvider>
  );
}
