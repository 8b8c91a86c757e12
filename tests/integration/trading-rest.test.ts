// The session and trading REST endpoints against the app as `npm start` runs it (one process,
// in-process broker, embedded PostgreSQL): 401 without a session, 400 naming the bad field, the
// account's orders, fills and positions, and a reset every socket of the user hears about.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, TradingClient, type TestSession } from '../helpers/trading-client.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe('session and trading REST endpoints (embedded mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tickwire-rest-'));
  let app: TickwireProcess;
  let user: TestSession;
  const sockets: TradingClient[] = [];

  const call = (path: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
    // As the page sends them: from its own origin, with a JSON body (the CSRF guard refuses anything else).
    if (!headers.has('Origin')) headers.set('Origin', app.baseUrl);
    if (rest.method !== undefined && rest.method !== 'GET' && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return fetch(`${app.baseUrl}${path}`, { ...rest, headers });
  };
  const json = async (response: Response): Promise<Record<string, unknown>> => (await response.json()) as Record<string, unknown>;

  before(async () => {
    app = await startTickwire('all', { DATA_DIR: dataDir, FEED_RATE: '100' });
    user = await openSession(app.baseUrl);
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await app?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every user-scoped endpoint with 401 and WWW-Authenticate without a valid session', async () => {
    const endpoints: [string, string][] = [
      ['GET', '/api/account'],
      ['PATCH', '/api/account'],
      ['POST', '/api/account/reset'],
      ['GET', '/api/orders'],
      ['GET', '/api/fills'],
      ['GET', '/api/positions'],
    ];
    const credentials: Record<string, string>[] = [{}, { Authorization: 'Bearer nonsense' }, { Authorization: `Bearer ${'A'.repeat(43)}` }, { Cookie: `tw_session=${'A'.repeat(43)}` }];
    for (const [method, path] of endpoints) {
      for (const headers of credentials) {
        const response = await call(path, { method, headers });
        assert.equal(response.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="tickwire"');
        assert.equal((await json(response)).error, 'unauthenticated');
      }
    }
  });

  it('refuses bad session bodies with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['{"displayName":', 'body: not valid JSON'],
      ['{"displayName":""}', 'displayName: must not be empty'],
      [JSON.stringify({ displayName: 'x'.repeat(41) }), 'displayName: must be at most 40 characters'],
      ['{"displayName":"ok","role":"admin"}', 'body: Unrecognized key: "role"'],
      ['"just a string"', 'body: Invalid input: expected object, received string'],
    ];
    for (const [body, message] of cases) {
      const response = await call('/api/session', { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
      assert.equal(response.status, 400, body);
      assert.deepEqual(await json(response), { error: 'bad_request', message });
    }
  });

  it('gives a request that already has a session that session back, the cookie named __Host-tw_session and Secure behind https', async () => {
    const again = await call('/api/session', { method: 'POST', headers: { Cookie: `tw_session=${user.token}`, 'X-Forwarded-Proto': 'https', Origin: app.baseUrl.replace('http:', 'https:') } });
    assert.equal(again.status, 200);
    // No token in the body unless asked for with bearer: true.
    assert.deepEqual(await json(again), { userId: user.userId, displayName: user.displayName, expiresAt: user.expiresAt });
    const [cookie, cleared] = again.headers.getSetCookie();
    assert.match(cookie ?? '', new RegExp(`^__Host-tw_session=${user.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=\\d+; Secure$`));
    assert.equal(cleared, 'tw_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    assert.equal(again.headers.get('cache-control'), 'no-store');
  });

  it('shows the account by cookie and renames it; a bad name is a 400', async () => {
    const account = await json(await call('/api/account', { headers: { Cookie: `tw_session=${user.token}` } }));
    assert.deepEqual(account, { userId: user.userId, displayName: user.displayName, cash: '100000.00000000', startingCash: '100000.00000000', createdAt: account.createdAt });
    for (const body of ['{}', '{"displayName":"   "}', JSON.stringify({ displayName: 'a\u0007b' }), '']) {
      assert.equal((await call('/api/account', { method: 'PATCH', token: user.token, body })).status, 400, body);
    }
    const renamed = await call('/api/account', { method: 'PATCH', token: user.token, body: '{"displayName":"  Grace  "}' });
    assert.equal(renamed.status, 200);
    assert.equal((await json(renamed)).displayName, 'Grace');
  });

  it('validates order and fill queries with 400s', async () => {
    for (const path of ['/api/orders?limit=0', '/api/orders?symbol=NOPE', '/api/orders?limit=abc', '/api/fills?before=abc', '/api/fills?limit=501']) {
      const response = await call(path, { token: user.token });
      assert.equal(response.status, 400, path);
      assert.equal((await json(response)).error, 'bad_request');
    }
  });

  it('lists the orders, fills and positions (unrealized P&L at the mid) of what was traded over the socket', async () => {
    const socket = await TradingClient.connect(`${app.baseUrl.replace('http', 'ws')}/ws`, { token: user.token, via: 'cookie' });
    sockets.push(socket);
    socket.send({ op: 'order.place', id: 'm', clientOrderId: 'rest-m', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '2' });
    await socket.waitFor('balance', (m) => m.type === 'balance');
    socket.send({ op: 'order.place', id: 'l', clientOrderId: 'rest-l', symbol: 'AAPL', side: 'buy', type: 'limit', price: '175.00', quantity: '1', postOnly: true });
    // A stop-limit sell of half the position, well below the price it was bought at: it waits.
    const bought = Number(socket.ofType('order.filled')[0]?.price);
    const stopPrice = (bought * 0.95).toFixed(2);
    const limit = (bought * 0.94).toFixed(2);
    socket.send({ op: 'order.place', id: 's', clientOrderId: 'rest-s', symbol: 'AAPL', side: 'sell', type: 'stop_limit', timeInForce: 'GTC', stopPrice, price: limit, quantity: '1' });
    await waitFor('limit and stop accepted', () => socket.ofType('order.accepted').length === 3);

    const orders = (await json(await call('/api/orders?symbol=AAPL', { token: user.token }))) as { open: Record<string, unknown>[]; recent: Record<string, unknown>[] };
    assert.deepEqual(
      orders.open.map((o) => [o.clientOrderId, o.status, o.orderType, o.timeInForce, o.price, o.stopPrice, o.postOnly, o.triggered, o.quantity]),
      [
        ['rest-s', 'open', 'stop_limit', 'GTC', limit, stopPrice, false, false, '1'],
        ['rest-l', 'open', 'limit', 'GTC', '175.00', null, true, false, '1'],
      ],
    );
    assert.deepEqual(orders.recent.map((o) => [o.clientOrderId, o.status, o.filledQty]), [['rest-m', 'filled', '2']]);

    const { fills } = (await json(await call('/api/fills', { token: user.token }))) as { fills: Record<string, unknown>[] };
    const filled = socket.ofType('order.filled');
    assert.deepEqual(fills.map((f) => f.fillId).sort(), filled.map((f) => f.fillId).sort());
    assert.ok(fills.every((f) => f.clientOrderId === 'rest-m' && f.symbol === 'AAPL'));

    const { positions } = (await json(await call('/api/positions', { token: user.token }))) as { positions: Record<string, string | null>[] };
    assert.equal(positions.length, 1);
    const [aapl] = positions;
    assert.deepEqual([aapl?.symbol, aapl?.quantity, aapl?.realizedPnl], ['AAPL', '2', '0.00000000']);
    const expected = ((Number(aapl?.mark) - Number(aapl?.avgCost)) * 2).toFixed(2);
    assert.equal(Number(aapl?.unrealizedPnl).toFixed(2), expected);
  });

  it('resets the account to its starting balance and tells every socket of the user', async () => {
    const [socket] = sockets;
    assert.ok(socket);
    const response = await call('/api/account/reset', { method: 'POST', token: user.token });
    assert.equal(response.status, 200);
    assert.equal((await json(response)).cash, '100000.00000000');
    await waitFor('reset cancellations', () => socket.ofType('order.cancelled').filter((m) => m.reason === 'ACCOUNT_RESET').length === 2);
    const cancelled = socket.ofType('order.cancelled').filter((m) => m.reason === 'ACCOUNT_RESET');
    assert.deepEqual(cancelled.map((m) => m.clientOrderId).sort(), ['rest-l', 'rest-s']);
    await socket.waitFor('reset balance', (m) => m.type === 'balance' && m.cash === '100000.00000000');
    assert.deepEqual(await json(await call('/api/positions', { token: user.token })), { positions: [] });
    const orders = (await json(await call('/api/orders', { token: user.token }))) as { open: unknown[]; recent: unknown[] };
    assert.deepEqual([orders.open.length, orders.recent.length], [0, 3], 'history is kept');
  });
});
