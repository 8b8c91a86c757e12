// Drives the order form the way a user does: side, type, fields, submit.
import { expect, type Page } from '@playwright/test';

export interface FormOrder {
  side: 'buy' | 'sell';
  type: 'market' | 'limit' | 'stop_market' | 'stop_limit';
  quantity: string;
  /** The limit of a limit or stop-limit order. */
  price?: string;
  /** Stop orders: the last-trade price that triggers them. */
  stopPrice?: string;
  /** Limit and stop-limit orders; the form's GTC when absent. */
  timeInForce?: 'GTC' | 'IOC' | 'FOK';
  /** GTC limit orders. */
  postOnly?: boolean;
}

/** Fills the form and submits it with the keyboard (Enter in the quantity field). */
export async function placeOrder(page: Page, order: FormOrder): Promise<void> {
  await fillOrder(page, order);
  await expect(page.getByTestId('order-submit')).toBeEnabled();
  await page.getByTestId('order-quantity').press('Enter');
}

/** Fills the form without sending it. */
export async function fillOrder(page: Page, order: FormOrder): Promise<void> {
  await page.getByTestId(`side-${order.side}`).check({ force: true });
  await page.getByTestId(`type-${order.type}`).check({ force: true });
  if (order.type === 'stop_market' || order.type === 'stop_limit') await page.getByTestId('order-stop-price').fill(order.stopPrice ?? '');
  if (order.type === 'limit' || order.type === 'stop_limit') {
    await page.getByTestId('order-price').fill(order.price ?? '');
    await page.getByTestId('order-tif').selectOption(order.timeInForce ?? 'GTC');
  }
  // Post-only is a GTC limit's option; the box is disabled otherwise.
  if (order.type === 'limit' && (order.timeInForce ?? 'GTC') === 'GTC') await page.getByTestId('order-post-only').setChecked(order.postOnly === true);
  await page.getByTestId('order-quantity').fill(order.quantity);
}

/** The last public trade as the form checks stops against it (its price) and the tape shows it (its aggressor side). */
export async function lastTrade(page: Page): Promise<{ price: number; side: 'buy' | 'sell' }> {
  const read = (): Promise<{ price: number; side: 'buy' | 'sell' } | undefined> =>
    page.evaluate(() => {
      const form = document.querySelector<HTMLElement>('[data-testid="order-form"]');
      const row = document.querySelector<HTMLElement>('[data-testid="trade-tape"] li[data-trade-id]');
      const formPrice = Number(form?.dataset.lastPrice);
      const tapePrice = Number(row?.querySelector('.num')?.firstChild?.textContent?.replaceAll(',', ''));
      const side = row?.dataset.side;
      // Both read the same feed but render apart: only a moment they agree on is an answer.
      return formPrice > 0 && formPrice === tapePrice && (side === 'buy' || side === 'sell') ? { price: formPrice, side } : undefined;
    });
  let trade: { price: number; side: 'buy' | 'sell' } | undefined;
  await expect.poll(async () => (trade = await read()) !== undefined).toBe(true);
  if (trade === undefined) throw new Error('no last trade');
  return trade;
}

/** The cash shown in the balance strip, as a number. */
export async function cash(page: Page): Promise<number> {
  const text = (await page.getByTestId('balance-cash').textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

/** Waits until the page has its demo account (starting cash shown). */
export async function expectAccount(page: Page): Promise<void> {
  await expect(page.getByTestId('balance-cash')).toHaveText(/^[\d,]+\.\d{2} USD$/, { timeout: 20_000 });
}
