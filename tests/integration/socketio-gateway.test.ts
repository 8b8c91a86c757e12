// Socket.IO on the gateway with the real socket.io-client: the handshake's checks, books exact by
// checksum over long polling and after the upgrade to WebSocket, acks for subscriptions and order
// ops, the user's order events, refusals, and what a client sees when its node restarts.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { MemoryBroker } from '../../lib/broker/memory-broker.ts';
import { openDatabase, type Database } from '../../lib/db/database.ts';
import { applyDelta, bookFromSnapshot, type BookReplica } from '../../lib/market/book-replica.ts';
import { ORDER_QUEUE, userChannel } from '../../lib/protocol/channels.ts';
import type { MarketMessage } from '../../lib/protocol/messages.ts';
import { orderQueueEntrySchema, type OrderQueueEntry } from '../../lib/protocol/orders.ts';
import { createSession } from '../../lib/session/session-store.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
const ORDER = { clientOrderId: 'sio-1', symbol: SYMBOL, side: 'buy', type: 'limit', price: '1000', quantity: '0.01' };

/** A socket.io-client socket that keeps one book exact and records every event. */
interface SioClient {
  socket: Socket;
  events: [event: string, payload: unknown][];
  problems: string[];
  book(): BookReplica | undefined;
  emit(event: string, payload: unknown): Promise<{ ok: boolean; event?: string; error?: { code: string } }>;
}

describe('Socket.IO on the gateway', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let db: Database;
  let h: GatewayHarness;
  let userId: string;
  let token: string;
  const queued: OrderQueueEntry[] = [];
  const sockets: Socket[] = [];

  function connect(options: { transports?: ('polling' | 'websocket')[]; token?: string; origin?: string } = {}): SioClient {
    const socket = io(`http://127.0.0.1:${h.port}`, {
      path: '/socket.io/',
      transports: options.transports ?? ['polling', 'websocket'],
      reconnection: false,
      ...(options.token === undefined ? {} : { auth: { token: options.token } }),
      ...(options.origin === undefined ? {} : { extraHeaders: { origin: options.origin } }),
    });
    sockets.push(socket);
    const events: [string, unknown][] = [];
    const problems: string[] = [];
    let replica: BookReplica | undefined;
    socket.onAny((event: string, payload: unknown) => {
      events.push([event, payload]);
      if (!event.startsWith(`book.${SYMBOL}.`)) return;
      for (const message of (Array.isArray(payload) ? payload : [payload]) as MarketMessage[]) {
        if (message.type === 'book.snapshot') {
          const result = bookFromSnapshot(message);
          replica = result.status === 'ok' ? result.replica : undefined;
          if (result.status !== 'ok') problems.push(`snapshot ${result.status}`);
        } else if (message.type === 'book.delta') {
          if (!replica) problems.push(`delta ${message.seq} before a snapshot`);
          else {
            const result = applyDelta(replica, message);
            if (result.status !== 'ok') problems.push(`delta ${message.seq}: ${result.status}`);
          }
        }
      }
    });
    const emit = (event: string, payload: unknown): Promise<{ ok: boolean; event?: string; error?: { code: string } }> =>
      socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; event?: string; error?: { code: string } }>;
    return { socket, events, problems, book: () => replica, emit };
  }

  async function connected(client: SioClient): Promise<void> {
    await waitFor('connected', () => client.socket.connected);
  }

  before(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'tickwire-sio-'));
    db = await openDatabase({ databaseUrl: database.url, dataDir, migrate: true });
    userId = await createDemoUser(db.prisma, 'sio');
    token = await createSession(db.prisma, userId);
    const broker = new MemoryBroker({ logger: { warn: () => undefined, info: () => undefined } });
    await broker.consume(ORDER_QUEUE, { group: 'test', consumer: 'test', claimIdleMs: 1000 }, async (entry) => {
      queued.push(orderQueueEntrySchema.parse(JSON.parse(entry.data)));
    });
    h = await startGatewayHarness({ broker, db, gateway: { maxConnectionsPerIp: 6 } });
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    await h.close();
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens with the Engine.IO handshake, its session id tagged with the node, and greets with hello', async () => {
    const response = await fetch(`http://127.0.0.1:${h.port}/socket.io/?EIO=4&transport=polling`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^0\{"sid":"test-node\.[A-Za-z0-9_-]{20}","upgrades":\["websocket"\]/);
    // Engine.IO's close packet ends that session at once (else it would hold a slot until its ping times out).
    const sid = (JSON.parse(text.slice(1)) as { sid: string }).sid;
    const closed = await fetch(`http://127.0.0.1:${h.port}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '1' });
    assert.equal(closed.status, 200);
    const client = connect();
    await connected(client);
    await waitFor('hello', () => client.events.find(([event]) => event === 'hello'));
    assert.deepEqual(client.events.find(([event]) => event === 'hello')?.[1], { type: 'hello', node: 'test-node', isAuthenticated: false });
    await waitFor('upgraded to WebSocket', () => client.socket.io.engine.transport.name === 'websocket');
    client.socket.close();
  });

  for (const transports of [['polling'], ['polling', 'websocket']] as const) {
    it(`keeps a book exact by checksum over ${transports.join(' then ')}`, async () => {
      const client = connect({ transports: [...transports] });
      await connected(client);
      const ack = await client.emit('subscribe', { channel: 'book', symbol: SYMBOL, depth: 10 });
      assert.deepEqual([ack.ok, ack.event], [true, `book.${SYMBOL}.10`]);
      await waitFor('snapshot', () => client.book());
      for (let i = 0; i < 20; i++) {
        h.feed.step(5);
        await sleep(5);
      }
      await waitFor('caught up', () => client.book()?.seq === h.feed.seq(SYMBOL));
      assert.deepEqual(client.problems, []);
      if (transports.length === 1) assert.equal(client.socket.io.engine.transport.name, 'polling');
      client.socket.close();
    });
  }

  it('answers refusals through the ack, and a message with no ack to ride as tw.error', async () => {
    const client = connect({ transports: ['websocket'] });
    await connected(client);
    assert.deepEqual((await client.emit('subscribe', { channel: 'book', symbol: 'NOPE-USD' })).error?.code, 'UNKNOWN_SYMBOL');
    assert.deepEqual((await client.emit('subscribe', { channel: 'book', symbol: SYMBOL, depth: 'deep' })).error?.code, 'BAD_MESSAGE');
    assert.deepEqual((await client.emit('order.place', { symbol: SYMBOL })).error?.code, 'BAD_MESSAGE');
    assert.deepEqual((await client.emit('order.place', ORDER)).error?.code, 'UNAUTHENTICATED');
    assert.deepEqual((await client.emit('unsubscribe', { channel: 'trades', symbol: SYMBOL })).error?.code, 'NOT_SUBSCRIBED');
    client.socket.emit('dance', { with: 'me' });
    await waitFor('tw.error', () => client.events.find(([event]) => event === 'tw.error'));
    assert.equal((client.events.find(([event]) => event === 'tw.error')?.[1] as { code: string }).code, 'UNKNOWN_OP');
    // Still usable.
    assert.equal((await client.emit('subscribe', { channel: 'trades', symbol: SYMBOL })).ok, true);
    assert.equal((await client.emit('unsubscribe', { channel: 'trades', symbol: SYMBOL })).ok, true);
    client.socket.close();
  });

  it("acks a signed-in socket's order op once queued and delivers the user's events under `orders`", async () => {
    const client = connect({ token });
    await connected(client);
    await waitFor('hello', () => client.events.find(([event]) => event === 'hello'));
    assert.deepEqual(client.events.find(([event]) => event === 'hello')?.[1], { type: 'hello', node: 'test-node', isAuthenticated: true, userId });
    assert.deepEqual(await client.emit('order.place', ORDER), { ok: true });
    await waitFor('queued', () => queued.find((entry) => entry.userId === userId));
    assert.deepEqual(queued.find((entry) => entry.userId === userId)?.request, { op: 'order.place', id: 1, ...ORDER });
    const amend = { clientOrderId: ORDER.clientOrderId, price: '1001' };
    assert.deepEqual(await client.emit('order.amend', amend), { ok: true });
    await waitFor('amend queued', () => queued.find((entry) => entry.request.op === 'order.amend'));
    assert.deepEqual(queued.find((entry) => entry.request.op === 'order.amend')?.request, { op: 'order.amend', id: 2, ...amend });
    assert.deepEqual((await client.emit('order.amend', { clientOrderId: ORDER.clientOrderId })).error?.code, 'BAD_MESSAGE');
    await h.broker.publish(userChannel(userId), JSON.stringify({ type: 'balance', cash: '99.00000000', ts: 1 }));
    await waitFor('order event', () => client.events.find(([event]) => event === 'orders'));
    assert.deepEqual(client.events.find(([event]) => event === 'orders')?.[1], { type: 'balance', cash: '99.00000000', ts: 1 });
    client.socket.close();
  });

  it('refuses a foreign origin, an unknown Bearer token and a client over its socket cap', async () => {
    const foreign = await fetch(`http://127.0.0.1:${h.port}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    assert.deepEqual(await foreign.json(), { error: 'origin', message: 'Forbidden' });
    const stranger = connect({ token: 'not-a-session', transports: ['websocket'] });
    const error = await new Promise<Error>((resolve) => stranger.socket.once('connect_error', resolve));
    assert.equal(error.message, 'unknown-session');
    await waitFor('earlier sockets gone', () => h.gateway.stats().connections === 0);
    const crowd: SioClient[] = [];
    for (let i = 0; i < 6; i++) {
      crowd.push(connect({ transports: ['websocket'] }));
      await connected(crowd[i] as SioClient);
    }
    const refused = await fetch(`http://127.0.0.1:${h.port}/socket.io/?EIO=4&transport=polling`);
    assert.equal(refused.status, 429);
    assert.deepEqual(await refused.json(), { error: 'address-full', message: 'Too Many Requests' });
    const late = connect({ transports: ['websocket'] });
    await new Promise((resolve) => late.socket.once('connect_error', resolve));
    for (const client of crowd) client.socket.close();
    await waitFor('crowd gone', () => h.gateway.stats().connections === 0);
  });

  it('says tw.closed with the close code before a restarting node disconnects, and a reconnect starts over exact', async () => {
    const client = connect({ transports: ['websocket'] });
    await connected(client);
    await client.emit('subscribe', { channel: 'book', symbol: SYMBOL, depth: 10 });
    await waitFor('snapshot', () => client.book());
    await h.restartGateway();
    await waitFor('tw.closed', () => client.events.find(([event]) => event === 'tw.closed'));
    assert.deepEqual(client.events.find(([event]) => event === 'tw.closed')?.[1], { code: 1012, reason: 'server shutting down' });
    await waitFor('disconnected', () => !client.socket.connected);
    const errors: string[] = [];
    client.socket.on('connect_error', (error) => errors.push(error.message));
    client.socket.connect();
    // A loaded CI machine restarts a gateway slowly: allow it, and say what the client met meanwhile.
    await waitFor('reconnected', () => client.socket.connected, 20_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; connect errors: ${errors.join(', ') || 'none'}`);
    });
    await client.emit('subscribe', { channel: 'book', symbol: SYMBOL, depth: 10 });
    h.feed.step(10);
    await waitFor('caught up after the restart', () => client.book()?.seq === h.feed.seq(SYMBOL));
    assert.deepEqual(client.problems, []);
    client.socket.close();
  });
});
