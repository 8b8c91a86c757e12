// The gateway's trading edge on one node: sessions from PostgreSQL, one user-channel subscription per
// user shared by that user's sockets, order ops on the queue, and what a bad or failed path answers.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { ORDER_QUEUE, userChannel } from '../../lib/protocol/channels.ts';
import { orderQueueEntrySchema, type OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { createSession } from '../../lib/session/session-store.ts';
import { countingBroker, type CountingBroker } from '../helpers/counting-broker.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { TradingClient } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const balance = (cash: string): string => JSON.stringify({ type: 'balance', cash, ts: 1 });

describe('gateway user channels and order routing', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let db: Database;
  let view: CountingBroker;
  let h: GatewayHarness;
  const queued: OrderQueueEntry[] = [];
  const clients: TradingClient[] = [];
  const users: { id: string; token: string }[] = [];

  async function connect(token?: string): Promise<TradingClient> {
    const client = await TradingClient.connect(h.url, token === undefined ? undefined : { token, via: 'cookie' });
    clients.push(client);
    return client;
  }

  before(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'tickwire-gw-users-'));
    db = await openDatabase({ databaseUrl: database.url, dataDir, migrate: true });
    for (const name of ['ann', 'ben']) {
      const id = await createDemoUser(db.prisma, name);
      users.push({ id, token: await createSession(db.prisma, id) });
    }
    const broker = new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
    await broker.consume(ORDER_QUEUE, { group: 'test', consumer: 'test', claimIdleMs: 1000 }, async (entry) => {
      queued.push(orderQueueEntrySchema.parse(JSON.parse(entry.data)));
    });
    h = await startGatewayHarness({ broker, db, gatewayBroker: (inner) => (view = countingBroker(inner)), shouldStartFeed: false });
  });

  after(async () => {
    for (const client of clients) client.close();
    await h.close();
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("shares one broker subscription among a user's sockets and releases it with the last one", async () => {
    const [ann, ben] = users;
    assert.ok(ann && ben);
    const annSockets = [await connect(ann.token), await connect(ann.token), await connect(ann.token)];
    const benSocket = await connect(ben.token);
    await waitFor('subscriptions live', () => view.liveSubscriptions(userChannel(ann.id)) === 1 && view.liveSubscriptions(userChannel(ben.id)) === 1);
    assert.equal(view.subscribeCalls(userChannel(ann.id)), 1);
    assert.equal(h.gateway.stats().userChannels, 2);

    await h.broker.publish(userChannel(ann.id), balance('1.00000000'));
    for (const socket of annSockets) await socket.waitFor('balance', (m) => m.type === 'balance');
    await sleep(50);
    assert.equal(benSocket.ofType('balance').length, 0);

    annSockets[0]?.close();
    annSockets[1]?.close();
    await sleep(100);
    assert.equal(view.liveSubscriptions(userChannel(ann.id)), 1, 'one socket left keeps it');
    annSockets[2]?.close();
    await waitFor('released', () => view.liveSubscriptions(userChannel(ann.id)) === 0);
    assert.equal(h.gateway.stats().userChannels, 1);
  });

  it('forwards only order events from the user channel; anything else is dropped', async () => {
    const [ann] = users;
    assert.ok(ann);
    const socket = await connect(ann.token);
    await waitFor('subscribed', () => view.liveSubscriptions(userChannel(ann.id)) === 1);
    for (const junk of ['not json', '[1,2]', '{"type":"book.delta","symbol":"BTC-USD"}', '{"no":"type"}']) await h.broker.publish(userChannel(ann.id), junk);
    await h.broker.publish(userChannel(ann.id), balance('2.00000000'));
    await socket.waitFor('balance', (m) => m.type === 'balance');
    assert.deepEqual(socket.messages.map((m) => m.type), ['hello', 'balance']);
  });

  it('queues a validated order op with the user, the node and when it arrived', async () => {
    const [ann] = users;
    assert.ok(ann);
    const socket = await connect(ann.token);
    const before = Date.now();
    socket.send({ op: 'order.cancelAll', id: 'q1', symbol: 'AAPL' });
    socket.send({ op: 'order.place', id: 'q2', clientOrderId: 'x', symbol: 'AAPL', side: 'buy', type: 'market', quantity: '1', price: 'cheap' });
    const entry = await waitFor('queued', () => queued.find((e) => e.request.id === 'q1'));
    assert.deepEqual([entry.userId, entry.node, entry.request], [ann.id, 'test-node', { op: 'order.cancelAll', id: 'q1', symbol: 'AAPL' }]);
    assert.ok(entry.receivedAt >= before && entry.receivedAt <= Date.now());
    const error = await socket.waitFor('bad price', (m) => m.type === 'error');
    assert.deepEqual(error.type === 'error' && [error.code, error.id], ['BAD_MESSAGE', 'q2']);
    assert.equal(queued.some((e) => e.request.id === 'q2'), false);
  });

  it('answers UNAVAILABLE when the order queue cannot be reached, so the client retries', async () => {
    const [ben] = users.slice(1);
    assert.ok(ben);
    const socket = await connect(ben.token);
    view.shouldFailEnqueue = true;
    try {
      socket.send({ op: 'order.cancelAll', id: 'u1', symbol: 'AAPL' });
      const error = await socket.waitFor('unavailable', (m) => m.type === 'error');
      assert.deepEqual(error.type === 'error' && [error.code, error.id], ['UNAVAILABLE', 'u1']);
    } finally {
      view.shouldFailEnqueue = false;
    }
  });

  it('leaves a socket with no token or a stale cookie anonymous, and refuses an unknown Bearer with 401', async () => {
    const anonymous = await connect();
    const stale = await connect('B'.repeat(43));
    for (const socket of [anonymous, stale]) assert.deepEqual(socket.messages[0], { type: 'hello', node: 'test-node', isAuthenticated: false });
    anonymous.send({ op: 'order.cancel', id: 'a1', orderId: '1' });
    const error = await anonymous.waitFor('unauthenticated', (m) => m.type === 'error');
    assert.deepEqual(error.type === 'error' && [error.code, error.id], ['UNAUTHENTICATED', 'a1']);
    await assert.rejects(TradingClient.connect(h.url, { token: 'B'.repeat(43), via: 'bearer' }), /handshake refused with 401/);
    assert.ok(h.gateway.stats().refusedHandshakes >= 1);
  });
});
