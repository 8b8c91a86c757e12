import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ZodJitless } from '@/components/csp/zod-jitless.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: 'Tickwire — live market data',
  description: 'A live market-data dashboard that picks its real-time transport by the direction of the data.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not.
  await connection();
  // The trader view's inline theme script may switch data-theme before hydration: the DOM wins.
  return (
    <html lang="en" data-theme="dark" suppressHydrationWarning>
      <body>
        <ZodJitless />
        {children}
      </body>
    </html>
  );
}
