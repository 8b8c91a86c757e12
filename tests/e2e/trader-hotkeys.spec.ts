// The trader view's keyboard shortcuts, driven with the keyboard only (no clicks), focus starting on
// the page: the help overlay, buying and selling from the ticket, cancel-all, the chart's timeframe,
// the instrument, keys typed into fields staying there, and the on/off switch surviving a reload.
import type { Page } from '@playwright/test';
import { HOTKEYS } from '../../lib/client/hotkeys.ts';
import { english } from './support/english.ts';
import { expect, test } from './support/error-guard.ts';
import { expectAccount } from './support/order-form.ts';
import { bestPrices, expectLive } from './support/trader-page.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectAccount(page);
  await expectFocusOnPage(page);
});

function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
}

async function expectFocusOnPage(page: Page): Promise<void> {
  await expect.poll(() => focusedTestId(page)).toBe('BODY');
}

const openOrdersTab = (page: Page) => page.getByTestId('account-tab-orders');

test('? opens the help with every shortcut, as a modal dialog; Escape closes it and gives focus back', async ({ page }) => {
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect.poll(() => focusedTestId(page)).toBe('hotkeys-switch');
  await expect(page.getByTestId('hotkeys-switch')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('hotkeys-state')).toContainText('On');

  const rows = dialog.locator('tr[data-hotkey]');
  await expect(rows).toHaveCount(HOTKEYS.length);
  for (const binding of HOTKEYS) await expect(dialog.locator(`tr[data-hotkey="${binding.id}"]`)).toContainText(english(binding.label));
  await expect(dialog.locator('tr[data-hotkey="cancel-all"]')).toContainText('Shift+C');
  await expect(dialog.locator('tr[data-hotkey="submit"]')).toContainText('Ctrl+Enter');

  // While it is open the page's shortcuts wait: s does not reach the ticket behind it.
  await page.keyboard.press('s');
  await expect(page.getByTestId('side-buy')).toBeChecked();

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectFocusOnPage(page);

  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('?');
  await expect(dialog).toBeHidden();
});

test('b focuses the quantity; a market buy sent with Ctrl+Enter fills', async ({ page }) => {
  await page.keyboard.press('s');
  await expect(page.getByTestId('side-sell')).toBeChecked();
  await expect(page.getByTestId('order-quantity')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await expect(page.getByTestId('side-buy')).toBeChecked();
  await expect(page.getByTestId('order-quantity')).toBeFocused();

  // Back over the price and its options (time in force, post-only) to the order type (radios: arrows choose), then b again.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('order-price')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('order-tif')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('order-post-only')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('type-market')).toBeChecked();
  await page.keyboard.press('b');
  await expect(page.getByTestId('order-quantity')).toBeFocused();
  await page.keyboard.type('0.01');
  await expect(page.getByTestId('order-submit')).toBeEnabled();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'filled');
  await expect(page.getByTestId('order-feedback')).toContainText('Buy 0.01: filled @');
  await expect(page.getByTestId('position-BTC-USD')).toContainText('0.01');
});

test('two limit orders placed by keyboard, then Shift+C cancels all of them', async ({ page }) => {
  const { bid } = await bestPrices(page);
  const orders = [
    { quantity: '0.01', price: (bid - 200).toFixed(1) },
    { quantity: '0.02', price: (bid - 300).toFixed(1) },
  ];
  for (const [i, order] of orders.entries()) {
    await page.keyboard.press('b');
    await expect(page.getByTestId('order-quantity')).toBeFocused();
    await page.keyboard.type(order.quantity); // the field's text is selected: typing replaces it
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Control+a');
    await page.keyboard.type(order.price);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'accepted');
    await expect(openOrdersTab(page)).toHaveText(`Open orders (${i + 1})`);
    await page.keyboard.press('Escape'); // leave the field: the next key is a shortcut again
    await expectFocusOnPage(page);
  }

  await page.keyboard.press('Shift+C');
  await expect(page.getByTestId('hotkeys-notice')).toHaveText('Cancelling 2 open orders on BTC-USD');
  await expect(openOrdersTab(page)).toHaveText('Open orders (0)');
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'cancelled');
});

test('digits switch the timeframe; ] and [ step through the instruments; / searches them', async ({ page }) => {
  const chart = page.getByTestId('price-chart');
  await expect(chart).toHaveAttribute('data-timeframe', '1m');
  await page.keyboard.press('3');
  await expect(chart).toHaveAttribute('data-timeframe', '5m');
  await expect(page.getByTestId('timeframe-5m')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('6');
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await page.keyboard.press('1');
  await expect(chart).toHaveAttribute('data-timeframe', '1s');

  await page.keyboard.press(']');
  await expect(page).toHaveURL(/\/trade\/ETH-USD$/);
  await expect(page.getByTestId('instrument-picker')).toContainText('ETH-USD');
  await page.keyboard.press('[');
  await expect(page).toHaveURL(/\/trade\/BTC-USD$/);
  await page.keyboard.press('[');
  await expect(page).toHaveURL(/\/trade\/TSLA$/); // wraps to the end of the list

  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: 'Find an instrument' })).toBeFocused();
  await page.keyboard.type('sol');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/trade\/SOL-USD$/);
  await expectLive(page);
});

test('letters and digits typed into the ticket\'s fields stay there and fire nothing', async ({ page }) => {
  const chart = page.getByTestId('price-chart');
  await page.keyboard.press('s');
  await expect(page.getByTestId('order-quantity')).toBeFocused();
  await page.keyboard.type('b1s3');
  await page.keyboard.press('Shift+C');
  await expect(page.getByTestId('order-quantity')).toHaveValue('b1s3C');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type('b5]?');
  await expect(page.getByTestId('order-price')).toHaveValue('b5]?');

  await expect(page.getByTestId('side-sell')).toBeChecked();
  await expect(chart).toHaveAttribute('data-timeframe', '1m');
  await expect(page).toHaveURL(/\/trade\/BTC-USD$/);
  await expect(page.getByRole('dialog')).toBeHidden();

  // Escape leaves the field, and the same keys are shortcuts again.
  await page.keyboard.press('Escape');
  await expectFocusOnPage(page);
  await page.keyboard.press('4');
  await expect(chart).toHaveAttribute('data-timeframe', '15m');
  await page.keyboard.press('b');
  await expect(page.getByTestId('side-buy')).toBeChecked();
});

test('shortcuts switched off stay off after a reload: only ? works, and turns them back on', async ({ page }) => {
  await page.keyboard.press('?');
  await expect.poll(() => focusedTestId(page)).toBe('hotkeys-switch');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('hotkeys-switch')).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('hotkeys-state')).toContainText('Off: only ? works');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('hotkeys-button')).toHaveAttribute('data-state', 'off');

  await page.reload();
  await expectLive(page);
  await expectAccount(page);
  await expectFocusOnPage(page);
  await expect(page.getByTestId('hotkeys-button')).toHaveAttribute('data-state', 'off');
  await page.keyboard.press('s');
  await page.keyboard.press('3');
  await page.keyboard.press(']');
  // Nothing moved: give a shortcut that would fire time to show, then check.
  await page.waitForTimeout(300);
  await expect(page.getByTestId('side-buy')).toBeChecked();
  await expectFocusOnPage(page);
  await expect(page.getByTestId('price-chart')).toHaveAttribute('data-timeframe', '1m');
  await expect(page).toHaveURL(/\/trade\/BTC-USD$/);

  await page.keyboard.press('?');
  await expect(page.getByTestId('hotkeys-switch')).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('hotkeys-state')).toContainText('Off');
  await page.keyboard.press('Space');
  await page.keyboard.press('Escape');
  await page.keyboard.press('s');
  await expect(page.getByTestId('side-sell')).toBeChecked();
});
