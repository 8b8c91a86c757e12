// The order types beyond market and limit, from the trader view in Chromium, each test on a fresh demo
// account: post-only refused when it would take and resting when it would not, fill-or-kill cancelled
// whole when the book cannot fill it, and stops that wait (shown as Waiting), trigger on the last trade
// (shown as Triggered) and then act. A stop that must trigger is placed two ticks from the last trade,
// right after a trade on the far side of the spread (a sell stop after a buy printed at the ask): the
// next trade the other way prints across the spread and triggers it, unless the market runs away
// faster than that; then it is cancelled and placed again.
import type { Page } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';
import { cash, expectAccount, fillOrder, lastTrade, placeOrder, type FormOrder } from './support/order-form.ts';
import { bestPrices, expectLive } from './support/trader-page.ts';

test.beforeEach(async ({ page }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectAccount(page);
});

const price = (value: number): string => value.toFixed(1);

/**
 * Places a stop priced from the last trade, once that trade's aggressor is `after` (any when absent).
 * The tape moves between reading it and sending: when the form or the engine then finds the stop
 * already reached, the last trade is read again and the stop placed again.
 */
async function placeStop(page: Page, orderAt: (last: number) => FormOrder, after?: 'buy' | 'sell'): Promise<void> {
  const feedback = page.getByTestId('order-feedback');
  const stopError = page.getByTestId('order-stop-price-error');
  for (let attempt = 0; attempt < 8; attempt++) {
    await fillOrder(page, orderAt((await lastTrade(page)).price));
    const previous = (await feedback.count()) > 0 ? await feedback.getAttribute('data-client-order-id') : null;
    let trade = await lastTrade(page);
    if (after !== undefined) await expect.poll(async () => (trade = await lastTrade(page)).side, { timeout: 20_000 }).toBe(after);
    // Only the stop price is typed between reading the trade and sending, to keep that moment short.
    await page.getByTestId('order-stop-price').fill(orderAt(trade.price).stopPrice ?? '');
    await page.getByTestId('order-stop-price').press('Enter');
    // Sent: a new ticket at once (its answer follows). Not sent: the form's message, and no new ticket.
    const isNewTicket = async (): Promise<boolean> => (await feedback.count()) > 0 && (await feedback.getAttribute('data-client-order-id')) !== previous;
    const outcome = async (): Promise<string> => {
      if (await isNewTicket()) return (await feedback.getAttribute('data-status')) ?? 'sending';
      return (await stopError.count()) > 0 ? 'invalid' : 'sending';
    };
    await expect.poll(outcome).not.toBe('sending');
    // Once sent, the form may find the stop reached by a later trade: only the ticket says what happened.
    if ((await outcome()) === 'invalid') continue;
    if ((await feedback.getAttribute('data-status')) === 'rejected' && ((await feedback.textContent()) ?? '').includes('The stop would trigger at once')) continue;
    await expect(feedback).not.toHaveAttribute('data-status', 'rejected');
    return;
  }
  throw new Error('the last trade kept moving past the stop price');
}

/**
 * Places a stop a tick or two from the last trade and waits for its trigger. The market may run away
 * from it for a while: then it is cancelled and placed again from the new last trade.
 */
async function placeStopUntilTriggered(page: Page, orderAt: (last: number) => FormOrder, after: 'buy' | 'sell'): Promise<void> {
  const feedback = page.getByTestId('order-feedback');
  for (let attempt = 0; attempt < 4; attempt++) {
    await placeStop(page, orderAt, after);
    const hasTriggered = await expect
      .poll(() => feedback.getAttribute('data-status'), { timeout: 15_000 })
      .not.toBe('accepted')
      .then(() => true, () => false);
    if (hasTriggered) return;
    await page.getByTestId('account-tab-orders').click();
    await page.getByTestId('open-order').getByRole('button', { name: /^Cancel (buy|sell) stop/ }).click();
    await expect.poll(() => feedback.getAttribute('data-status')).not.toBe('accepted');
    // Triggered while the cancel was on its way: that is what was waited for.
    if ((await feedback.getAttribute('data-status')) !== 'cancelled') return;
  }
  throw new Error('the market kept away from the stop');
}

test('a post-only buy priced at the ask is refused with the reason; one below the bid rests, tagged Post', async ({ page }) => {
  const { bid, ask } = await bestPrices(page);
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price: price(ask + 20), postOnly: true });
  const feedback = page.getByTestId('order-feedback');
  await expect(feedback).toHaveAttribute('data-status', 'rejected');
  await expect(feedback).toContainText('Post only: the price would take liquidity');

  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price: price(bid - 100), postOnly: true });
  await expect(feedback).toHaveAttribute('data-status', 'accepted');
  await page.getByTestId('account-tab-orders').click();
  const row = page.getByTestId('open-order');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Buy Limit');
  await expect(row).toContainText('Post');
  await expect(row.getByTestId('stop-state')).toHaveCount(0);
});

test('a fill-or-kill buy larger than the book holds up to its price is cancelled whole, nothing filled', async ({ page }) => {
  const before = await cash(page);
  // The best ask with little on it: a FOK at that price for far more cannot fill whole (the demo cash pays for it).
  const asks = page.getByTestId('book-asks');
  const best = async (): Promise<{ price: string; size: number }> =>
    asks.evaluate((el) => {
      const rows = [...el.querySelectorAll<HTMLElement>('button[data-price]')];
      const row = rows[rows.length - 1];
      const size = /size ([\d,.]+)/.exec(row?.getAttribute('aria-label') ?? '')?.[1] ?? 'NaN';
      return { price: row?.dataset.price ?? '', size: Number(size.replaceAll(',', '')) };
    });
  let top = await best();
  await expect.poll(async () => (top = await best()).size, { timeout: 20_000 }).toBeLessThan(0.4);
  const quantity = Math.min(1.4, Math.floor((95_000 / Number(top.price)) * 100) / 100).toFixed(2);
  expect(Number(quantity)).toBeGreaterThan(top.size + 0.8);

  await placeOrder(page, { side: 'buy', type: 'limit', quantity, price: top.price, timeInForce: 'FOK' });
  const feedback = page.getByTestId('order-feedback');
  await expect(feedback).toHaveAttribute('data-status', 'cancelled');
  await expect(feedback).toHaveText(`Buy ${Number(quantity)}: cancelled: could not fill whole (FOK)`);
  await page.getByTestId('account-tab-fills').click();
  await expect(page.getByTestId('fill')).toHaveCount(0);
  expect(await cash(page)).toBe(before);
});

test('a stop buy above the last trade waits in open orders, and can be cancelled', async ({ page }) => {
  await placeStop(page, (last) => ({ side: 'buy', type: 'stop_market', quantity: '0.01', stopPrice: price(last + 400) }));
  const feedback = page.getByTestId('order-feedback');
  await expect(feedback).toHaveAttribute('data-status', 'accepted');
  await expect(feedback).toContainText('Stop buy 0.01: waiting for a trade at');
  await page.getByTestId('account-tab-orders').click();
  const row = page.getByTestId('open-order');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-stop-state', 'waiting');
  await expect(row).toContainText('Buy Stop');
  await expect(row.getByTestId('stop-state')).toHaveText('Waiting');
  await expect(row).toContainText('market');

  await row.getByRole('button', { name: /^Cancel buy stop 0\.01/ }).click();
  await expect(page.getByTestId('open-order')).toHaveCount(0);
  await expect(feedback).toHaveAttribute('data-status', 'cancelled');
});

test('a stop limit buy just above the last trade triggers, then rests at its limit as Triggered', async ({ page }) => {
  // Its limit is under the market, so once triggered it rests instead of filling.
  test.setTimeout(120_000);
  await placeStopUntilTriggered(page, (last) => ({ side: 'buy', type: 'stop_limit', quantity: '0.01', stopPrice: price(last + 0.2), price: price(last - 60) }), 'sell');
  await page.getByTestId('account-tab-orders').click();
  const row = page.getByTestId('open-order');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Buy Stop limit');
  await expect(row).toHaveAttribute('data-stop-state', 'triggered');
  await expect(row.getByTestId('stop-state')).toHaveText('Triggered');
  await expect(page.getByTestId('order-feedback')).toContainText('triggered');
  await row.getByRole('button', { name: /^Cancel buy stop/ }).click();
  await expect(page.getByTestId('open-order')).toHaveCount(0);
});

test('a stop-market sell just below the last trade, after a buy, triggers and sells the position', async ({ page }) => {
  test.setTimeout(120_000);
  await placeOrder(page, { side: 'buy', type: 'market', quantity: '0.01' });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'filled');
  const position = page.getByTestId('position-BTC-USD');
  await expect(position).toContainText('0.01');

  await placeStopUntilTriggered(page, (last) => ({ side: 'sell', type: 'stop_market', quantity: '0.01', stopPrice: price(last - 0.2) }), 'buy');
  const feedback = page.getByTestId('order-feedback');
  await expect(feedback).toHaveAttribute('data-status', 'filled');
  await expect(feedback).toContainText('Stop sell 0.01: filled @');
  await expect(position).toHaveCount(0);

  await page.getByTestId('account-tab-fills').click();
  await expect(page.getByTestId('fill').filter({ hasText: 'Sell' })).not.toHaveCount(0);
  await page.getByTestId('account-tab-orders').click();
  await expect(page.getByTestId('open-order')).toHaveCount(0);
});
