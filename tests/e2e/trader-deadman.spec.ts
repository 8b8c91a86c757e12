// The dead-man's switch from the account panel in Chromium: armed with the shortest delay, a resting
// limit order, the page's connection cut for longer than the delay, then back: the order is gone from
// open orders and the panel says the switch cancelled it.
import type { WebSocketRoute } from '@playwright/test';
import { CONNECTION_LOST, expect, test } from './support/error-guard.ts';
import { expectAccount, placeOrder } from './support/order-form.ts';
import { bestPrices, expectLive } from './support/trader-page.ts';

test('an armed switch cancels the open orders when the page stays disconnected past its delay', async ({ page, pageErrors }) => {
  test.setTimeout(60_000);
  // The page's gateway sockets go through the test: cutting closes both ends (the gateway sees the
  // socket go, as it would a dropped network), and attempts during the cut hang until it ends.
  // (Chromium's offline emulation fails the page's socket but leaves the gateway's end open.)
  let endCut: () => void = () => undefined;
  let cutEnded: Promise<void> = Promise.resolve();
  const live = new Map<WebSocketRoute, WebSocketRoute>();
  await page.routeWebSocket(/\/ws$/, async (ws) => {
    await cutEnded;
    const server = ws.connectToServer();
    live.set(ws, server);
    ws.onClose(() => live.delete(ws));
    server.onClose(() => live.delete(ws));
  });
  const cut = async (): Promise<void> => {
    cutEnded = new Promise((resolve) => (endCut = resolve));
    for (const [ws, server] of [...live]) {
      await server.close();
      await ws.close({ code: 4999, reason: 'network cut by the test' });
    }
  };
  // The page's own socket (?shared=0): one held for all tabs lives in a SharedWorker, out of the route's reach.
  await page.goto('/trade/BTC-USD?shared=0');
  await expectLive(page);
  await expectAccount(page);

  const control = page.getByTestId('deadman');
  await expect(control).toHaveAttribute('data-tone', 'off');
  await page.getByTestId('deadman-15').click();
  await expect(control).toHaveAttribute('data-tone', 'armed');
  await expect(page.getByTestId('deadman-status')).toHaveText('Armed: open orders are cancelled 15 s after the connection is lost');

  const { bid } = await bestPrices(page);
  await placeOrder(page, { side: 'buy', type: 'limit', quantity: '0.01', price: (bid - 200).toFixed(1) });
  await page.getByTestId('account-tab-orders').click();
  await expect(page.getByTestId('open-order')).toHaveCount(1);

  pageErrors.allow(CONNECTION_LOST);
  await cut();
  await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'open', { timeout: 5_000 });
  await expect(control).toHaveAttribute('data-tone', 'counting');
  await expect(page.getByTestId('deadman-status')).toHaveText(/^Connection lost: open orders will be cancelled in 1[0-5] s unless the connection returns$/);
  await page.screenshot({ path: test.info().outputPath('deadman-counting.png') });
  // The engine fires between 15 and about 15.5 s after the gateway saw the socket close.
  await page.waitForTimeout(17_000);
  endCut();

  await expectLive(page);
  await expect(page.getByTestId('open-order')).toHaveCount(0);
  await expect(page.getByTestId('deadman-status')).toHaveText('The switch fired while the connection was lost: 1 open order was cancelled. Arm it again to stay covered');
  await page.screenshot({ path: test.info().outputPath('deadman-fired.png') });
  await expect(control).toHaveAttribute('data-tone', 'fired');
  await expect(page.getByTestId('deadman-0')).toHaveAttribute('aria-pressed', 'true');
});
