// The security headers in Chromium: every page loads under its nonce-based Content-Security-Policy
// without a single violation and still works (book, chart, lab transports, ticker), the embeddable
// ticker keeps its own frameable policy, and API answers carry nosniff. A screenshot of each page is
// attached to the report, to look at.
import type { Page, Response, TestInfo } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';
import { bestPrices, expectLive, paintedPixels } from './support/trader-page.ts';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Records every CSP violation the page (or a frame of it) reports, before any of its scripts run. */
async function watchViolations(page: Page): Promise<string[]> {
  const consoleReports: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleReports.push(`${message.type()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return consoleReports;
}

async function violationsIn(page: Page): Promise<string[]> {
  const frames = await Promise.all(page.frames().map((frame) => frame.evaluate(() => window.cspViolations ?? []).catch(() => [])));
  return frames.flat();
}

function directives(policy: string | undefined): Map<string, string> {
  return new Map((policy ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0] ?? '', d.split(/\s+/).slice(1).join(' ')]));
}

/** The page policy's shape, and the nonce it names. */
function expectPagePolicy(response: Response | null, port: string): string {
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  const policy = directives(headers['content-security-policy']);
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy.get('script-src') ?? '')?.[1] ?? '';
  expect(nonce.length).toBeGreaterThanOrEqual(22);
  expect(policy.get('script-src')).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`); // no 'unsafe-eval' outside dev mode
  expect(policy.get('object-src')).toBe("'none'");
  expect(policy.get('base-uri')).toBe("'self'");
  expect(policy.get('frame-ancestors')).toBe("'none'");
  expect(policy.get('connect-src')?.split(' ')).toEqual(expect.arrayContaining(["'self'", `ws://127.0.0.1:${port}`]));
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['strict-transport-security'], 'no HSTS over plain http').toBeUndefined();
  return nonce;
}

async function expectClean(page: Page, consoleReports: string[]): Promise<void> {
  // Let late scripts and styles (chunks, the chart, the ticker frames) load before judging.
  await page.waitForTimeout(500);
  expect(await violationsIn(page)).toEqual([]);
  expect(consoleReports).toEqual([]);
}

/** Keeps a screenshot of the page in the test's output folder and attaches it to the report. */
async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test.beforeEach(async ({ page }, testInfo) => {
  testInfo.annotations.push({ type: 'csp', description: 'fails on any securitypolicyviolation event or CSP console message' });
  await page.setViewportSize({ width: 1280, height: 800 });
});

for (const path of ['/', '/trade/ETH-USD']) {
  test(`the trader view at ${path} runs under the page policy: book, chart and the nonced theme script`, async ({ page, baseURL }, testInfo) => {
    const consoleReports = await watchViolations(page);
    const nonce = expectPagePolicy(await page.goto(path), new URL(baseURL ?? '').port);
    await expectLive(page);
    const { bid, ask } = await bestPrices(page);
    expect(bid).toBeGreaterThan(0);
    expect(ask).toBeGreaterThan(bid);
    await expect.poll(() => paintedPixels(page), { timeout: 20_000 }).toBeGreaterThan(2000);
    // Next's scripts carry the nonce (the browser hides the attribute, not the property).
    const nonces = await page.locator('script[src*="/_next/"]').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([nonce]));
    await expectClean(page, consoleReports);
    await screenshot(page, testInfo, `page ${path}`);
    // The inline theme script ran: the saved theme applies on the next load.
    await page.evaluate(() => localStorage.setItem('tw-theme', 'light'));
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expectLive(page);
    await expectClean(page, consoleReports);
  });
}

test('a fresh nonce per answer', async ({ request }) => {
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const policy = (await request.get('/lab')).headers()['content-security-policy'] ?? '';
    nonces.add(/'nonce-([^']+)'/.exec(policy)?.[1] ?? '');
  }
  expect(nonces.size).toBe(3);
});

test('the lab runs all six transports under the page policy', async ({ page, baseURL }, testInfo) => {
  const consoleReports = await watchViolations(page);
  expectPagePolicy(await page.goto('/lab'), new URL(baseURL ?? '').port);
  for (const name of ['poll', 'longpoll', 'sse', 'ws', 'stomp', 'socketio']) {
    const card = page.getByTestId(`transport-${name}`);
    await expect(card).toHaveAttribute('data-state', 'open');
    await expect.poll(async () => Number.parseFloat((await card.getByTestId('updates').textContent()) ?? ''), { message: `${name} updates` }).toBeGreaterThan(1);
  }
  await expectClean(page, consoleReports);
  await screenshot(page, testInfo, 'page /lab');
});

test('the embed page shows its live ticker previews under the page policy', async ({ page, baseURL }, testInfo) => {
  const consoleReports = await watchViolations(page);
  expectPagePolicy(await page.goto('/embed'), new URL(baseURL ?? '').port);
  const preview = page.frameLocator('iframe[title="Tickwire ticker, scroll"]');
  await expect(preview.getByTestId('ticker-status')).toHaveText('live');
  await expect(preview.getByTestId('ticker-last-BTC-USD')).toHaveText(/^\d+\.\d$/);
  await expectClean(page, consoleReports);
  await screenshot(page, testInfo, 'page /embed');
});

test('the ticker keeps its own frameable policy and shows live prices', async ({ page }, testInfo) => {
  const consoleReports = await watchViolations(page);
  const response = await page.goto('/embed/ticker?symbols=BTC-USD,AAPL&layout=grid');
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  const policy = directives(headers['content-security-policy']);
  expect(policy.get('default-src')).toBe("'none'");
  expect(policy.get('frame-ancestors')).toBe("'self' *"); // EMBED_FRAME_ANCESTORS, default *
  expect(policy.get('script-src')).toMatch(/^'sha256-/);
  expect(headers['x-frame-options']).toBeUndefined();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  await expect(page.getByTestId('ticker-status')).toHaveText('live');
  await expect(page.getByTestId('ticker-item-AAPL').locator('[data-field="bid"]')).toHaveText(/^\d+\.\d{2}$/);
  await expectClean(page, consoleReports);
  await screenshot(page, testInfo, 'page /embed/ticker');
});

test('API answers carry nosniff, and https answers HSTS', async ({ request }) => {
  for (const path of ['/api/instruments', '/api/candles?symbol=BTC-USD&tf=1m', '/api/poll/index']) {
    const headers = (await request.get(path)).headers();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['content-security-policy'], path).toBeUndefined();
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
  for (const path of ['/lab', '/api/instruments', '/embed/ticker']) {
    const headers = (await request.get(path, { headers: { 'X-Forwarded-Proto': 'https' } })).headers();
    expect(headers['strict-transport-security'], path).toBe('max-age=31536000');
  }
  const page = (await request.get('/lab', { headers: { 'X-Forwarded-Proto': 'https' } })).headers();
  expect(page['content-security-policy']).toMatch(/connect-src 'self' wss:\/\/127\.0\.0\.1:\d+;.*upgrade-insecure-requests$/);
});

test("the page's own state-changing requests pass the CSRF guard: the session, the account reset, the lab drop", async ({ page, pageErrors }) => {
  const session = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
  await page.goto('/');
  expect((await session).status()).toBe(201);
  await expect(page.getByTestId('balance-cash')).toHaveText(/USD$/);
  await page.getByRole('button', { name: 'Reset account' }).click();
  const reset = page.waitForResponse((r) => r.url().endsWith('/api/account/reset'));
  await page.getByRole('button', { name: 'Click again to reset' }).click();
  expect((await reset).status()).toBe(200);

  await page.goto('/lab');
  await expect(page.getByTestId('transport-sse')).toHaveAttribute('data-state', 'open');
  // A long poll held across the drop is answered 503, as a dropped connection would fail.
  pageErrors.allow(/status of 503 \(Service Unavailable\) \(http:\/\/[^/]+\/api\/lab\/longpoll\?/);
  const drop = page.waitForResponse((r) => r.url().endsWith('/api/lab/drop'));
  await page.getByTestId('drop-button').click();
  expect((await drop).status()).toBe(202);
});
