// /embed — how to put the live ticker on another site: a preview, the copy-paste snippets, the options.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { SnippetBuilder } from '@/components/ticker/snippet-builder.tsx';
import { ALL_SYMBOLS, originFrom, type SnippetOptions } from '@/components/ticker/embed-snippets.ts';
import { EMBED_NAMESPACES, MESSAGES, pickMessages } from '@/i18n/messages.ts';
import styles from './embed.module.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('embed'))('title') };
}

const STRIP: Omit<SnippetOptions, 'lang'> = { symbols: ['BTC-USD', 'ETH-USD', 'SOL-USD', 'AAPL', 'MSFT', 'NVDA'], theme: 'dark', layout: 'scroll' };
const GRID: Omit<SnippetOptions, 'lang'> = { symbols: ['BTC-USD', 'ETH-USD', 'AAPL', 'TSLA'], theme: 'light', layout: 'grid' };
const code = (chunks: ReactNode) => <code>{chunks}</code>;

export default async function EmbedHelpPage() {
  const origin = originFrom(await headers());
  const locale = await getLocale();
  const t = await getTranslations('embed');
  return (
    <NextIntlClientProvider locale={locale} messages={pickMessages(MESSAGES[locale], EMBED_NAMESPACES)}>
      <main className={styles.main}>
        <h1>{t('heading')}</h1>
        <p className="muted">{t('intro')}</p>

        <SnippetBuilder origin={origin} presets={[STRIP, GRID]} initialLang={locale} classNames={{ preview: styles.preview, snippet: styles.snippet, language: styles.language }} />

        <h2>{t('options')}</h2>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>{t('parameter')}</th>
              <th>{t('values')}</th>
              <th>{t('default')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><code>symbols</code> / <code>data-symbols</code></td>
              <td>{t('symbolsValues', { symbols: ALL_SYMBOLS.join(', ') })}</td>
              <td>{t('symbolsDefault')}</td>
            </tr>
            <tr>
              <td><code>theme</code> / <code>data-theme</code></td>
              <td><code>light</code>, <code>dark</code></td>
              <td><code>dark</code></td>
            </tr>
            <tr>
              <td><code>layout</code> / <code>data-layout</code></td>
              <td>{t.rich('layoutValues', { code })}</td>
              <td><code>scroll</code></td>
            </tr>
            <tr>
              <td><code>speed</code> / <code>data-speed</code></td>
              <td>{t('speedValues')}</td>
              <td>60</td>
            </tr>
            <tr>
              <td><code>lang</code> / <code>data-lang</code></td>
              <td>{t.rich('langValues', { code })}</td>
              <td><code>en</code></td>
            </tr>
          </tbody>
        </table>
        <p className="muted">{t.rich('framing', { code })}</p>
      </main>
    </NextIntlClientProvider>
  );
}
