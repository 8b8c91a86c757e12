// The order-op limits with real processes on one Redis and PostgreSQL: feed, engine, two gateways and
// two web nodes. One user's budget holds across both gateway nodes; a cancel of another user's order or
// of a made-up id is answered UNKNOWN_ORDER, and a cancelAll with nothing open answered, without a
// transaction (the engine's own statement counts);
// a full order queue answers UNAVAILABLE; new accounts per client address are limited across web nodes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorMessage } from '../../lib/protocol/messages.ts';
import type { OrderAcceptedEvent, OrderRejectedEvent } from '../../lib/protocol/order-events.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, freePort, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startRoles } from '../helpers/start-roles.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { openSession, TradingClient, type ServerMessage, type TestSession } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

// A budget small enough to meet in a test: 10 ops per 10 s window per user.
const BURST = 10;
// New accounts per address across both web nodes, in a window no test outlives.
const SESSIONS = 6;

const isError = (m: ServerMessage): m is ErrorMessage => m.type === 'error';
const isRejected = (m: ServerMessage): m is OrderRejectedEvent => m.type === 'order.rejected';

describe('order-op limits: two gateways and two web nodes on one Redis', () => {
  const prefix = uniquePrefix('twlimits');
  const lonePrefix = uniquePrefix('twlimitsq');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const processes: TickwireProcess[] = [];
  const clients: TradingClient[] = [];
  let engine: TickwireProcess | undefined;
  let webs: [string, string] = ['', ''];
  let gateways: [string, string] = ['', ''];
  let loneGateway = '';
  let alice: TestSession;
  let bob: TestSession;
  let carol: TestSession;

  async function connect(url: string, session: TestSession): Promise<TradingClient> {
    const client = await TradingClient.connect(url, { token: session.token, via: 'bearer' });
    clients.push(client);
    return client;
  }

  /** The engine's count of one statement kind, from its /metrics. */
  async function statementCount(statement: string): Promise<number> {
    const text = await (await fetch(`${engine?.baseUrl ?? ''}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`tickwire_engine_statement_duration_seconds_count{statement="${statement}"}`));
    return Number(line?.split(' ').at(-1) ?? Number.NaN);
  }

  before(async () => {
    database = await createTestDatabase();
    const [webPort1, webPort2] = [await freePort(), await freePort()];
    const shared = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      DATABASE_URL: database.url,
      FEED_RATE: '50',
      ORDER_OPS_PER_SECOND: '1',
      ORDER_OPS_BURST: String(BURST),
      SESSIONS_PER_ADDRESS: String(SESSIONS),
      SESSION_WINDOW_MS: '600000',
    };
    processes.push(await startTickwire('feed', { ...shared, NODE_ID: 'feed-1' }));
    const started = await startRoles([
      { role: 'engine', env: { ...shared, NODE_ID: 'engine-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-2' } },
      { role: 'web', env: { ...shared, NODE_ID: 'web-1', PORT: String(webPort1) } },
      { role: 'web', env: { ...shared, NODE_ID: 'web-2', PORT: String(webPort2) } },
      // A gateway whose queue no engine reads (its own prefix), bounded at 3 ops.
      { role: 'gateway', env: { ...shared, REDIS_PREFIX: lonePrefix, NODE_ID: 'gateway-lone', ORDER_QUEUE_MAX: '3' } },
    ]);
    processes.push(...started);
    const [engineProcess, gateway1, gateway2, web1, web2, lone] = started;
    engine = engineProcess;
    webs = [web1?.baseUrl ?? '', web2?.baseUrl ?? ''];
    gateways = [`ws://127.0.0.1:${gateway1?.port}/ws`, `ws://127.0.0.1:${gateway2?.port}/ws`];
    loneGateway = `ws://127.0.0.1:${lone?.port}/ws`;
    // Three of the address's SESSIONS new accounts.
    alice = await openSession(webs[0]);
    bob = await openSession(webs[1]);
    carol = await openSession(webs[0]);
  });

  after(async () => {
    for (const client of clients) client.close();
    await Promise.all(processes.map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await deleteRedisKeys(lonePrefix);
    await database?.drop();
  });

  it("holds one user's budget across both gateway nodes: RATE_LIMITED with retryAfterMs past it", async () => {
    const [one, two] = [await connect(gateways[0], alice), await connect(gateways[1], alice)];
    const sent = 14;
    for (let i = 0; i < sent; i++) (i % 2 === 0 ? one : two).send({ op: 'order.cancel', id: `c${i}`, orderId: String(900_000_000 + i) });
    const refusedCount = sent - BURST;
    await waitFor('every op answered', () => new Set(one.messages.filter(isRejected).map((m) => m.requestId)).size + [...one.messages, ...two.messages].filter(isError).length === sent);
    const refused = [...one.messages, ...two.messages].filter(isError);
    assert.equal(refused.length, refusedCount, `${BURST} ops pass per window, whichever node they reach`);
    for (const error of refused) {
      assert.equal(error.code, 'RATE_LIMITED');
      assert.ok(error.id !== undefined, 'the refusal names the op');
      assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 0 && error.retryAfterMs <= 10_000, `retryAfterMs ${error.retryAfterMs}`);
    }
    const answered = one.messages.filter(isRejected);
    assert.ok(answered.every((m) => m.code === 'UNKNOWN_ORDER'));
  });

  it("answers a cancel of another user's order, or of a made-up id, UNKNOWN_ORDER without a transaction", async () => {
    const bobs = await connect(gateways[0], bob);
    bobs.send({ op: 'order.place', id: 'p1', clientOrderId: 'rest-1', symbol: 'AAPL', side: 'buy', type: 'limit', price: '180.00', quantity: '1' });
    const accepted = await bobs.waitFor('accepted', (m): m is OrderAcceptedEvent => m.type === 'order.accepted' && m.clientOrderId === 'rest-1');
    const transactionsBefore = await statementCount('locked_transaction');
    const carols = await connect(gateways[1], carol);
    const cancels = [
      { op: 'order.cancel', id: 'x1', orderId: accepted.orderId },
      { op: 'order.cancel', id: 'x2', orderId: accepted.orderId },
      { op: 'order.cancel', id: 'x3', clientOrderId: 'rest-1' },
      { op: 'order.cancel', id: 'x4', orderId: '4242424242' },
      { op: 'order.cancel', id: 'x5', orderId: '9223372036854775999' },
    ];
    for (const cancel of cancels) carols.send(cancel);
    await waitFor('every cancel answered', () => carols.messages.filter(isRejected).length === cancels.length);
    assert.deepEqual(carols.messages.filter(isRejected).map((m) => [m.requestId, m.code]), cancels.map((c) => [c.id, 'UNKNOWN_ORDER']));
    // A cancelAll with nothing open in the symbol needs no lock either.
    carols.send({ op: 'order.cancelAll', id: 'x6', symbol: 'AAPL' });
    const done = await carols.waitFor('cancelAll done', (m) => m.type === 'order.cancelAll.done' && m.requestId === 'x6');
    assert.equal(done.type === 'order.cancelAll.done' && done.cancelled, 0);
    assert.equal(await statementCount('locked_transaction'), transactionsBefore, 'no transaction was opened for them');
    // The owner's cancel of the open order is the one that takes the lock.
    bobs.send({ op: 'order.cancel', id: 'own', orderId: accepted.orderId });
    await bobs.waitFor('cancelled', (m) => m.type === 'order.cancelled' && m.requestId === 'own');
    assert.equal(await statementCount('locked_transaction'), transactionsBefore + 1);
  });

  it('answers UNAVAILABLE, saying the queue is full, once the order queue holds ORDER_QUEUE_MAX ops', async () => {
    const client = await connect(loneGateway, alice);
    for (let i = 0; i < 5; i++) client.send({ op: 'order.cancel', id: `q${i}`, orderId: String(800_000_000 + i) });
    await waitFor('two refusals', () => client.messages.filter(isError).length === 2);
    await sleep(200);
    const refused = client.messages.filter(isError);
    assert.deepEqual(refused.map((m) => [m.code, m.id]), [['UNAVAILABLE', 'q3'], ['UNAVAILABLE', 'q4']]);
    assert.match(refused[0]?.message ?? '', /the order queue is full \(3 ops waiting\); retry/);
    assert.ok((refused[0]?.retryAfterMs ?? 0) > 0);
  });

  it('limits new accounts per client address across both web nodes: 429 with Retry-After', async () => {
    const post = (web: string) =>
      fetch(`${web}/api/session`, { method: 'POST', headers: { Origin: new URL(web).origin, 'Content-Type': 'application/json' }, body: '{}' });
    const statuses: number[] = [];
    for (let i = 0; i < SESSIONS - 3; i++) statuses.push((await post(webs[i % 2] ?? '')).status);
    assert.deepEqual(statuses, Array.from({ length: SESSIONS - 3 }, () => 201), 'the address opens its remaining accounts on either node');
    for (const web of webs) {
      const refused = await post(web);
      assert.equal(refused.status, 429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}`);
      const body = (await refused.json()) as { error: string; message: string };
      assert.equal(body.error, 'rate_limited');
      assert.match(body.message, /too many new accounts from this address/);
    }
    // A request with a session is not a new account: it is answered as before.
    const again = await fetch(`${webs[1]}/api/session`, {
      method: 'POST',
      headers: { Origin: new URL(webs[1]).origin, 'Content-Type': 'application/json', Authorization: `Bearer ${alice.token}` },
      body: '{}',
    });
    assert.equal(again.status, 200);
  });
});
