// `npm run screenshots`: starts the app as a user would (or uses SCREENSHOT_URL), opens the trader
// view, the transport lab and the embed pages in Chromium at desktop and phone sizes, waits until each is
// live, and writes docs/screenshots/*.png; it fails if a page threw or logged an error.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

const OUT_DIR = join(import.meta.dirname, '..', 'docs', 'screenshots');

interface Shot {
  file: string;
  path: string;
  width: number;
  height: number;
  theme: 'dark' | 'light';
  /** The browser's language, which the interface follows; English by default. */
  locale?: string;
  fullPage?: boolean;
  before?: (page: Page) => Promise<void>;
  /** How to tell the page is live; the trader view's check by default. */
  ready?: (page: Page) => Promise<void>;
}

// A few orders through the form, as a user would, so the account panel has something to show.
async function trade(page: Page): Promise<void> {
  await page.getByTestId('balance-cash').filter({ hasText: 'USD' }).waitFor({ timeout: 30_000 });
  const order = async (side: 'buy' | 'sell', type: 'market' | 'limit', quantity: string, price?: string): Promise<void> => {
    await page.getByTestId(`side-${side}`).check({ force: true });
    await page.getByTestId(`type-${type}`).check({ force: true });
    if (price !== undefined) await page.getByTestId('order-price').fill(price);
    await page.getByTestId('order-quantity').fill(quantity);
    await page.getByTestId('order-submit').click();
    await page.locator('[data-testid="order-feedback"]:not([data-status="sending"])').waitFor();
  };
  await order('buy', 'market', '0.25');
  const bid = Number(await page.getByTestId('order-book').getAttribute('data-best-bid'));
  await order('buy', 'limit', '0.1', (bid - 25).toFixed(1));
  await page.waitForTimeout(1500);
}

const SHOTS: Shot[] = [
  { file: 'trader-dark.png', path: '/trade/BTC-USD', width: 1280, height: 800, theme: 'dark', before: trade },
  { file: 'trader-light.png', path: '/trade/ETH-USD', width: 1280, height: 800, theme: 'light' },
  { file: 'trader-ko.png', path: '/trade/BTC-USD', width: 1280, height: 800, theme: 'dark', locale: 'ko-KR', before: trade },
  { file: 'trader-phone.png', path: '/trade/BTC-USD', width: 390, height: 844, theme: 'dark', fullPage: true },
  {
    file: 'instrument-picker.png',
    path: '/trade/SOL-USD',
    width: 1280,
    height: 800,
    theme: 'dark',
    before: async (page) => {
      await page.getByTestId('instrument-picker').click();
      await page.getByRole('listbox').waitFor();
    },
  },
  { file: 'transport-lab.png', path: '/lab', width: 1280, height: 800, theme: 'dark', fullPage: true, ready: waitUntilLabMeasured },
  { file: 'transport-lab-book.png', path: '/lab', width: 1280, height: 800, theme: 'dark', fullPage: true, ready: waitUntilLabBookInStep },
  { file: 'embed-help.png', path: '/embed', width: 1280, height: 800, theme: 'dark', fullPage: true, ready: waitUntilTickerTicks },
  { file: 'embed-ticker-light.png', path: '/embed/ticker?symbols=BTC-USD,ETH-USD,AAPL,NVDA&theme=light', width: 720, height: 64, theme: 'light', ready: waitUntilTickerTicks },
];

// The index value is drawn once the SSE stream has delivered an event (in the page, or in its preview iframe).
async function waitUntilTickerTicks(page: Page): Promise<void> {
  const frame = page.url().includes('/embed/ticker') ? page : page.frameLocator('iframe').first();
  await frame.getByTestId('ticker-last-TWX').filter({ hasText: /\d/ }).first().waitFor({ timeout: 30_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startApp(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-shots-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bin/tickwire.ts', 'all'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="price-chart"]')?.dataset.bars ?? 0) > 0, undefined, { timeout: 30_000 });
  await page.locator('[data-testid="trade-tape"] li[data-side]').first().waitFor({ timeout: 30_000 });
  // Let quotes, trades and the latest candle settle for a moment.
  await page.waitForTimeout(1500);
}

/** The lab has numbers on all six cards, the handshake and the diagram; then a few seconds of data. */
async function waitUntilLabMeasured(page: Page): Promise<void> {
  for (const name of ['poll', 'longpoll', 'sse', 'ws', 'stomp', 'socketio']) {
    await page.locator(`[data-testid="transport-${name}"] [data-testid="bytes-per-update"]`).filter({ hasText: / B$/ }).waitFor({ timeout: 30_000 });
  }
  await page.locator('[data-testid="ws-accept-check"][data-match="true"]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(8000);
}

/** The lab's Book tab, opened as a user would: the three books live, checked, and in step at least once. */
async function waitUntilLabBookInStep(page: Page): Promise<void> {
  await page.locator('[data-testid="lab-id"]').filter({ hasText: /^lab-/ }).waitFor({ timeout: 30_000 });
  await page.getByRole('tab', { name: /^Book/ }).click();
  for (const name of ['ws', 'stomp', 'socketio']) {
    await page.locator(`[data-testid="book-${name}"] [data-testid="bytes-per-update"]`).filter({ hasText: / B$/ }).waitFor({ timeout: 30_000 });
  }
  await page.waitForTimeout(5000);
  // Taken at a moment the three agree (they drift apart by a delta in flight between renders).
  await page.locator('[data-testid="book-in-step"][data-in-step="true"]').waitFor({ timeout: 30_000 });
}

async function main(): Promise<void> {
  const external = process.env.SCREENSHOT_URL;
  const app = external ? { url: external, stop: () => undefined } : await startApp();
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const pageErrors: string[] = [];
  try {
    // SCREENSHOT_ONLY=transport-lab.png,… regenerates just those files.
    const only = process.env.SCREENSHOT_ONLY?.split(',');
    for (const shot of SHOTS.filter((s) => !only || only.includes(s.file))) {
      const context = await browser.newContext({ viewport: { width: shot.width, height: shot.height }, deviceScaleFactor: 1, locale: shot.locale ?? 'en-US' });
      await context.addInitScript((theme) => localStorage.setItem('tw-theme', theme), shot.theme);
      const page = await context.newPage();
      // A page that throws or logs an error is not one to show: the run fails after writing what it could.
      page.on('pageerror', (error) => pageErrors.push(`${shot.file}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(`${shot.file}: ${message.text()} (${message.location().url})`);
      });
      await page.goto(`${app.url}${shot.path}`);
      await (shot.ready ?? waitUntilLive)(page);
      await shot.before?.(page);
      await page.screenshot({ path: join(OUT_DIR, shot.file), fullPage: shot.fullPage ?? false });
      process.stdout.write(`wrote docs/screenshots/${shot.file}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    app.stop();
  }
  if (pageErrors.length > 0) throw new Error(`the pages reported errors:\n${pageErrors.join('\n')}`);
}

await main();
