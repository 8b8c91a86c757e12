// The transport lab in Chromium against the app as a user starts it: the same index stream arrives over
// short polling, long polling, SSE and WebSocket, and each panel shows its measured numbers.
import { expect, test, type Locator } from '@playwright/test';

const TRANSPORTS = ['poll', 'longpoll', 'sse', 'ws'] as const;

async function numberIn(card: Locator, testId: string): Promise<number> {
  return Number.parseFloat((await card.getByTestId(testId).textContent()) ?? '');
}

test('shows live numbers for all four transports', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('transport lab');
  for (const name of TRANSPORTS) {
    const card = page.getByTestId(`transport-${name}`);
    await expect(card).toHaveAttribute('data-state', 'open');
    await expect.poll(() => numberIn(card, 'updates'), { message: `${name} updates` }).toBeGreaterThan(3);
    await expect(card.getByTestId('latency')).toHaveText(/^\d+ ms$/);
    await expect(card.getByTestId('bytes-per-update')).toHaveText(/^\d+ B$/);
    expect(await numberIn(card, 'requests')).toBeGreaterThan(0);
    await expect(card.getByTestId('missed')).toHaveText('0 · 0');
  }
  // Streams make one request; short polling keeps asking, once a second.
  await expect.poll(() => numberIn(page.getByTestId('transport-poll'), 'requests')).toBeGreaterThan(2);
  expect(await numberIn(page.getByTestId('transport-sse'), 'requests')).toBe(1);
  expect(await numberIn(page.getByTestId('transport-ws'), 'requests')).toBe(1);
  await expect(page.getByTestId('sse-raw')).toContainText(/id: \d+-\d+\nevent: index\ndata: \{/);
  await expect(page.getByTestId('gateway-node')).not.toHaveText('…');
});
