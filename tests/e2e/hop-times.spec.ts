// Per-hop latency in Chromium against the app as a user starts it: the trader view's footer shows
// p50/p99 of feed→gateway, gateway, network and render for the book, with a tooltip saying what each
// hop is and how the clocks were handled; the lab shows where the milliseconds go as bars.
import type { Locator } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';

const FIGURE = /^\d+(\.\d)?\/\d+(\.\d)?$/;

async function samplesOf(locator: Locator): Promise<number> {
  return Number(await locator.getAttribute('data-samples'));
}

test('the footer shows p50/p99 per hop of the live book, and says what each hop is', async ({ page }) => {
  await page.goto('/');
  const hops = page.getByTestId('book-hops');
  // Only a subscription that asked for timing gets deltas with hops: samples prove the page asked.
  await expect.poll(() => samplesOf(hops), { message: 'timed deltas rendered', timeout: 30_000 }).toBeGreaterThan(10);
  for (const hop of ['feed', 'gateway', 'network', 'render']) {
    await expect(hops.locator(`[data-hop="${hop}"] .num`)).toHaveText(FIGURE);
  }
  await expect(hops).toContainText(/feed→gw .* · gw .* · net .* · render .* ms/);
  const title = (await hops.getAttribute('title')) ?? '';
  for (const words of ['feed → gateway', 'gateway:', 'network:', 'render:', 'net:']) expect(title).toContain(words);
  // One machine, one clock: the ping cannot tell the gateway's clock from the page's, so nothing is corrected.
  await expect.poll(() => hops.getAttribute('title'), { message: 'a ping answered' }).toMatch(/agree within ±[\d.]+ ms \(from the ping\)/);
  await expect(hops).toHaveAttribute('data-clock-applied', 'false');
});

test('the lab shows a stacked bar per transport of where the milliseconds go', async ({ page }) => {
  await page.goto('/lab');
  // The index: SSE from the web node and the three socket codecs from the gateway, each timed.
  const indexBars = page.getByTestId('index-hop-bars');
  for (const name of ['sse', 'ws', 'stomp', 'socketio']) {
    const bar = indexBars.getByTestId(`hop-bar-${name}`);
    await expect.poll(() => samplesOf(bar), { message: `timed ${name} index updates`, timeout: 30_000 }).toBeGreaterThan(2);
    await expect(bar.locator('[data-hop]')).toHaveCount(4);
    await expect(bar.locator('[data-hop="network"]')).toHaveAttribute('title', /^net: p50 [\d.]+ ms, p99 [\d.]+ ms \(\d+ updates\)$/);
  }
  await expect(page.getByTestId('index-hop-clock-note')).toContainText(/agree within ±[\d.]+ ms|corrected by/);
  await page.getByTestId('lab-tab-book').click();
  const bookBars = page.getByTestId('book-hop-bars');
  for (const name of ['ws', 'stomp', 'socketio']) {
    const bar = bookBars.getByTestId(`hop-bar-${name}`);
    await expect.poll(() => samplesOf(bar), { message: `${name} timed deltas`, timeout: 30_000 }).toBeGreaterThan(5);
    await expect(bar.locator('[data-hop]')).toHaveCount(4);
    await expect(bar.locator('[data-hop="network"]')).toHaveAttribute('title', /^net: p50 [\d.]+ ms, p99 [\d.]+ ms \(\d+ deltas\)$/);
  }
  await expect(page.getByTestId('hop-clock-note')).toContainText(/agree within ±[\d.]+ ms|corrected by/);
});
