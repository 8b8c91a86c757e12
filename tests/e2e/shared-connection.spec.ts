// Several tabs of one browser share one gateway WebSocket and one index EventSource (lib/client/shared):
// the server counts one of each however many trader tabs are open, every tab is live with a verified
// book, an order placed in one tab shows in another, and when the tab holding the connection closes
// the others carry on over one new socket without missing or doubling a trade. Once through the
// SharedWorker (Chromium's default) and once through a leader tab (`?shared=tabs`, as in a browser
// without SharedWorker); `?shared=0` gives each tab its own connections again. A SharedWorker ended
// from DevTools (as a crash would end it) is replaced, and every tab is live again without a reload.
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';
import { expectAccount, placeOrder } from './support/order-form.ts';
import { idsAfter, idsBetween, serverTradeIds, TapeRecorder } from './support/trade-tape-watch.ts';
import { bestPrices, expectBookAdvancing, expectLive, expectUncrossed, watchBookReasons } from './support/trader-page.ts';

/** Open client connections of a transport, as the server's /metrics counts them. */
async function openConnections(baseURL: string, transport: 'ws' | 'sse'): Promise<number> {
  const text = await (await fetch(`${baseURL}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`tickwire_connections{transport="${transport}"}`));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

async function expectConnections(baseURL: string, ws: number, sse: number): Promise<void> {
  await expect.poll(() => openConnections(baseURL, 'ws'), { timeout: 10_000 }).toBe(ws);
  await expect.poll(() => openConnections(baseURL, 'sse'), { timeout: 10_000 }).toBe(sse);
}

async function openTabs(context: BrowserContext, path: string, count: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(path);
    pages.push(page);
  }
  return pages;
}


/** Live, verified (every delta's checksum) and moving, looked at the way a user does: tab in front. */
async function expectExactBook(page: Page, name: string): Promise<void> {
  await test.step(`the ${name} tab's book is live and exact`, async () => {
    // A tab in the background draws nothing (no animation frames): its page shows an old moment.
    await page.bringToFront();
    await expectLive(page);
    await expectBookAdvancing(page);
    await expectUncrossed(page, 3);
  });
}

for (const mode of ['worker', 'tabs'] as const) {
  test(`three tabs share one socket and one index stream (${mode}), and keep going when the holding tab closes`, async ({ context, baseURL }) => {
    test.setTimeout(120_000);
    const base = baseURL ?? '';
    const path = `/trade/BTC-USD${mode === 'tabs' ? '?shared=tabs' : ''}`;
    const [first, second, third] = await openTabs(context, path, 3);
    if (!first || !second || !third) throw new Error('three tabs');
    for (const [name, page] of [['first', first], ['second', second], ['third', third]] as const) {
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-sharing', mode);
      await expectExactBook(page, name);
      await expect.poll(async () => Number(await page.getByTestId('index-count').textContent())).toBeGreaterThan(0);
    }
    await expectConnections(base, 1, 1);

    // An order from the second tab goes over the one socket; the third tab hears of it.
    await second.bringToFront();
    await expectAccount(second);
    const { bid } = await bestPrices(second);
    const price = (bid - 200).toFixed(1);
    await placeOrder(second, { side: 'buy', type: 'limit', quantity: '0.01', price });
    await expect(second.getByTestId('order-feedback')).toHaveAttribute('data-status', 'accepted');
    await third.bringToFront();
    await third.getByTestId('account-tab-orders').click();
    await expect(third.getByTestId('open-order')).toHaveCount(1);
    await expect(third.getByTestId('open-order').first()).toContainText(Number(price).toLocaleString('en-US', { minimumFractionDigits: 1 }));

    // In tabs mode the first tab holds the connection (it won the election): closing it hands over to
    // another tab. In worker mode the worker holds it and the tabs must not notice. The third tab's
    // tape is watched in front (a background tab does not draw), the second tab is checked after.
    const reasons = await Promise.all([watchBookReasons(second), watchBookReasons(third)]);
    await third.bringToFront();
    const tape = new TapeRecorder(third);
    await expect.poll(() => tape.ids().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    await first.close();
    await expectExactBook(third, 'third');
    await expectConnections(base, 1, 1);
    const firstShown = tape.ids()[0] ?? '';
    const lastBefore = tape.ids().at(-1) ?? '';
    await expect.poll(() => idsAfter(tape.ids(), lastBefore).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const shown = await tape.stop();
    expect(tape.problems).toEqual([]);
    const newest = shown.at(-1) ?? '';
    expect(idsBetween(shown, firstShown, newest), 'every trade across the hand-over, once').toEqual(idsBetween(await serverTradeIds(base, 'BTC-USD'), firstShown, newest));
    await expectExactBook(second, 'second');
    // Hop times survive the relay: the tab timed the deltas it drew, and its pings answered.
    const hops = third.getByTestId('book-hops');
    await third.bringToFront();
    await expect.poll(async () => Number(await hops.getAttribute('data-samples')), { timeout: 15_000 }).toBeGreaterThan(10);
    for (const hop of ['feed', 'gateway', 'network', 'render']) await expect(hops.locator(`[data-hop="${hop}"] .num`)).toHaveText(/^\d+(\.\d)?\/\d+(\.\d)?$/);
    await expect(third.getByTestId('latency')).toHaveText(/^\d+ ms$/);
    for (const read of reasons) {
      const seen = await read();
      // A hand-over may show the book stale for a moment ("connection lost"); never a book found wrong.
      expect(seen.filter((reason) => /checksum|gap|epoch|crossed|bad /i.test(reason))).toEqual([]);
    }
  });
}

test('a SharedWorker that dies is replaced: every tab is live again without a reload, over one new socket', async ({ context, baseURL }) => {
  const base = baseURL ?? '';
  const pages = await openTabs(context, '/trade/BTC-USD', 3);
  for (const page of pages) {
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-sharing', 'worker');
    await expectLive(page);
    // A reload would lose this mark.
    await page.evaluate(() => Object.assign(window, { isBeforeWorkerEnd: true }));
  }
  await expectConnections(base, 1, 1);
  const devtools = await context.newCDPSession(pages[0] as Page);
  const workerIds = async (): Promise<string[]> => {
    const { targetInfos } = await devtools.send('Target.getTargets');
    return targetInfos.filter((target) => target.type === 'shared_worker' && target.url.startsWith(base)).map((target) => target.targetId);
  };
  const [dead, ...others] = await workerIds();
  expect(dead, 'the SharedWorker is listed').toBeDefined();
  expect(others).toEqual([]);
  const indexBefore = await Promise.all(pages.map(async (page) => Number(await page.getByTestId('index-count').textContent())));
  await devtools.send('Target.closeTarget', { targetId: dead ?? '' });

  // One new worker for the three tabs, each live again on its own: its book moves on, its index too.
  const isReplaced = async (): Promise<boolean> => {
    const ids = await workerIds();
    return ids.length === 1 && ids[0] !== dead;
  };
  await expect.poll(isReplaced, { timeout: 10_000, message: 'one new SharedWorker' }).toBe(true);
  for (const [i, page] of pages.entries()) {
    await page.bringToFront();
    await expectLive(page, 15_000);
    await expectBookAdvancing(page);
    await expect.poll(async () => Number(await page.getByTestId('index-count').textContent()), { timeout: 10_000 }).toBeGreaterThan(indexBefore[i] ?? 0);
    expect(await page.evaluate(() => 'isBeforeWorkerEnd' in window), 'not reloaded').toBe(true);
  }
  await expectConnections(base, 1, 1);
  expect(await isReplaced(), 'still one worker, the new one').toBe(true);
});

test('?shared=0 gives each tab its own socket and index stream', async ({ context, baseURL }) => {
  const base = baseURL ?? '';
  const pages = await openTabs(context, '/trade/BTC-USD?shared=0', 2);
  for (const page of pages) {
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-sharing', 'off');
    await expectLive(page);
  }
  await expectConnections(base, 2, 2);
});
