// permessage-deflate in Chromium: the trader view's socket offers the extension (Chromium always does),
// the gateway accepts it without context takeover, and the book, now arriving in compressed frames,
// stays live and exact: every delta's checksum is verified by the page, and a frame Chromium could not
// inflate would fail the socket (and this test, through the console error it logs).
import { expect, test } from './support/error-guard.ts';
import { expectBookAdvancing, expectLive, expectUncrossed, watchBookReasons } from './support/trader-page.ts';

/** Frames the gateway has written compressed, from its /metrics. */
async function deflatedFrames(baseURL: string): Promise<number> {
  const text = await (await fetch(`${baseURL}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('tickwire_gateway_deflated_frames_out_total '));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}


test('the trader view negotiates permessage-deflate and its book stays live and exact', async ({ page, baseURL }) => {
  const origin = baseURL ?? '';
  const cdp = await page.context().newCDPSession(page);
  const extensions: string[] = [];
  let deltaFrames = 0;
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ response }) => {
    const name = Object.keys(response.headers).find((header) => header.toLowerCase() === 'sec-websocket-extensions');
    extensions.push(name === undefined ? '' : (response.headers[name] ?? ''));
  });
  // Chromium hands the page (and CDP) each message inflated.
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    if (response.opcode === 1 && response.payloadData.includes('"book.delta"')) deltaFrames += 1;
  });
  await cdp.send('Network.enable');
  const before = await deflatedFrames(origin);

  // The page's own socket (not one shared with other tabs through a worker), so this page's CDP sees its handshake.
  await page.goto('/trade/BTC-USD?shared=0');
  await expect.poll(() => extensions.length).toBeGreaterThan(0);
  expect(extensions[0]).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover');

  await expectLive(page);
  const reasons = await watchBookReasons(page);
  await expectBookAdvancing(page);
  await expectUncrossed(page);
  await expect.poll(() => deltaFrames, { timeout: 15_000 }).toBeGreaterThan(20);
  await expectBookAdvancing(page);
  expect(await reasons()).toEqual([]);
  await expectLive(page);
  // The gateway wrote compressed frames meanwhile (this page is its only client).
  expect(await deflatedFrames(origin)).toBeGreaterThan(before + 20);
});
