// Killing the server under a live trader view: the page shows it is reconnecting (book greyed, never
// shown as live), then, once the server is back at the same address, live again with a correct book.
// The trade tape is full on load (trades from before the page opened) and, across the restart, shows
// every trade the server kept exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTION_LOST, expect, test } from './support/error-guard.ts';
import { freePort, startApp, type AppServer } from './support/app-server.ts';
import { idsAfter, idsBetween, serverTradeIds, TapeRecorder } from './support/trade-tape-watch.ts';
import { expectBookAdvancing, expectLive, expectUncrossed } from './support/trader-page.ts';

test('a killed and restarted server shows reconnecting, then live again with a correct book', async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-e2e-reconnect-'));
  let app: AppServer | undefined = await startApp(port, dataDir);
  try {
    const { baseUrl } = app;
    await expect.poll(async () => (await serverTradeIds(baseUrl, 'BTC-USD')).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    const openedAt = Date.now();
    await page.goto(`${baseUrl}/trade/BTC-USD`);
    const tape = new TapeRecorder(page);
    // Full on load: the tape shows trades printed before the page was opened (an id's first part is its time).
    await expect.poll(() => tape.ids().filter((id) => Number(id.split('-')[0]) < openedAt).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
    await expectLive(page);
    await expectBookAdvancing(page);
    // Before the kill: every trade the server kept between the first and the last the tape showed, once.
    const beforeKill = tape.ids();
    expect(beforeKill).toEqual(idsBetween(await serverTradeIds(baseUrl, 'BTC-USD'), beforeKill[0] ?? '', beforeKill.at(-1) ?? ''));

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

    // After the restart the tape resumed after its last trade: every trade of the new server up to the
    // newest the tape shows, none twice (the old server's trades after the kill died with it).
    const lastBefore = tape.ids().at(-1) ?? '';
    await expect.poll(() => idsAfter(tape.ids(), lastBefore).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    const server = await serverTradeIds(app.baseUrl, 'BTC-USD');
    const shown = await tape.stop();
    const firstKept = server[0] ?? '';
    const newest = shown.at(-1) ?? '';
    expect(idsBetween(shown, firstKept, newest)).toEqual(idsBetween(server, firstKept, newest));
    expect(tape.problems).toEqual([]);
  } finally {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
