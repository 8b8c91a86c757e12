// The trader view's market data in Chromium: chart, book, trades, instrument switching, theme, phone layout.
import { expect, test } from './support/error-guard.ts';
import { bestPrices, chartState, expectBookAdvancing, expectLive, expectUncrossed, paintedPixels } from './support/trader-page.ts';

test('the chart draws history candles and then gets a new bar live', async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expect.poll(async () => (await chartState(page)).bars, { timeout: 20_000 }).toBeGreaterThan(10);
  await expect.poll(() => paintedPixels(page)).toBeGreaterThan(2000);
  await expect(page.getByTestId('ohlcv-legend')).toContainText(/O\s*\d/);
  // lightweight-charts' licence: the page that shows its chart links to TradingView.
  await expect(page.getByRole('link', { name: 'Charts by TradingView' })).toHaveAttribute('href', 'https://www.tradingview.com/');

  // 1s bars: a new one must arrive from the socket within a few seconds.
  await page.getByTestId('timeframe-1s').click();
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-timeframe', '1s');
  await expect.poll(async () => (await chartState(page)).bars, { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await chartState(page);
  await expect.poll(async () => (await chartState(page)).lastBarTime, { timeout: 15_000 }).toBeGreaterThan(first.lastBarTime);
  expect((await chartState(page)).bars).toBeGreaterThan(first.bars);
});

test('the chart keeps the user\'s zoom when new bars arrive', async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await page.getByTestId('timeframe-1s').click();
  await expect.poll(async () => (await chartState(page)).bars, { timeout: 20_000 }).toBeGreaterThan(4);
  const chart = page.getByTestId('price-chart');
  const box = await chart.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 400); // zoom out
  await expect.poll(async () => (await chartState(page)).visibleBars).toBeGreaterThan(0);
  const zoomed = await chartState(page);
  await expect.poll(async () => (await chartState(page)).bars, { timeout: 15_000 }).toBeGreaterThan(zoomed.bars + 1);
  expect((await chartState(page)).visibleBars).toBeCloseTo(zoomed.visibleBars, 1);
});

test('the book updates live, stays uncrossed, groups prices; depth and trades show', async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectBookAdvancing(page);
  await expectUncrossed(page);

  // Grouping by 10 ticks (1.0 for BTC-USD): every shown price is a whole dollar.
  await page.getByTestId('book-grouping').selectOption('10');
  const rows = page.getByTestId('book-bids').locator('button[data-price]');
  await expect(rows.first()).toHaveAttribute('data-price', /\.0$/);
  const prices = await rows.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-price') ?? ''));
  expect(prices.length).toBeGreaterThan(3);
  for (const price of prices) expect(price).toMatch(/^\d+\.0$/);

  // The depth chart draws both sides from the same book.
  await page.getByTestId('chart-view-depth').click();
  await expect(page.getByTestId('depth-chart')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('depth-chart').locator('path')).toHaveCount(4);
  await page.getByTestId('chart-view-candles').click();
  await expect(page.getByTestId('price-chart')).toBeVisible();

  await expect(page.getByTestId('trade-tape').locator('li[data-side]').first()).toBeVisible({ timeout: 20_000 });
  const side = await page.getByTestId('trade-tape').locator('li[data-side]').first().getAttribute('data-side');
  expect(['buy', 'sell']).toContain(side);
});

test('the instrument picker shows quotes and switches the whole view', async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await page.getByTestId('instrument-picker').click();
  const eth = page.getByTestId('instrument-ETH-USD');
  await expect(eth).toContainText(/3,\d{3}\.\d{2}/);
  await expect(eth).toContainText(/[+-]\d+\.\d{2}%/);
  await page.getByRole('combobox', { name: 'Find an instrument' }).fill('eth');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/trade\/ETH-USD$/);
  await expect(page.getByTestId('instrument-picker')).toContainText('ETH-USD');
  await expectLive(page);
  const { bid, ask } = await bestPrices(page);
  expect(bid).toBeGreaterThan(1000);
  expect(bid).toBeLessThan(ask);
  expect(bid).toBeLessThan(10_000);
});

test('an unknown instrument is a 404 and a lower-case one redirects', async ({ page, pageErrors }) => {
  // Chromium logs the 404 of the page it was asked to load.
  pageErrors.allow(/status of 404 \(Not Found\) \(http:\/\/[^/]+\/trade\/NOPE-USD\)$/);
  expect((await page.goto('/trade/NOPE-USD'))?.status()).toBe(404);
  await expect(page.getByTestId('not-found').getByRole('heading')).toHaveText('No such page');
  await expect(page.getByTestId('not-found').getByRole('link')).toHaveCount(2);
  await page.goto('/trade/eth-usd');
  await expect(page).toHaveURL(/\/trade\/ETH-USD$/);
});

test('the theme switches to light and stays light after a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expectLive(page);
});

test.describe('on a phone in portrait', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the trader view stacks its panels with no horizontal scroll', async ({ page }) => {
    await page.goto('/');
    await expectLive(page);
    await expect.poll(async () => (await chartState(page)).bars, { timeout: 20_000 }).toBeGreaterThan(0);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    const chart = await page.getByTestId('chart-panel').boundingBox();
    const book = await page.getByTestId('live-book').boundingBox();
    expect(chart && book && book.y >= chart.y + chart.height).toBe(true);
  });
});

test('the headline shows the rolling 24h high, low and volume, live; the picker and GET /api/tickers have them too', async ({ page, request }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  const exact = async (testId: string): Promise<string> => (await page.getByTestId(testId).getAttribute('data-value')) ?? '';
  await expect(page.getByTestId('stats-24h-high')).toHaveText(/^\d{1,3}(,\d{3})*\.\d$/, { timeout: 20_000 });
  await expect(page.getByTestId('stats-24h-low')).toHaveText(/^\d{1,3}(,\d{3})*\.\d$/);
  await expect(page.getByTestId('stats-24h-volume')).toHaveText(/^\d+(\.\d+)?[KMB]?$/);
  const high = Number(await exact('stats-24h-high'));
  const low = Number(await exact('stats-24h-low'));
  expect(high).toBeGreaterThanOrEqual(low);
  expect(low).toBeGreaterThan(1000);
  // Every trade of the current minute adds to the 24h volume (the feed trades several times a second); at a
  // minute's turn the oldest minute leaves the window, so the figure changes but need not grow.
  const volume = await exact('stats-24h-volume');
  await expect.poll(() => exact('stats-24h-volume'), { timeout: 20_000 }).not.toBe(volume);

  const res = await request.get('/api/tickers');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { asOf: number; tickers: { symbol: string; stats24h: { high: string; low: string; volume: string; to: number } | null }[] };
  const btc = body.tickers.find((t) => t.symbol === 'BTC-USD')?.stats24h;
  expect(btc?.high).toMatch(/^\d+\.\d$/);
  expect(Number(btc?.volume)).toBeGreaterThan(0);
  expect(body.asOf - (btc?.to ?? 0)).toBeLessThan(3 * 60_000);

  await page.getByTestId('instrument-picker').click();
  await expect(page.getByTestId('volume-24h-ETH-USD')).toHaveText(/^\$\d+(\.\d+)?[KMB]?$/);
});
