import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ZodJitless } from '@/components/csp/zod-jitless.tsx';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('meta');
  return { title: t('title'), description: t('description') };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not. The language is the request's too (i18n/request.ts).
  await connection();
  const locale = await getLocale();
  // The trader view's inline theme script may switch data-theme before hydration: the DOM wins.
  return (
    <html lang={locale} data-theme="dark" suppressHydrationWarning>
      <body>
        <ZodJitless />
        {children}
      </body>
    </html>
  );
}
