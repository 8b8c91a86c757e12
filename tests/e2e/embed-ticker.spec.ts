// The ticker widget as an embedder uses it: inside an iframe on a page of another origin (a second
// local HTTP server), live, showing "reconnecting" while the app is down and recovering after; the
// one-line script loader; and the trader pages refusing to be framed.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator } from '@playwright/test';
import { CONNECTION_LOST, expect, test } from './support/error-guard.ts';
import { freePort } from '../helpers/services.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-embed-e2e-'));
let app: TickwireProcess;
let env: Record<string, string>;
let host: Server;
let hostUrl: string;

/** Pages of the embedding site, on `localhost` (the app is on 127.0.0.1: another origin). */
function hostPages(appUrl: string): Record<string, string> {
  const page = (body: string): string => `<!doctype html><html><head><title>Partner site</title></head><body><h1>Partner site</h1>${body}</body></html>`;
  return {
    '/iframe.html': page(`<iframe id="ticker" src="${appUrl}/embed/ticker?symbols=BTC-USD,ETH-USD&theme=light" width="100%" height="40" style="border:0"></iframe>`),
    '/script.html': page(`<script src="${appUrl}/embed.js" data-symbols="BTC-USD,AAPL" data-layout="grid" data-theme="dark" async></script>`),
    '/trader.html': page(`<iframe id="trader" src="${appUrl}/" width="800" height="400"></iframe>`),
  };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  env = { DATA_DIR: dataDir, PORT: String(await freePort()), FEED_RATE: '40' };
  app = await startTickwire('all', env);
  const pages = hostPages(app.baseUrl);
  host = createServer((req, res) => {
    // The partner site has no icon; a 404 for it would be logged as a console error in every test.
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const address = host.address();
  hostUrl = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
});

test.afterAll(async () => {
  await app?.kill();
  await new Promise((resolve) => host?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until the index value shown in the widget has changed `times` times. */
async function expectTicking(ticker: FrameLocator, times: number): Promise<void> {
  const value = ticker.getByTestId('ticker-last-TWX');
  await expect(value).toHaveText(/^\d+\.\d{2}$/);
  const seen = new Set<string>();
  await expect.poll(async () => seen.add((await value.textContent()) ?? '').size, { timeout: 15_000, intervals: [100] }).toBeGreaterThan(times);
}

test('the widget in an iframe on another origin ticks, shows reconnecting while the app is down, and recovers', async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await page.goto(`${hostUrl}/iframe.html`);
  const ticker = page.frameLocator('#ticker');
  await expect(ticker.getByTestId('ticker-status')).toHaveText('live');
  await expectTicking(ticker, 2);
  await expect(ticker.getByTestId('ticker-last-BTC-USD')).toHaveText(/^\d+\.\d$/);
  await expect(ticker.getByTestId('ticker-change-ETH-USD')).toHaveAttribute('data-sign', /^(up|down)$/);
  await expect(ticker.getByTestId('ticker-change-ETH-USD')).toHaveText(/^[+-]\d+\.\d{2}%$/);
  await expect(ticker.getByTestId('ticker')).toHaveAttribute('data-status', 'live');

  pageErrors.allow(CONNECTION_LOST);
  await app.stop();
  await expect(ticker.getByTestId('ticker-status')).toHaveText('reconnecting…');
  const frozen = await ticker.getByTestId('ticker-last-TWX').textContent();

  app = await startTickwire('all', env);
  await expect(ticker.getByTestId('ticker-status')).toHaveText('live', { timeout: 30_000 });
  await expect(ticker.getByTestId('ticker-last-TWX')).not.toHaveText(frozen ?? '', { timeout: 15_000 });
  await expectTicking(ticker, 2);
});

test('the one-line script inserts the widget, here as a grid with bid and ask', async ({ page }) => {
  await page.goto(`${hostUrl}/script.html`);
  await expect(page.locator('iframe')).toHaveAttribute('src', `${app.baseUrl}/embed/ticker?symbols=BTC-USD%2CAAPL&theme=dark&layout=grid`);
  await expect(page.locator('iframe')).toHaveAttribute('title', 'Tickwire ticker');
  const ticker = page.frameLocator('iframe');
  await expect(ticker.getByTestId('ticker-status')).toHaveText('live');
  const row = ticker.getByTestId('ticker-item-AAPL');
  await expect(row.locator('[data-field="bid"]')).toHaveText(/^\d+\.\d{2}$/);
  await expect(row.locator('[data-field="ask"]')).toHaveText(/^\d+\.\d{2}$/);
  await expectTicking(ticker, 1);
});

test('trader pages refuse to be framed by another site', async ({ page, pageErrors }) => {
  pageErrors.allow(/^Framing 'http:\/\/127\.0\.0\.1:\d+\/' violates the following Content Security Policy directive: "frame-ancestors 'none'"/);
  await page.goto(`${hostUrl}/trader.html`);
  // Chromium replaces a frame refused by frame-ancestors / X-Frame-Options with its error page.
  await expect.poll(() => page.frames().map((f) => f.url()), { timeout: 10_000 }).toContain('chrome-error://chromewebdata/');
  const response = await page.request.get(`${app.baseUrl}/`);
  expect(response.headers()['content-security-policy']).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
  expect(response.headers()['x-frame-options']).toBe('DENY');
});

test('the /embed help page shows a live preview and the snippets for this origin', async ({ page }) => {
  await page.goto(`${app.baseUrl}/embed`);
  await expect(page.getByTestId('snippet-iframe')).toHaveText(`<iframe src="${app.baseUrl}/embed/ticker?symbols=BTC-USD,ETH-USD,SOL-USD,AAPL,MSFT,NVDA&theme=dark&layout=scroll" title="Tickwire ticker" width="100%" height="40" style="border:0" loading="lazy"></iframe>`);
  await expect(page.getByTestId('snippet-script')).toHaveText(`<script src="${app.baseUrl}/embed.js" data-symbols="BTC-USD,ETH-USD,SOL-USD,AAPL,MSFT,NVDA" data-theme="dark" data-layout="scroll" async></script>`);
  await expect(page.frameLocator('iframe[title="Tickwire ticker, scroll"]').getByTestId('ticker-status')).toHaveText('live');
});
