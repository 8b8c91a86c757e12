// /embed — how to put the live ticker on another site: a preview, the copy-paste snippets, the options.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { CopyButton } from '@/components/ticker/copy-button.tsx';
import { ALL_SYMBOLS, frameHeight, iframeSnippet, originFrom, scriptSnippet, tickerPath, type SnippetOptions } from '@/components/ticker/embed-snippets.ts';
import styles from './embed.module.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Embed the ticker — Tickwire' };

const STRIP: SnippetOptions = { symbols: ['BTC-USD', 'ETH-USD', 'SOL-USD', 'AAPL', 'MSFT', 'NVDA'], theme: 'dark', layout: 'scroll' };
const GRID: SnippetOptions = { symbols: ['BTC-USD', 'ETH-USD', 'AAPL', 'TSLA'], theme: 'light', layout: 'grid' };

export default async function EmbedHelpPage() {
  const origin = originFrom(await headers());
  const snippets = [
    { label: 'iframe snippet', text: iframeSnippet(origin, STRIP), testId: 'snippet-iframe' },
    { label: 'script snippet', text: scriptSnippet(origin, STRIP), testId: 'snippet-script' },
  ];
  return (
    <main className={styles.main}>
      <h1>Embed the live ticker</h1>
      <p className="muted">The composite index and the symbols you choose, live over Server-Sent Events, on any page. No library: the widget uses the browser&apos;s own EventSource and resumes after a disconnect without missing a tick.</p>

      <h2>Preview</h2>
      <div className={styles.preview}>
        {[STRIP, GRID].map((options) => (
          <iframe key={options.layout} src={tickerPath(options)} title={`Tickwire ticker, ${options.layout}`} height={frameHeight(options)} />
        ))}
      </div>

      <h2>Copy and paste</h2>
      {snippets.map((s) => (
        <pre key={s.testId} className={styles.snippet}>
          <code data-testid={s.testId}>{s.text}</code>
          <CopyButton text={s.text} label={s.label} />
        </pre>
      ))}

      <h2>Options</h2>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>parameter (iframe) / attribute (script)</th>
            <th>values</th>
            <th>default</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td><code>symbols</code> / <code>data-symbols</code></td>
            <td>comma-separated, up to 20 of {ALL_SYMBOLS.join(', ')}</td>
            <td>all of them</td>
          </tr>
          <tr>
            <td><code>theme</code> / <code>data-theme</code></td>
            <td><code>light</code>, <code>dark</code></td>
            <td><code>dark</code></td>
          </tr>
          <tr>
            <td><code>layout</code> / <code>data-layout</code></td>
            <td><code>scroll</code> (one moving strip), <code>grid</code> (a table with bid and ask)</td>
            <td><code>scroll</code></td>
          </tr>
          <tr>
            <td><code>speed</code> / <code>data-speed</code></td>
            <td>pixels per second, 0–400; 0 keeps the strip still</td>
            <td>60</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">
        Any site may frame the widget unless the operator narrows it with <code>EMBED_FRAME_ANCESTORS</code>; every other Tickwire page refuses to be framed. A wrong option shows a one-line error (HTTP 400) inside the frame, naming the parameter.
      </p>
    </main>
  );
}
