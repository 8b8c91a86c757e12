// Trading from the trader view in Chromium, each test on a fresh demo account (its own cookie):
// market and limit orders through the form, fills, positions, balance, cancels and rejects.
import { expect, test } from './support/error-guard.ts';
import { cash, expectAccount, placeOrder } from './support/order-form.ts';
import { bestPrices, expectLive } from './support/trader-page.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectAccount(page);
});

test('a market buy shows a fill, a position with live P&L and a changed balance', async ({ page }) => {
  const before = await cash(page);
  expect(before).toBeGreaterThan(1000);
  await placeOrder(page, { side: 'buy', type: 'market', quantity: '0.01' });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'filled');
  await expect(page.getByTestId('order-feedback')).toContainText('filled @');

  await expect.poll(() => cash(page)).toBeLessThan(before - 100);
  const position = page.getByTestId('position-BTC-USD');
  await expect(position).toContainText('0.01');
  await expect(position.getByTestId('position-pnl')).toHaveText(/^[+-]?[\d,]+\.\d{2}$/);
  await expect(page.getByTestId('unrealized-pnl')).toHaveText(/^[+-]?[\d,]+\.\d{2}$/);

  // One fill per book level the order took: usually one, two when the best ask held less than 0.01.
  await page.getByTestId('account-tab-fills').click();
  const fills = page.getByTestId('fill');
  await expect(fills.first()).toContainText('Buy');
  for (const fill of await fills.all()) await expect(fill).toContainText('Buy');
});

test('a limit order rests in open orders and can be cancelled, one by one or all at once', async ({ page }) => {
  const { bid } = await bestPrices(page);
  const price = (bid - 200).toFixed(1); // below the market, inside the engine's ±10 % band
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'accepted');
  await page.getByTestId('account-tab-orders').click();
  await expect(page.getByTestId('open-order')).toHaveCount(1);
  await expect(page.getByTestId('open-order').first()).toContainText(Number(price).toLocaleString('en-US', { minimumFractionDigits: 1 }));

  await page.getByTestId('open-order').first().getByRole('button', { name: /^Cancel buy/ }).click();
  await expect(page.getByTestId('open-order')).toHaveCount(0);
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'cancelled');

  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price });
  await expect(page.getByTestId('open-order')).toHaveCount(1);
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.02', price: (bid - 300).toFixed(1) });
  await expect(page.getByTestId('open-order')).toHaveCount(2);
  await page.getByTestId('cancel-all').click();
  await expect(page.getByTestId('open-order')).toHaveCount(0);
  await expect(page.getByTestId('account-tab-orders')).toHaveText('Open orders (0)');
});

test('a rejected order shows the engine\'s reason', async ({ page }) => {
  const { ask } = await bestPrices(page);
  // A fresh account holds no BTC: the engine refuses to sell what is not there (no shorting).
  await placeOrder(page, { side: 'sell', type: 'limit', quantity: '1', price: (ask + 50).toFixed(1) });
  const feedback = page.getByTestId('order-feedback');
  await expect(feedback).toHaveAttribute('data-status', 'rejected');
  await expect(feedback).toContainText('Insufficient position');
  await expect(feedback).toHaveAttribute('role', 'alert');
});

test('the form explains what is wrong before anything is sent', async ({ page }) => {
  await page.getByTestId('type-limit').check({ force: true });
  await page.getByTestId('order-price').fill('65000.05');
  await page.getByTestId('order-quantity').fill('0.00001');
  await page.getByTestId('order-quantity').press('Enter');
  await expect(page.getByTestId('order-price-error')).toHaveText('Price must be a multiple of the tick size 0.1');
  await expect(page.getByTestId('order-quantity-error')).toHaveText('Minimum quantity is 0.0001');
  await expect(page.getByTestId('order-feedback')).toHaveCount(0);

  await page.getByTestId('order-quantity').fill('0.000000001');
  await expect(page.getByTestId('order-quantity-error')).toHaveText('Quantity must be a multiple of 0.00000001');
});

test('clicking a price in the book puts it in the order form', async ({ page }) => {
  await page.getByTestId('type-market').check({ force: true });
  const row = page.getByTestId('book-bids').locator('button[data-price]').nth(2);
  // Read and click in one task: the ladder's rows keep their place while prices move through them.
  const price = await row.evaluate((el: HTMLElement) => {
    const picked = el.dataset.price;
    el.click();
    return picked;
  });
  await expect(page.getByTestId('type-limit')).toBeChecked();
  await expect(page.getByTestId('order-price')).toHaveValue(price ?? 'missing');
  await page.getByTestId('order-price').press('ArrowUp');
  await expect(page.getByTestId('order-price')).toHaveValue((Number(price) + 0.1).toFixed(1));
});

test('resetting the account (two clicks) restores the cash and clears positions', async ({ page }) => {
  const start = await cash(page);
  await placeOrder(page, { side: 'buy', type: 'market', quantity: '0.01' });
  await expect(page.getByTestId('position-BTC-USD')).toBeVisible();
  const reset = page.getByRole('button', { name: 'Reset account' });
  await reset.click();
  await expect(page.getByRole('button', { name: 'Click again to reset' })).toBeVisible();
  await page.getByRole('button', { name: 'Click again to reset' }).click();
  await expect(page.getByTestId('position-BTC-USD')).toHaveCount(0);
  await expect.poll(() => cash(page)).toBe(start);
});
