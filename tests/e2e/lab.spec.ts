// The transport lab in Chromium against the app as a user starts it: the same index stream arrives over
// short polling, long polling, SSE, WebSocket, STOMP and Socket.IO, and each panel shows its measured numbers;
// on the Book tab, the same order book over the three socket codecs, each copy verified in the page.
import type { Locator, WebSocket } from '@playwright/test';
import { expect, test } from './support/error-guard.ts';

const TRANSPORTS = ['poll', 'longpoll', 'sse', 'ws', 'stomp', 'socketio'] as const;
const BOOK_TRANSPORTS = ['ws', 'stomp', 'socketio'] as const;

async function numberIn(card: Locator, testId: string): Promise<number> {
  return Number.parseFloat((await card.getByTestId(testId).textContent()) ?? '');
}

test('shows live numbers for all six transports', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('transport lab');
  // Drawn in the browser after hydration, so the server's render cannot disagree with it.
  await expect(page.getByTestId('lab-id')).toHaveText(/^lab-[0-9a-f]{20}$/);
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
  expect(await numberIn(page.getByTestId('transport-stomp'), 'requests')).toBe(1);
  // Socket.IO: the handshake poll, at least one more poll or POST, and the WebSocket upgrade.
  expect(await numberIn(page.getByTestId('transport-socketio'), 'requests')).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('sse-raw')).toContainText(/id: \d+-\d+\nevent: index\ndata: \{/);
  await expect(page.getByTestId('gateway-node')).not.toHaveText('…');
});

test('shows its own WebSocket handshake, the accept value matching the one recomputed in the page', async ({ page }) => {
  await page.goto('/lab');
  await expect(page.getByTestId('ws-handshake')).toContainText('HTTP/1.1 101 Switching Protocols');
  await expect(page.getByTestId('ws-handshake')).toContainText(/Sec-WebSocket-Key: \S+==/);
  await expect(page.getByTestId('ws-accept-check')).toHaveAttribute('data-match', 'true');
  await expect(page.getByTestId('system-diagram')).toContainText('one process');
  // Even alone, the feed and the engine hold their leases: the diagram names the process leading each.
  await expect(page.getByTestId('web-node')).not.toHaveText('…');
  const node = (await page.getByTestId('web-node').textContent()) ?? '';
  await expect(page.getByTestId('feed-leader')).toContainText(`leader ${node}`);
  await expect(page.getByTestId('engine-leader')).toContainText(`leader ${node}`);
});

test('shows the first STOMP frames this page exchanged, as they were on the wire', async ({ page }) => {
  await page.goto('/lab');
  const stomp = page.getByTestId('stomp-raw');
  await expect(stomp).toContainText(/CONNECT\naccept-version:[\d.,]*1\.2/);
  await expect(stomp).toContainText(/CONNECTED\nversion:1\.2\n/);
  await expect(stomp).toContainText(/MESSAGE\n(.+\n)*destination:\/topic\/index\n/);
  await expect(stomp).toContainText(/"type":"index"/);
  await expect(stomp).toContainText('^@');
});

test('shows the first Engine.IO packets: handshake over polling, the probe, the upgrade and an index event', async ({ page }) => {
  await page.goto('/lab');
  const socketio = page.getByTestId('socketio-raw');
  await expect(socketio).toContainText(/GET \/socket\.io\/\?EIO=4&transport=polling/);
  await expect(socketio).toContainText('← poll 0{"sid":');
  await expect(socketio).toContainText('→ ws   2probe');
  await expect(socketio).toContainText('← ws   3probe');
  await expect(socketio).toContainText('→ ws   5');
  await expect(socketio).toContainText('42["index"');
  await expect(socketio).toContainText(/42\["hello",\{"type":"hello"/);
});

test('the drop button drops the streams, which recover: SSE and the sockets resume with nothing missed', async ({ page, pageErrors }) => {
  // The sockets' reconnects (the JSON socket and STOMP on /ws, Socket.IO's polls and upgrade) are held
  // for a while after the drop, so several index ticks are published while they are away: only a
  // resume can bring those back (SSE and long polling reconnect at once and get them).
  let reopen: () => void = () => undefined;
  let held: Promise<void> = Promise.resolve();
  await page.routeWebSocket(/\/ws$|\/socket\.io\/.*transport=websocket/, async (socket) => {
    await held;
    socket.connectToServer();
  });
  await page.route(/\/socket\.io\//, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/lab');
  const sse = page.getByTestId('transport-sse');
  const ws = page.getByTestId('transport-ws');
  const longpoll = page.getByTestId('transport-longpoll');
  const stomp = page.getByTestId('transport-stomp');
  const socketio = page.getByTestId('transport-socketio');
  await expect.poll(() => numberIn(sse, 'updates')).toBeGreaterThan(2);
  await expect.poll(() => numberIn(stomp, 'updates')).toBeGreaterThan(2);
  await expect.poll(() => numberIn(socketio, 'updates')).toBeGreaterThan(2);
  await expect.poll(() => numberIn(ws, 'updates')).toBeGreaterThan(2);
  await expect.poll(() => numberIn(longpoll, 'updates')).toBeGreaterThan(2);
  // A long poll held across the drop is answered 503, as a dropped connection would fail.
  pageErrors.allow(/status of 503 \(Service Unavailable\) \(http:\/\/[^/]+\/api\/lab\/longpoll\?/);
  held = new Promise((resolve) => (reopen = resolve));
  await page.getByTestId('drop-button').click();
  await expect(page.getByTestId('drop-count')).toHaveText('dropped 1×');
  for (const card of [sse, ws, longpoll, stomp, socketio]) await expect.poll(() => numberIn(card, 'reconnects')).toBe(1);
  await page.waitForTimeout(1500); // about six index ticks
  reopen();
  const before = await numberIn(sse, 'updates');
  const stompBefore = await numberIn(stomp, 'updates');
  const socketioBefore = await numberIn(socketio, 'updates');
  const wsBefore = await numberIn(ws, 'updates');
  for (const card of [sse, ws, stomp, socketio]) await expect(card).toHaveAttribute('data-state', 'open');
  await expect.poll(() => numberIn(sse, 'updates')).toBeGreaterThan(before + 2);
  expect(await numberIn(sse, 'requests')).toBe(2);
  // STOMP: stompjs opens a second socket (one more handshake) and subscribes again.
  await expect.poll(() => numberIn(stomp, 'updates')).toBeGreaterThan(stompBefore + 2);
  expect(await numberIn(stomp, 'requests')).toBe(2);
  // Socket.IO: the server said why (tw.closed 1012) and disconnected; the page connected again.
  await expect(page.getByTestId('socketio-raw')).toContainText('42["tw.closed",{"code":1012');
  await expect.poll(() => numberIn(socketio, 'updates')).toBeGreaterThan(socketioBefore + 2);
  await expect.poll(() => numberIn(ws, 'updates')).toBeGreaterThan(wsBefore + 2);
  // Last-Event-ID: the new stream starts after the last id seen, so nothing is missed or doubled.
  await expect(sse.getByTestId('missed')).toHaveText('0 · 0');
  await expect(longpoll.getByTestId('missed')).toHaveText('0 · 0');
  // The sockets resubscribe after the last index id they got (resumeAfter, STOMP's resume-after): the
  // gateway replays what was published while they were away, so they miss nothing either.
  for (const card of [ws, stomp, socketio]) await expect(card.getByTestId('missed')).toHaveText('0 · 0');
});

test('the Book tab receives the same book over JSON, STOMP and Socket.IO, in step, and closes them when left', async ({ page }) => {
  await page.goto('/lab');
  const indexTab = page.getByRole('tab', { name: /^Index/ });
  const bookTab = page.getByRole('tab', { name: /^Book/ });
  await expect(page.getByRole('tablist')).toHaveCount(1);
  await expect(indexTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /^Index/ })).toBeVisible();
  // Hydrated (the tabs answer keys), and the index is under way before the book starts.
  await expect(page.getByTestId('lab-id')).toHaveText(/^lab-[0-9a-f]{20}$/);
  // Every index socket is open first (Socket.IO's once it has upgraded), so the sockets opened from
  // here on are the book's.
  for (const name of ['ws', 'stomp', 'socketio']) await expect(page.getByTestId(`transport-${name}`)).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('socketio-raw')).toContainText('→ ws   5');
  const bookSockets: WebSocket[] = [];
  page.on('websocket', (socket) => bookSockets.push(socket));

  // The keyboard moves between tabs, and selects the one it lands on.
  await indexTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(bookTab).toHaveAttribute('aria-selected', 'true');
  await expect(bookTab).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: /^Book/ })).toBeVisible();
  await expect(page.getByTestId('transport-ws')).toBeHidden();
  await expect(page.getByTestId('book-why-sockets')).toContainText('No polling or SSE');

  for (const name of BOOK_TRANSPORTS) {
    const card = page.getByTestId(`book-${name}`);
    await expect(card).toHaveAttribute('data-state', 'open');
    await expect.poll(() => numberIn(card, 'updates'), { message: `${name} deltas applied` }).toBeGreaterThan(3);
    await expect(card.getByTestId('latency')).toHaveText(/^\d+ ms$/);
    await expect(card.getByTestId('bytes-per-update')).toHaveText(/^\d+ B$/);
    await expect(card.getByTestId('top-of-book')).toHaveText(/^\d+\.\d · \d+\.\d$/);
    expect(await numberIn(card, 'frames')).toBeGreaterThan(0);
  }
  // The three copies reach the same seq at one moment (read in one go), with the same top of book.
  const books = page.locator('[data-testid^="book-"][data-state]');
  await expect
    .poll(async () => {
      const [seqs, tops] = await Promise.all([books.getByTestId('seq').allTextContents(), books.getByTestId('top-of-book').allTextContents()]);
      return seqs.length === 3 && /^\d+$/.test(seqs[0] ?? '') && new Set(seqs).size === 1 && new Set(tops).size === 1;
    }, { message: 'the three books at the same seq', timeout: 30_000 })
    .toBe(true);
  await expect(page.getByTestId('book-in-step')).toHaveAttribute('data-in-step', 'true', { timeout: 30_000 });
  for (const name of BOOK_TRANSPORTS) await expect(page.getByTestId(`book-${name}`).getByTestId('checksum-failures')).toHaveText('0');

  // Socket.IO's upgrade and the two /ws sockets (JSON, STOMP) were opened for the book.
  expect(bookSockets.filter((s) => new URL(s.url()).pathname === '/ws')).toHaveLength(2);
  expect(bookSockets.filter((s) => new URL(s.url()).pathname === '/socket.io/').length).toBeGreaterThanOrEqual(1);
  await bookTab.click();
  await page.keyboard.press('Home');
  await expect(indexTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('book-ws')).toHaveCount(0);
  await expect.poll(() => bookSockets.filter((s) => !s.isClosed()).length, { message: 'book sockets still open' }).toBe(0);
  // The index went on behind the Book tab.
  const indexWs = page.getByTestId('transport-ws');
  const before = await numberIn(indexWs, 'updates');
  await expect.poll(() => numberIn(indexWs, 'updates')).toBeGreaterThan(before);
});
