// The account on the candle chart in Chromium, each test on a fresh demo account: a resting order's
// line and handle at its price, cancelling it from the chart's ×, dragging (or stepping) its line to
// amend the price after a confirmation, Escape putting it back, and a fill's marker and entry line.
import type { Page } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';
import { expectAccount, placeOrder } from './support/order-form.ts';
import { bestPrices, expectLive } from './support/trader-page.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectAccount(page);
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-bars', /^[1-9]/);
  await expect(page.getByTestId('chart-orders')).toHaveAttribute('data-bottom-price', /^\d/);
});

/** "64,890.0" for 64890. */
const shown = (price: number): string => price.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A limit-buy price well below the bid (it rests through the test) and inside the chart's visible prices. */
async function restingBuyPrice(page: Page): Promise<number> {
  const { bid } = await bestPrices(page);
  const bottom = Number(await page.getByTestId('chart-orders').getAttribute('data-bottom-price'));
  return Math.round(Math.max(bid - 150, bottom + (bid - bottom) * 0.4) * 10) / 10;
}

/** Places a resting limit buy of 0.01 through the form and waits for its handle on the chart. */
async function placeRestingBuy(page: Page): Promise<number> {
  const price = await restingBuyPrice(page);
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price: price.toFixed(1) });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('chart-order')).toHaveCount(1);
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-price', price.toFixed(1));
  return price;
}

/** Drags the order's handle vertically by `dy` px (negative is up) with the mouse, in small steps. */
async function dragHandle(page: Page, dy: number): Promise<void> {
  const box = await page.getByTestId('chart-order-grip').boundingBox();
  if (!box) throw new Error('the handle is not on screen');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) await page.mouse.move(x, y + (dy * i) / 6);
  await page.mouse.up();
}

async function openOrdersTab(page: Page): Promise<void> {
  await page.getByTestId('account-tab-orders').click();
}

test('a resting limit buy gets a line and a handle at its price on the chart; its × cancels it', async ({ page }) => {
  const price = await placeRestingBuy(page);
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-order-lines', '1');
  const handle = page.getByTestId('chart-order');
  await expect(handle).toHaveAttribute('data-side', 'buy');
  await expect(handle).toHaveText('Buy 0.01×');
  await expect(handle).toHaveAttribute('data-y', /^\d/);

  // Where the chart's price scale puts the price (linear between the pane's edges), and below the market.
  const at = await page.getByTestId('chart-orders').evaluate((overlay: HTMLElement, orderPrice: number) => {
    const el = overlay.querySelector<HTMLElement>('[data-testid="chart-order"]');
    const top = Number(overlay.dataset.topPrice);
    const bottom = Number(overlay.dataset.bottomPrice);
    return { y: Number(el?.dataset.y), expectedY: ((top - orderPrice) / (top - bottom)) * overlay.clientHeight, lastY: Number(overlay.dataset.lastPriceY), pinned: el?.dataset.pinned };
  }, price);
  expect(at.pinned).toBe('');
  expect(Math.abs(at.y - at.expectedY)).toBeLessThan(2);
  expect(at.y).toBeGreaterThan(at.lastY);

  await page.getByRole('button', { name: `Cancel buy 0.01 at ${shown(price)}` }).click();
  await expect(page.getByTestId('chart-order')).toHaveCount(0);
  await expect(page.getByTestId('account-tab-orders')).toHaveText('Open orders (0)');
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-order-lines', '0');
});

test('dragging a line up and confirming amends the order to the new price', async ({ page }) => {
  const price = await placeRestingBuy(page);
  await dragHandle(page, -24);
  const confirm = page.getByTestId('chart-move-confirm');
  await expect(confirm).toBeVisible();
  const newText = (await confirm.getAttribute('data-new-price')) ?? '';
  const newPrice = Number(newText.replace(/,/g, ''));
  expect(newPrice).toBeGreaterThan(price);
  await expect(confirm).toHaveText(`Move buy 0.01 from ${shown(price)} to ${newText}?ConfirmCancel`);
  // While the confirmation is open the line already stands at the new price.
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-shown-price', newPrice.toFixed(1));

  await page.getByTestId('chart-move-confirm-button').click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-price', newPrice.toFixed(1));
  await openOrdersTab(page);
  await expect(page.getByTestId('open-order')).toHaveCount(1);
  await expect(page.getByTestId('open-order').first()).toContainText(newText);
  await expect(page.getByTestId('chart-orders')).toHaveAttribute('data-drag-phase', 'idle');
  await expect(page.getByTestId('chart-order-notice')).toHaveCount(0);
});

test('a drag cancelled with Escape leaves the order at its price', async ({ page }) => {
  const price = await placeRestingBuy(page);
  await dragHandle(page, -20);
  await expect(page.getByTestId('chart-move-confirm')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chart-move-confirm')).toHaveCount(0);
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-shown-price', price.toFixed(1));
  await openOrdersTab(page);
  await expect(page.getByTestId('open-order').first()).toContainText(shown(price));
  // Nothing was sent: the order keeps its price after the account refetches.
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-price', price.toFixed(1));
  await expect(page.getByTestId('open-order').first()).toContainText(shown(price));
});

test('the keyboard moves a line a tick at a time (ten with Shift), Enter asks and Enter confirms', async ({ page }) => {
  const price = await placeRestingBuy(page);
  const grip = page.getByRole('spinbutton', { name: /^Buy 0\.01 at / });
  await grip.focus();
  await grip.press('ArrowUp');
  await grip.press('ArrowUp');
  await grip.press('Shift+ArrowUp');
  await grip.press('ArrowDown');
  const target = Math.round((price + 1.1) * 10) / 10;
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-shown-price', target.toFixed(1));
  await grip.press('Enter');
  await expect(page.getByTestId('chart-move-confirm')).toHaveAttribute('data-new-price', shown(target));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chart-move-confirm')).toHaveCount(0);
  await openOrdersTab(page);
  await expect(page.getByTestId('open-order').first()).toContainText(shown(target));
  await expect(page.getByTestId('chart-order')).toHaveAttribute('data-price', target.toFixed(1));
});

test('a market buy shows a fill marker and the position\'s entry line on the chart', async ({ page }) => {
  const chart = page.getByTestId('price-chart');
  await expect(chart).toHaveAttribute('data-fill-markers', '0');
  await placeOrder(page, { side: 'buy', type: 'market', quantity: '0.01' });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'filled');
  await expect(chart).toHaveAttribute('data-fill-markers', '1');
  await expect(page.getByTestId('chart-entry')).toHaveText(/^Entry 0\.01 @ [\d,]+\.\d{2}$/);
  const entry = Number(await chart.getAttribute('data-entry-price'));
  const { bid, ask } = await bestPrices(page);
  // Bought at the ask a moment ago: near the market.
  expect(Math.abs(entry - (bid + ask) / 2)).toBeLessThan(500);
});
