// Drives the order form the way a user does: side, type, fields, submit.
import { expect, type Page } from '@playwright/test';

export interface FormOrder {
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  quantity: string;
  price?: string;
}

/** Fills the form and submits it with the keyboard (Enter in the quantity field). */
export async function placeOrder(page: Page, order: FormOrder): Promise<void> {
  await page.getByTestId(`side-${order.side}`).check({ force: true });
  await page.getByTestId(`type-${order.type}`).check({ force: true });
  if (order.type === 'limit') await page.getByTestId('order-price').fill(order.price ?? '');
  await page.getByTestId('order-quantity').fill(order.quantity);
  await expect(page.getByTestId('order-submit')).toBeEnabled();
  await page.getByTestId('order-quantity').press('Enter');
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
