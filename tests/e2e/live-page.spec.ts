// The landing page in Chromium: live index over SSE and a live, uncrossed book over WebSocket.
import { expect, test } from '@playwright/test';

test('shows live data flowing over SSE and WebSocket', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tickwire');

  const count = page.getByTestId('index-count');
  await expect.poll(async () => Number(await count.textContent()), { timeout: 15_000 }).toBeGreaterThan(2);
  await expect(page.getByTestId('index-value')).toHaveText(/^\d+\.\d{2}$/);
  await expect(page.getByTestId('live-index')).toContainText('SSE · live');

  const seq = page.getByTestId('book-seq');
  await expect(seq).toHaveText(/^\d+$/, { timeout: 15_000 });
  const firstSeq = Number(await seq.textContent());
  await expect.poll(async () => Number(await seq.textContent()), { timeout: 10_000 }).toBeGreaterThan(firstSeq);
  await expect(page.getByTestId('live-book')).toContainText('WebSocket · live');
  const bid = Number(await page.getByTestId('best-bid').textContent());
  const ask = Number(await page.getByTestId('best-ask').textContent());
  expect(bid).toBeGreaterThan(0);
  expect(bid).toBeLessThan(ask);
});
