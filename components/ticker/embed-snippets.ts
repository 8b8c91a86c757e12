// The copy-paste snippets of the /embed help page: an iframe, or one <script> line that inserts it.
import { INSTRUMENTS } from '@/lib/market/instruments.ts';

/** What an embedder chooses; each maps to a query parameter of /embed/ticker. */
export interface SnippetOptions {
  symbols: string[];
  theme: 'light' | 'dark';
  layout: 'scroll' | 'grid';
  /** The widget's words; English (the default) is left out of the URL. */
  lang: 'en' | 'ko';
}

/** The iframe's height for a layout: one strip, or a header plus a row per symbol and the index. */
export function frameHeight(options: SnippetOptions): number {
  return options.layout === 'grid' ? 64 + 27 * (options.symbols.length + 1) : 40;
}

/** `/embed/ticker?...` for these options. */
export function tickerPath(options: SnippetOptions): string {
  const params = new URLSearchParams({ symbols: options.symbols.join(','), theme: options.theme, layout: options.layout, ...(options.lang === 'en' ? {} : { lang: options.lang }) });
  return `/embed/ticker?${params.toString().replace(/%2C/g, ',')}`;
}

// The iframe's accessible name, in the widget's language (the embedder's page, not this one); public/embed.js has the same two.
const FRAME_TITLES: Record<SnippetOptions['lang'], string> = { en: 'Tickwire ticker', ko: 'Tickwire 시세 티커' };

/** The iframe snippet. */
export function iframeSnippet(origin: string, options: SnippetOptions): string {
  return `<iframe src="${origin}${tickerPath(options)}" title="${FRAME_TITLES[options.lang]}" width="100%" height="${frameHeight(options)}" style="border:0" loading="lazy"></iframe>`;
}

/** The one-line loader: public/embed.js reads its data-* attributes and inserts the same iframe after itself. */
export function scriptSnippet(origin: string, options: SnippetOptions): string {
  const lang = options.lang === 'en' ? '' : ` data-lang="${options.lang}"`;
  return `<script src="${origin}/embed.js" data-symbols="${options.symbols.join(',')}" data-theme="${options.theme}" data-layout="${options.layout}"${lang} async></script>`;
}

/** The page's own origin from the request, for absolute snippets; empty (relative URLs) if the Host header looks wrong. */
export function originFrom(headers: Headers): string {
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? '';
  const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) ? `${proto}://${host}` : '';
}

/** Every listed symbol, for the parameters table. */
export const ALL_SYMBOLS = INSTRUMENTS.map((i) => i.symbol);
