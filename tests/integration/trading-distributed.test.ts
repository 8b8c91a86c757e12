// Mock trading distributed: feed, engine, two gateways and a web node as five processes on Redis and
// PostgreSQL. One user's sockets on two gateway processes see the same events; another user sees none.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { OrderAcceptedEvent } from '../../lib/protocol/order-events.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, freePort, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startRoles } from '../helpers/start-roles.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, TradingClient, type ServerMessage, type TestSession } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const ORDER_EVENT_TYPES = new Set(['order.accepted', 'order.rejected', 'order.filled', 'order.cancelled', 'order.cancelAll.done', 'position', 'balance']);
const orderEventsOf = (messages: ServerMessage[]): ServerMessage[] => messages.filter((m) => ORDER_EVENT_TYPES.has(m.type));

describe('trading distributed: two gateway processes, one engine, one web node', () => {
  const prefix = uniquePrefix('twtrade');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const processes: Record<string, TickwireProcess> = {};
  const clients: TradingClient[] = [];
  let alice: TestSession;
  let bob: TestSession;
  let web = '';
  let gatewayUrls: [string, string] = ['', ''];

  async function connect(url: string, auth?: { token: string; via: 'cookie' | 'bearer' }): Promise<TradingClient> {
    const client = await TradingClient.connect(url, auth);
    clients.push(client);
    return client;
  }

  before(async () => {
    database = await createTestDatabase();
    const webPort = await freePort();
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: '100' };
    processes.feed = await startTickwire('feed', { ...shared, NODE_ID: 'feed-1' });
    const [engine, gateway1, gateway2, webNode] = await startRoles([
      { role: 'engine', env: { ...shared, NODE_ID: 'engine-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-2' } },
      { role: 'web', env: { ...shared, NODE_ID: 'web-1', PORT: String(webPort) } },
    ]);
    Object.assign(processes, { engine, gateway1, gateway2, web: webNode });
    web = webNode?.baseUrl ?? '';
    gatewayUrls = [`ws://127.0.0.1:${gateway1?.port}/ws`, `ws://127.0.0.1:${gateway2?.port}/ws`];
    [alice, bob] = await Promise.all([openSession(web, { displayName: 'Alice' }), openSession(web)]);
  });

  after(async () => {
    for (const client of clients) client.close();
    await Promise.all(Object.values(processes).map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('POST /api/session opens a demo account and sets an HttpOnly, SameSite=Lax session cookie', () => {
    assert.match(alice.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(alice.displayName, 'Alice');
    assert.match(bob.displayName, /^Trader \d{4}$/);
    assert.notEqual(alice.userId, bob.userId);
    // Kept for the session's absolute lifetime left (SESSION_MAX_AGE_MS, 30 days by default).
    const maxAge = Number(new RegExp(`^tw_session=${alice.token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=(\\d+)$`).exec(alice.setCookie)?.[1]);
    assert.ok(maxAge > 2_592_000 - 60 && maxAge <= 2_592_000, alice.setCookie);
  });

  it('authenticates a socket by cookie or Bearer, leaves one without a token anonymous, refuses an unknown Bearer with 401', async () => {
    const byCookie = await connect(gatewayUrls[0], { token: alice.token, via: 'cookie' });
    const byBearer = await connect(gatewayUrls[1], { token: alice.token, via: 'bearer' });
    const anonymous = await connect(gatewayUrls[1]);
    const staleCookie = await connect(gatewayUrls[0], { token: 'x'.repeat(43), via: 'cookie' });
    assert.deepEqual(byCookie.messages[0], { type: 'hello', node: 'gateway-1', isAuthenticated: true, userId: alice.userId });
    assert.deepEqual(byBearer.messages[0], { type: 'hello', node: 'gateway-2', isAuthenticated: true, userId: alice.userId });
    assert.deepEqual(anonymous.messages[0], { type: 'hello', node: 'gateway-2', isAuthenticated: false });
    assert.deepEqual(staleCookie.messages[0], { type: 'hello', node: 'gateway-1', isAuthenticated: false });
    await assert.rejects(TradingClient.connect(gatewayUrls[0], { token: 'x'.repeat(43), via: 'bearer' }), /handshake refused with 401/);
  });

  it('answers an order op on an anonymous socket with UNAUTHENTICATED, and market data still flows', async () => {
    const anonymous = await connect(gatewayUrls[1]);
    anonymous.send({ op: 'order.place', id: 'anon-1', clientOrderId: 'a1', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' });
    const error = await anonymous.waitFor('error', (m) => m.type === 'error');
    assert.deepEqual([error.type === 'error' && error.code, error.type === 'error' && error.id], ['UNAUTHENTICATED', 'anon-1']);
    anonymous.send({ op: 'subscribe', id: 's1', channel: 'trades', symbol: 'BTC-USD' });
    await anonymous.waitFor('subscribed', (m) => m.type === 'subscribed');
  });

  it("an order placed on one gateway shows its events on the user's sockets on both gateways, and nowhere else", async () => {
    const [a1, a2, b1] = await Promise.all([
      connect(gatewayUrls[0], { token: alice.token, via: 'cookie' }),
      connect(gatewayUrls[1], { token: alice.token, via: 'bearer' }),
      connect(gatewayUrls[1], { token: bob.token, via: 'cookie' }),
    ]);
    a1.send({ op: 'order.place', id: 'p1', clientOrderId: 'dist-1', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1' });
    for (const socket of [a1, a2]) {
      const balance = await socket.waitFor('balance', (m) => m.type === 'balance');
      assert.ok(Number(balance.type === 'balance' && balance.cash) < 100_000);
      const types = orderEventsOf(socket.messages).map((m) => m.type);
      assert.deepEqual(types, ['order.accepted', 'order.filled', 'position', 'balance']);
    }
    assert.deepEqual(orderEventsOf(a1.messages), orderEventsOf(a2.messages), 'both sockets got the same events');
    const [accepted] = a1.ofType('order.accepted');
    assert.deepEqual([accepted?.requestId, accepted?.clientOrderId, accepted?.symbol, accepted?.orderType], ['p1', 'dist-1', 'AAPL', 'market']);
    const orderId = accepted?.orderId ?? '';

    b1.send({ op: 'order.cancel', id: 'steal', orderId });
    const rejected = await b1.waitFor('rejection', (m) => m.type === 'order.rejected');
    assert.deepEqual(rejected.type === 'order.rejected' && [rejected.code, rejected.requestId, rejected.orderId], ['UNKNOWN_ORDER', 'steal', orderId]);
    await sleep(300);
    assert.deepEqual(orderEventsOf(b1.messages).map((m) => m.type), ['order.rejected'], "bob saw none of alice's events");
    assert.equal(a1.ofType('order.rejected').length, 0, "alice did not see bob's rejection");

    const listed = async (session: TestSession): Promise<string[]> => {
      const response = await fetch(`${web}/api/orders`, { headers: { Authorization: `Bearer ${session.token}` } });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { open: { orderId: string }[]; recent: { orderId: string }[] };
      return [...body.open, ...body.recent].map((o) => o.orderId);
    };
    assert.deepEqual(await listed(alice), [orderId]);
    assert.deepEqual(await listed(bob), []);
  });

  it('a retry storm of one clientOrderId, 50 concurrent sends over two gateways, places one order and answers each with the same acceptance', async () => {
    const [a1, a2] = await Promise.all([connect(gatewayUrls[0], { token: alice.token, via: 'cookie' }), connect(gatewayUrls[1], { token: alice.token, via: 'cookie' })]);
    const order = { op: 'order.place', clientOrderId: 'storm-1', symbol: 'AAPL', side: 'buy', type: 'limit', price: '180.00', quantity: '1' };
    // 25 per socket: under the per-socket burst, so every send reaches the engine.
    for (let i = 0; i < 50; i++) (i % 2 === 0 ? a1 : a2).send({ ...order, id: `storm-${i}` });
    for (const socket of [a1, a2]) {
      await waitFor('50 acceptances on each socket', () => socket.ofType('order.accepted').filter((e) => e.clientOrderId === 'storm-1').length >= 50, 15_000);
    }
    const accepted = a1.ofType('order.accepted').filter((e) => e.clientOrderId === 'storm-1');
    assert.deepEqual(accepted.map((e) => e.requestId).sort(), Array.from({ length: 50 }, (_, i) => `storm-${i}`).sort());
    const withoutRequestId = ({ requestId: _requestId, ...rest }: OrderAcceptedEvent): Omit<OrderAcceptedEvent, 'requestId'> => rest;
    const first = accepted[0];
    assert.ok(first);
    for (const event of accepted) assert.deepEqual(withoutRequestId(event), withoutRequestId(first));
    assert.equal(a1.ofType('order.rejected').length + a2.ofType('order.rejected').length, 0);
    assert.equal(a1.messages.filter((m) => m.type === 'error').length, 0);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query('SELECT id FROM orders WHERE user_id = $1 AND client_order_id = $2', [alice.userId, 'storm-1']);
      assert.equal(rows.rowCount, 1);
      assert.equal(String(rows.rows[0]?.id), first.orderId);
    } finally {
      await client.end();
    }
  });

  it('cancelAll with nothing open still gets an answer on every socket of the user', async () => {
    const [a1, a2] = await Promise.all([connect(gatewayUrls[0], { token: alice.token, via: 'bearer' }), connect(gatewayUrls[1], { token: alice.token, via: 'cookie' })]);
    a2.send({ op: 'order.cancelAll', id: 'ca-1', symbol: 'TSLA' });
    for (const socket of [a1, a2]) {
      const done = await socket.waitFor('cancelAll.done', (m) => m.type === 'order.cancelAll.done');
      assert.deepEqual(done.type === 'order.cancelAll.done' && [done.requestId, done.symbol, done.cancelled], ['ca-1', 'TSLA', 0]);
    }
  });
});
