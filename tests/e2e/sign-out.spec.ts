// Signing out from the trader view: two clicks end the session (its cookie then opens nothing), the
// page moves to a fresh demo account without a reload, and trading works there at once (the socket
// was closed with 4001 and reconnected with the new session).
import type { Page } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';
import { cash, expectAccount, placeOrder } from './support/order-form.ts';
import { bestPrices, expectLive } from './support/trader-page.ts';

const accountId = (page: Page): Promise<string> =>
  page.evaluate(async () => ((await (await fetch('/api/account')).json()) as { userId: string }).userId);

test('Sign out ends the session and leaves the page on a fresh demo account that trades', async ({ page, context }) => {
  await page.goto('/trade/BTC-USD');
  await expectLive(page);
  await expectAccount(page);
  const { bid } = await bestPrices(page);
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price: (bid - 200).toFixed(1) });
  await expect(page.getByTestId('account-tab-orders')).toHaveText('Open orders (1)');
  const before = await accountId(page);
  const oldCookie = (await context.cookies()).find((c) => c.name === 'tw_session');
  expect(oldCookie?.httpOnly).toBe(true);

  const signOut = page.getByTestId('sign-out');
  await expect(signOut).toHaveText('Sign out');
  await signOut.click();
  await expect(signOut).toHaveText('Click again to sign out');
  await signOut.click();

  await expect(page.getByTestId('account-tab-orders')).toHaveText('Open orders (0)');
  await expect.poll(() => accountId(page)).not.toBe(before);
  const newCookie = (await context.cookies()).find((c) => c.name === 'tw_session');
  expect(newCookie?.value).not.toBe(oldCookie?.value);
  // The old session is gone: its cookie opens nothing.
  const replay = await fetch(new URL('/api/account', page.url()), { headers: { Cookie: `tw_session=${oldCookie?.value ?? ''}` } });
  expect(replay.status).toBe(401);

  // The socket carries the new session: an order is accepted and fills on the new account.
  const startingCash = await cash(page);
  await placeOrder(page, { side: 'buy', type: 'market', quantity: '0.01' });
  await expect(page.getByTestId('order-feedback')).toHaveAttribute('data-status', 'filled');
  await expect.poll(() => cash(page)).toBeLessThan(startingCash - 100);
});
