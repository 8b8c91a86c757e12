// Killing the server under a live trader view: the page shows it is reconnecting (book greyed, never
// shown as live), then, once the server is back at the same address, live again with a correct book.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTION_LOST, expect, test } from './support/error-guard.ts';
import { freePort, startApp, type AppServer } from './support/app-server.ts';
import { expectBookAdvancing, expectLive, expectUncrossed } from './support/trader-page.ts';

test('a killed and restarted server shows reconnecting, then live again with a correct book', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-e2e-reconnect-'));
  let app: AppServer | undefined = await startApp(port, dataDir);
  try {
    await page.goto(`${app.baseUrl}/trade/BTC-USD`);
    await expectLive(page);
    await expectBookAdvancing(page);

    pageErrors.allow(CONNECTION_LOST);
    await app.kill();
    app = undefined;
    const status = page.getByTestId('connection-status');
    await expect(status).toHaveAttribute('data-state', 'reconnecting', { timeout: 15_000 });
    await expect(page.getByTestId('book-notice')).toBeVisible();
    // While the server is gone nothing may claim to be live.
    await expect(page.getByTestId('order-book')).not.toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('order-book')).not.toHaveAttribute('data-best-bid', /./);

    app = await startApp(port, dataDir);
    await expectLive(page, 60_000);
    await expect(page.getByTestId('book-notice')).toBeHidden();
    await expectBookAdvancing(page);
    await expectUncrossed(page);
  } finally {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
