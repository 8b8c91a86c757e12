// The landing page in Chromium: live index over SSE and a live, uncrossed book over WebSocket.
import { expect, test } from './support/error-guard.ts';
import { expectBookAdvancing, expectLive, expectUncrossed } from './support/trader-page.ts';

test('shows live data flowing over SSE and WebSocket', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tickwire');

  const count = page.getByTestId('index-count');
  await expect.poll(async () => Number(await count.textContent()), { timeout: 15_000 }).toBeGreaterThan(2);
  await expect(page.getByTestId('index-value')).toHaveText(/^\d+\.\d{2}$/);
  await expect(page.getByTestId('live-index')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('instrument-picker')).toContainText('BTC-USD');
  await expect(page.getByTestId('last-price')).toHaveText(/^[\d,]+\.\d$/);

  await expectLive(page);
  await expectBookAdvancing(page);
  await expectUncrossed(page);
});
