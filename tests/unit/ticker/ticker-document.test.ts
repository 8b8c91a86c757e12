// The widget document: options validated, markup for the index and each symbol, a CSP that allows exactly its own script.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { embedOptionsSchema } from '../../../lib/protocol/embed-options.ts';
import { renderTickerDocument, tickerPolicy } from '../../../server/web/ticker/ticker-document.ts';

const options = (query: Record<string, string>) => embedOptionsSchema.parse(query);

describe('ticker widget document', () => {
  it('defaults to every symbol, dark, scrolling at 60 px/s', () => {
    const parsed = options({});
    assert.equal(parsed.symbols.length, 9);
    assert.deepEqual([parsed.theme, parsed.layout, parsed.speed], ['dark', 'scroll', 60]);
  });

  it('refuses bad options, naming them', () => {
    for (const [query, path, message] of [
      [{ theme: 'blue' }, 'theme', 'must be light or dark'],
      [{ layout: 'list' }, 'layout', 'must be scroll or grid'],
      [{ speed: '-1' }, 'speed', 'must be 0 to 400'],
      [{ speed: 'fast' }, 'speed', 'must be a number of pixels per second'],
      [{ symbols: 'BTC-USD,<script>' }, 'symbols', 'unknown symbol "<script>"'],
      [{ lang: 'fr' }, 'lang', 'must be en or ko'],
    ] as const) {
      const parsed = embedOptionsSchema.safeParse(query);
      assert.deepEqual([parsed.error?.issues[0]?.path, parsed.error?.issues[0]?.message], [[path], message], JSON.stringify(query));
    }
  });

  it('speaks Korean with lang=ko: the document, the grid\'s columns and the connection states', () => {
    assert.equal(options({}).lang, 'en');
    const grid = renderTickerDocument(options({ symbols: 'BTC-USD', layout: 'grid', lang: 'ko' }), '*').html;
    assert.match(grid, /<html lang="ko" data-theme="dark">/);
    assert.match(grid, /<title>Tickwire 시세 티커<\/title>/);
    assert.match(grid, /<tr><th>종목<\/th><th>현재가<\/th><th>24h<\/th><th>매수호가<\/th><th>매도호가<\/th><\/tr>/);
    assert.match(grid, /data-testid="ticker-status" role="status">연결 중…<\/span>/);
    // The script shows the live states in the same language.
    assert.match(grid, /"statusLabels":\{"connecting":"연결 중…","live":"실시간","reconnecting":"재연결 중…"\}/);
    assert.match(renderTickerDocument(options({}), '*').html, /role="status">connecting…<\/span>/);
  });

  it('renders the index and each symbol, twice in a strip for the seamless loop, once in a grid', () => {
    const strip = renderTickerDocument(options({ symbols: 'BTC-USD,AAPL', theme: 'light' }), '*').html;
    assert.match(strip, /<html lang="en" data-theme="light">/);
    assert.equal(strip.match(/data-symbol="AAPL"/g)?.length, 2);
    assert.equal(strip.match(/data-testid="ticker-last-AAPL"/g)?.length, 1, 'test ids on the first copy only');
    assert.match(strip, /data-testid="ticker-last-TWX"/);
    const grid = renderTickerDocument(options({ symbols: 'BTC-USD', layout: 'grid' }), '*').html;
    assert.equal(grid.match(/data-symbol="BTC-USD"/g)?.length, 1);
    assert.match(grid, /<th>Bid<\/th><th>Ask<\/th>/);
    assert.match(grid, /"streamUrl":"\/api\/stream\/index\?symbols=BTC-USD"/);
  });

  it('allows exactly its own inline script and style, and the configured framers plus itself', () => {
    const { html, contentSecurityPolicy } = renderTickerDocument(options({}), 'https://partner.example');
    const script = /<script>([^]*)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([^]*)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    assert.ok(contentSecurityPolicy.includes(`script-src ${hash(script)}`));
    assert.ok(contentSecurityPolicy.includes(`style-src ${hash(style)}`));
    assert.ok(contentSecurityPolicy.startsWith("default-src 'none';"));
    assert.ok(contentSecurityPolicy.endsWith("frame-ancestors 'self' https://partner.example"));
    assert.ok(tickerPolicy("'none'").endsWith("frame-ancestors 'none'"));
  });

  it('ships a script that calls itself with the config and the backoff, and needs nothing else', () => {
    const { html } = renderTickerDocument(options({ symbols: 'ETH-USD', speed: '0' }), '*');
    const script = /<script>([^]*)<\/script>/.exec(html)?.[1] ?? '';
    assert.match(script, /^\(function/);
    assert.match(script, /\)\(\{"symbols":\["ETH-USD"\],"speed":0,"layout":"scroll","streamUrl":"\/api\/stream\/index\?symbols=ETH-USD","statusLabels":\{[^}]*\}\}, function backoffDelayMs\(/);
    assert.match(script, /\);$/);
    assert.doesNotThrow(() => new Function(script), 'valid JavaScript');
    assert.match(html, /class="ticker still"/);
  });
});
