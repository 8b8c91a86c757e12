// The order-book ladder and the depth chart in Chromium: the user's resting order marked on its row
// (at any price grouping) and gone once cancelled, the precision switch kept per symbol across a reload,
// and the depth chart's spread line with its label, live.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';
import { expectAccount, placeOrder } from './support/order-form.ts';
import { expectLive } from './support/trader-page.ts';

// Tall enough that all 16 rows of each side are on screen, so a deep order's row is really visible.
test.use({ viewport: { width: 1280, height: 1200 } });

test.beforeEach(async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectAccount(page);
});

const bidRows = (page: Page): Locator => page.getByTestId('book-bids').locator('button[data-price]');

/** Where the mark is, read in one go with its neighbour (the book moves between two reads). */
async function markedBidRow(page: Page): Promise<{ count: number; price: number; betterPrice: number | null; label: string; ownSize: string }> {
  return page.getByTestId('book-bids').evaluate((side) => {
    const rows = [...side.querySelectorAll<HTMLElement>('button[data-price]')];
    const marked = rows.filter((row) => row.querySelector('[data-testid="own-order-mark"]'));
    const row = marked[0];
    const index = row ? rows.indexOf(row) : -1;
    const better = index > 0 ? rows[index - 1] : undefined;
    return {
      count: marked.length,
      price: Number(row?.dataset.price),
      betterPrice: better ? Number(better.dataset.price) : null,
      label: row?.querySelector('[data-testid="own-order-mark"]')?.getAttribute('title') ?? '',
      ownSize: row?.dataset.ownSize ?? '',
    };
  });
}

/** The order sits on the row it would queue with: at or below its price, below the next better row. */
async function expectMarkedAt(page: Page, price: number): Promise<void> {
  const text = price.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  await expect.poll(async () => (await markedBidRow(page)).count).toBe(1);
  await expect(page.getByTestId('book-bids').getByTestId('own-order-mark')).toBeVisible();
  const mark = await markedBidRow(page);
  expect(mark.label).toBe(`Your buy 0.01 @ ${text}`);
  expect(mark.ownSize).toBe('0.01');
  expect(mark.price).toBeLessThanOrEqual(price);
  if (mark.betterPrice !== null) expect(mark.betterPrice).toBeGreaterThan(price);
  await expect(page.getByTestId('book-bids').getByRole('button', { name: new RegExp(`Your buy 0\\.01 @ ${text.replace(/[.,]/g, '\\$&')}`) })).toHaveCount(1);
}

test('a resting buy is marked on its ladder row at any grouping, and the mark goes when it is cancelled', async ({ page }) => {
  // A price between two of the shown levels, well below the market so it rests while the test runs.
  const prices = await bidRows(page).evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-price'))));
  expect(prices.length).toBeGreaterThan(12);
  const price = Number(((prices[8] ?? 0) - 0.1).toFixed(1));
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price: price.toFixed(1) });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'accepted');

  await expectMarkedAt(page, price);
  await expect(page.getByTestId('book-asks').getByTestId('own-order-mark')).toHaveCount(0);

  // Grouped to 1: the order is in its bucket, floored like the bids.
  await page.getByTestId('book-grouping').selectOption('10');
  await expect(bidRows(page).first()).toHaveAttribute('data-price', /\.0$/);
  await expectMarkedAt(page, price);
  const grouped = await markedBidRow(page);
  expect(Number.isInteger(grouped.price)).toBe(true);

  await page.getByTestId('account-tab-orders').click();
  await page.getByTestId('open-order').first().getByRole('button', { name: /^Cancel buy/ }).click();
  await expect(page.getByTestId('open-order')).toHaveCount(0);
  await expect(page.getByTestId('order-book').getByTestId('own-order-mark')).toHaveCount(0);
});

test('the precision switch shows prices on its step, keeps the spread exact and is remembered per symbol', async ({ page }) => {
  const grouping = page.getByTestId('book-grouping');
  await expect(grouping.locator('option')).toHaveText(['0.1', '0.5', '1', '5', '10', '50']);
  await expect(grouping).toHaveValue('1');

  await grouping.selectOption({ label: '10' });
  const expectOnStep = async (): Promise<void> => {
    await expect(bidRows(page).first()).toHaveAttribute('data-price', /0\.0$/);
    for (const side of ['book-bids', 'book-asks']) {
      const rows = page.getByTestId(side).locator('button[data-price]');
      const shown = await rows.evaluateAll((buttons) => buttons.map((b) => [b.getAttribute('data-price') ?? '', b.querySelector('span.num')?.firstChild?.textContent ?? '']));
      expect(shown.length).toBeGreaterThan(3);
      for (const [exact, text] of shown) {
        expect(Number(exact) % 10).toBe(0);
        // Printed with the step's precision: whole dollars with separators, no ".0".
        expect(text).toMatch(/^\d{1,3}(,\d{3})+$/);
        expect(Number(text?.replace(/,/g, ''))).toBe(Number(exact));
      }
    }
    // The spread row is the market's, not the buckets': best prices to the tick and a positive spread.
    const spread = await page.getByTestId('order-book').evaluate((book) => ({
      bid: Number(book.getAttribute('data-best-bid')),
      ask: Number(book.getAttribute('data-best-ask')),
      bidText: book.querySelector('[data-testid="best-bid"]')?.textContent ?? '',
    }));
    expect(spread.bid).toBeLessThan(spread.ask);
    expect(spread.bidText).toMatch(/^\d{1,3}(,\d{3})+\.\d$/);
    await expect(page.getByTestId('book-spread')).toContainText(/Spread \d+\.\d \(\d+\.\d{3}%\)/);
  };
  await expectOnStep();

  await page.reload();
  await expectLive(page);
  await expect(grouping).toHaveValue('100');
  await expectOnStep();

  // Per symbol: ETH starts at its own finest step, and BTC still has its choice after visiting it.
  await page.goto('/trade/ETH-USD');
  await expectLive(page);
  await expect(grouping).toHaveValue('1');
  await expect(grouping.locator('option').first()).toHaveText('0.05');
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expect(grouping).toHaveValue('100');
});

test('the depth chart shows the spread at the mid with its label, live', async ({ page }) => {
  await page.getByTestId('chart-view-depth').click();
  const depth = page.getByTestId('depth-chart');
  await expect(depth).toHaveAttribute('data-state', 'live');
  const label = page.getByTestId('depth-spread');
  await expect(label).toHaveText(/^Spread \d+\.\d \(\d+\.\d{3}%\)$/);
  await expect(page.getByTestId('depth-mid')).toHaveText(/^\d{1,3}(,\d{3})+\.\d{1,2}$/);
  await expect(page.getByTestId('depth-mid-line')).toBeAttached();
  const band = page.getByTestId('depth-spread-band');
  expect(Number(await band.getAttribute('width'))).toBeGreaterThan(0);

  // The label and the mid are the ladder's spread and best prices (the same live book).
  await expect
    .poll(() =>
      page.evaluate(() => {
        const book = document.querySelector('[data-testid="order-book"]');
        const bid = Number(book?.getAttribute('data-best-bid'));
        const ask = Number(book?.getAttribute('data-best-ask'));
        const spread = document.querySelector('[data-testid="depth-spread"]')?.textContent ?? '';
        const mid = Number(document.querySelector('[data-testid="depth-mid"]')?.textContent?.replace(/,/g, ''));
        return spread.startsWith(`Spread ${(ask - bid).toFixed(1)} `) && Math.abs(mid - (bid + ask) / 2) < 1e-6;
      }),
    )
    .toBe(true);

  // Live: the mid moves with the book.
  const first = await page.getByTestId('depth-mid').textContent();
  await expect.poll(() => page.getByTestId('depth-mid').textContent(), { timeout: 20_000 }).not.toBe(first);

  // The label reads in the light theme too: its text differs from its background.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const colours = await label.evaluate((el) => ({ text: getComputedStyle(el).color, back: getComputedStyle(el).backgroundColor }));
  expect(colours.text).not.toBe(colours.back);
});
