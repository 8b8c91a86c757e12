// Sessions end: a web node and two gateway processes on Redis and PostgreSQL, with tiny session limits.
// A session past its idle timeout or absolute expiry is refused by REST and by the WebSocket handshake;
// signing out deletes the row, clears the cookie and closes that session's sockets on both gateway
// nodes with SESSION_ENDED (4001) while another session's stay open; the pruner deletes expired
// sessions and orphaned demo accounts but keeps an account with an open order.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import WebSocket from 'ws';
import { CLOSE_CODES } from '../../lib/protocol/codes.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, freePort, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startRoles } from '../helpers/start-roles.ts';
import type { TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, TradingClient, type TestSession } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

// Short enough to watch both limits pass, long enough that a loaded machine does not idle a session out
// between opening it and using it.
const IDLE_MS = 5000;
const MAX_AGE_MS = 12_000;
/** The cookie's Max-Age just after opening: the whole lifetime in seconds, or a second less. */
const FRESH_MAX_AGE = `(${MAX_AGE_MS / 1000}|${MAX_AGE_MS / 1000 - 1})`;

describe('session lifecycle: expiry, sign-out across gateway nodes, pruning', () => {
  const prefix = uniquePrefix('twsess');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: pg.Client;
  let processes: TickwireProcess[] = [];
  const clients: TradingClient[] = [];
  let web = '';
  let gatewayUrls: [string, string] = ['', ''];

  async function connect(url: string, auth?: { token: string; via: 'cookie' | 'bearer' }): Promise<TradingClient> {
    const client = await TradingClient.connect(url, auth);
    clients.push(client);
    return client;
  }
  /** A request as the page sends it: from the site's own origin. */
  const call = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> =>
    fetch(`${web}${path}`, { ...init, headers: { Origin: web, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers } });
  const accountStatus = async (token: string): Promise<number> => (await call('/api/account', { headers: { Cookie: `tw_session=${token}` } })).status;
  const sessionRows = async (token: TestSession): Promise<number> => (await sql.query('SELECT 1 FROM sessions WHERE user_id = $1', [token.userId])).rowCount ?? 0;
  const userRows = async (userId: string): Promise<number> => (await sql.query('SELECT 1 FROM users WHERE id = $1', [userId])).rowCount ?? 0;

  before(async () => {
    database = await createTestDatabase();
    const webPort = await freePort();
    const shared = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      DATABASE_URL: database.url,
      SESSION_IDLE_TIMEOUT_MS: String(IDLE_MS),
      SESSION_MAX_AGE_MS: String(MAX_AGE_MS),
      SESSION_PRUNE_INTERVAL_MS: '1000',
    };
    processes = await startRoles([
      { role: 'web', env: { ...shared, NODE_ID: 'web-1', PORT: String(webPort) } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-2' } },
    ]);
    const [webNode, gateway1, gateway2] = processes;
    web = webNode?.baseUrl ?? '';
    gatewayUrls = [`ws://127.0.0.1:${gateway1?.port}/ws`, `ws://127.0.0.1:${gateway2?.port}/ws`];
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });

  after(async () => {
    for (const client of clients) client.close();
    await sql?.end().catch(() => undefined);
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('answers the token only to a client that asks for it with bearer: true', async () => {
    const browser = await call('/api/session', { method: 'POST', body: '{}' });
    assert.equal(browser.status, 201);
    const view = (await browser.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(view).sort(), ['displayName', 'expiresAt', 'userId']);
    assert.ok(typeof view.expiresAt === 'number' && Math.abs(view.expiresAt - (Date.now() + MAX_AGE_MS)) < 3000, String(view.expiresAt));
    // The cookie lasts the session's lifetime, not a year.
    assert.match(browser.headers.get('set-cookie') ?? '', new RegExp(`^tw_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${FRESH_MAX_AGE}$`));

    const bearer = await call('/api/session', { method: 'POST', body: '{"bearer":true}' });
    const withToken = (await bearer.json()) as Record<string, unknown>;
    assert.match(String(withToken.token), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(bearer.headers.get('set-cookie')?.split(';')[0], `tw_session=${String(withToken.token)}`);

    // A session a cookie presents never has its token answered, bearer or not: a page script cannot read it.
    const cookie = browser.headers.get('set-cookie')?.split(';')[0] ?? '';
    const again = await call('/api/session', { method: 'POST', body: '{"bearer":true}', headers: { Cookie: cookie } });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { userId: view.userId, displayName: view.displayName, expiresAt: view.expiresAt });
  });

  it('names the cookie __Host-tw_session behind https (X-Forwarded-Proto) and reads it back', async () => {
    const httpsOrigin = web.replace('http:', 'https:');
    const opened = await call('/api/session', { method: 'POST', body: '{}', headers: { 'X-Forwarded-Proto': 'https', Origin: httpsOrigin } });
    assert.equal(opened.status, 201);
    const cookie = opened.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^__Host-tw_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${FRESH_MAX_AGE}; Secure$`));
    assert.doesNotMatch(cookie, /Domain=/i);
    const pair = cookie.split(';')[0] ?? '';
    assert.equal((await call('/api/account', { headers: { Cookie: pair } })).status, 200);
    assert.deepEqual(await helloWithCookie(gatewayUrls[1], pair), { type: 'hello', node: 'gateway-2', isAuthenticated: true, userId: ((await opened.json()) as { userId: string }).userId });
  });

  it('signs out: deletes the row, clears the cookie, and closes that session\'s sockets on both gateway nodes with 4001', async () => {
    const [alice, bob] = await Promise.all([openSession(web), openSession(web)]);
    const aliceSockets = [await connect(gatewayUrls[0], { token: alice.token, via: 'cookie' }), await connect(gatewayUrls[1], { token: alice.token, via: 'bearer' })];
    const bobSocket = await connect(gatewayUrls[1], { token: bob.token, via: 'cookie' });
    for (const socket of [...aliceSockets, bobSocket]) assert.equal(socket.messages[0]?.type === 'hello' && socket.messages[0].isAuthenticated, true);

    // Another site cannot sign the user out.
    const forged = await call('/api/session', { method: 'DELETE', headers: { Cookie: `tw_session=${alice.token}`, Origin: 'https://evil.example' } });
    assert.equal(forged.status, 403);
    assert.equal(await sessionRows(alice), 1);

    const signedOut = await call('/api/session', { method: 'DELETE', headers: { Cookie: `tw_session=${alice.token}` } });
    assert.equal(signedOut.status, 200);
    assert.deepEqual(await signedOut.json(), { ended: true });
    assert.deepEqual(signedOut.headers.getSetCookie(), [
      '__Host-tw_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
      'tw_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    ]);
    assert.equal(await sessionRows(alice), 0);
    for (const [i, socket] of aliceSockets.entries()) await waitFor(`alice's socket on gateway ${i + 1} closed`, () => socket.closeCode === CLOSE_CODES.SESSION_ENDED, 5000);
    await sleep(300);
    assert.equal(bobSocket.closeCode, undefined, "bob's socket stays open");
    bobSocket.send({ op: 'ping', id: 'still-here', ts: Date.now() });
    await bobSocket.waitFor('pong', (m) => m.type === 'pong');

    // The ended session is gone for REST and for the handshake; signing out again is harmless.
    assert.equal(await accountStatus(alice.token), 401);
    await assert.rejects(TradingClient.connect(gatewayUrls[0], { token: alice.token, via: 'bearer' }), /handshake refused with 401/);
    const again = await call('/api/session', { method: 'DELETE', headers: { Cookie: `tw_session=${alice.token}` } });
    assert.deepEqual([again.status, await again.json()], [200, { ended: false }]);
  });

  it('ends a session idle past the idle timeout, and keeps one in use alive', async () => {
    const [idle, busy] = await Promise.all([openSession(web), openSession(web)]);
    const openedAt = Date.now();
    // Used every second, a session outlives the idle timeout...
    while (Date.now() - openedAt < IDLE_MS + 1000) {
      assert.equal(await accountStatus(busy.token), 200);
      await sleep(1000);
    }
    // ...and an unused one does not.
    assert.equal(await accountStatus(idle.token), 401);
    const cookieSocket = await connect(gatewayUrls[0], { token: idle.token, via: 'cookie' });
    assert.deepEqual(cookieSocket.messages[0], { type: 'hello', node: 'gateway-1', isAuthenticated: false });
    await assert.rejects(TradingClient.connect(gatewayUrls[1], { token: idle.token, via: 'bearer' }), /handshake refused with 401/);
  });

  it('ends a session at its absolute expiry however busy, closing its sockets with 4001', async () => {
    const session = await openSession(web);
    const socket = await connect(gatewayUrls[1], { token: session.token, via: 'cookie' });
    while (Date.now() < session.expiresAt - 1500) {
      assert.equal(await accountStatus(session.token), 200);
      assert.equal(socket.closeCode, undefined);
      await sleep(700);
    }
    await waitFor('the socket closed at the expiry', () => socket.closeCode === CLOSE_CODES.SESSION_ENDED, 3000);
    assert.ok(Date.now() >= session.expiresAt - 100);
    assert.equal(await accountStatus(session.token), 401);
    const retry = await connect(gatewayUrls[1], { token: session.token, via: 'cookie' });
    assert.deepEqual(retry.messages[0], { type: 'hello', node: 'gateway-2', isAuthenticated: false });
  });

  it('prunes expired sessions and orphaned accounts, but keeps an account with an open order', async () => {
    const [orphan, trader] = await Promise.all([openSession(web), openSession(web)]);
    await sql.query(
      `INSERT INTO orders (user_id, client_order_id, symbol, side, type, time_in_force, quantity, price, status, updated_at)
       VALUES ($1, 'resting-1', 'AAPL', 'buy', 'limit', 'GTC', 1, 1, 'open', now())`,
      [trader.userId],
    );
    // Both sessions expire (idle) and both accounts pass the lifetime; the pruner runs every second.
    await waitFor('expired sessions pruned', async () => (await sessionRows(orphan)) === 0 && (await sessionRows(trader)) === 0, MAX_AGE_MS + 5000, 250);
    await waitFor('the orphaned account pruned', async () => (await userRows(orphan.userId)) === 0, MAX_AGE_MS + 5000, 250);
    assert.equal(await userRows(trader.userId), 1, 'an account with an open order is kept');
    const web1 = processes[0];
    assert.ok(web1?.logs.some((line) => line.msg === 'expired sessions and orphaned demo accounts pruned' && Number(line.sessions) > 0));
  });
});

/** The first message of a socket opened with a raw Cookie header (the test client only speaks tw_session). */
async function helloWithCookie(url: string, cookie: string): Promise<unknown> {
  const ws = new WebSocket(url, { headers: { Cookie: cookie } });
  try {
    const [data] = (await once(ws, 'message')) as [Buffer];
    const parsed = JSON.parse(data.toString()) as unknown;
    return Array.isArray(parsed) ? parsed[0] : parsed;
  } finally {
    ws.terminate();
  }
}
