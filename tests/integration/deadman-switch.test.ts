// The dead-man's switch end to end: feed, engine and two gateway processes on Redis and PostgreSQL.
// An armed user whose last socket closes has their open orders cancelled after N s; a socket still open
// on the other node keeps them; a gateway killed without a goodbye counts as gone once its heartbeats stop.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDemoUser } from '../../lib/accounts/demo-accounts.ts';
import { openDatabase } from '../../lib/db/database.ts';
import type { OrderAcceptedEvent } from '../../lib/protocol/order-events.ts';
import { createSession } from '../../lib/session/session-store.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startRoles } from '../helpers/start-roles.ts';
import type { TickwireProcess } from '../helpers/tickwire-process.ts';
import { TradingClient } from '../helpers/trading-client.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SECONDS = 3;

describe("dead-man's switch: two gateway processes, one engine", () => {
  const prefix = uniquePrefix('twdeadman');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  const processes: TickwireProcess[] = [];
  const clients: TradingClient[] = [];
  let gatewayUrls: [string, string] = ['', ''];
  let gateway2: TickwireProcess | undefined;
  const tokens: string[] = [];

  async function connect(node: 0 | 1, token: string): Promise<TradingClient> {
    const client = await TradingClient.connect(gatewayUrls[node], { token, via: 'bearer' });
    clients.push(client);
    return client;
  }

  /** Arms the switch and rests a limit buy far below the market; returns the order's id. */
  async function armAndRest(client: TradingClient, clientOrderId: string): Promise<string> {
    client.send({ op: 'order.deadman', id: `arm-${clientOrderId}`, seconds: SECONDS });
    const armed = await client.waitFor('order.deadman', (m) => m.type === 'order.deadman' && m.requestId === `arm-${clientOrderId}`);
    assert.deepEqual({ ...armed, ts: 0 }, { type: 'order.deadman', requestId: `arm-${clientOrderId}`, seconds: SECONDS, ts: 0 });
    client.send({ op: 'order.place', clientOrderId, symbol: 'AAPL', side: 'buy', type: 'limit', price: '180.00', quantity: '1' });
    const accepted = (await client.waitFor('accepted', (m) => m.type === 'order.accepted' && m.clientOrderId === clientOrderId)) as OrderAcceptedEvent;
    return accepted.orderId;
  }

  async function statusOf(orderId: string): Promise<{ status: string; reason: string | null }> {
    const { rows } = await pool.query<{ status: string; reason: string | null }>('SELECT status::text AS status, reason FROM orders WHERE id = $1', [orderId]);
    const row = rows[0];
    assert.ok(row, `order ${orderId} exists`);
    return row;
  }

  before(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const dataDir = await mkdtemp(join(tmpdir(), 'tickwire-deadman-'));
    const db = await openDatabase({ databaseUrl: database.url, dataDir, migrate: true });
    try {
      for (const name of ['alice', 'bob', 'carol']) tokens.push(await createSession(db.prisma, await createDemoUser(db.prisma, name)));
    } finally {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: '50' };
    const started = await startRoles([
      { role: 'feed', env: { ...shared, NODE_ID: 'feed-1' } },
      { role: 'engine', env: { ...shared, NODE_ID: 'engine-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-1' } },
      { role: 'gateway', env: { ...shared, NODE_ID: 'gateway-2' } },
    ]);
    processes.push(...started);
    gateway2 = started[3];
    gatewayUrls = [`ws://127.0.0.1:${started[2]?.port}/ws`, `ws://127.0.0.1:${gateway2?.port}/ws`];
  });

  after(async () => {
    for (const client of clients) client.close();
    await Promise.all(processes.map((p) => p.kill()));
    await pool?.end();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('refuses a delay out of bounds at the gateway', async () => {
    const client = await connect(0, tokens[0] ?? '');
    client.send({ op: 'order.deadman', id: 'bad', seconds: 1 });
    const error = await client.waitFor('error', (m) => m.type === 'error');
    assert.equal((error as { code?: string }).code, 'BAD_MESSAGE');
    client.close();
  });

  it('keeps the orders while a socket stays open on the other node, cancels them N s after the last one closes', async (t) => {
    const onNode1 = await connect(0, tokens[1] ?? '');
    const onNode2 = await connect(1, tokens[1] ?? '');
    const orderId = await armAndRest(onNode1, 'bob-1');
    onNode1.close();
    await sleep(SECONDS * 1000 + 2000);
    assert.deepEqual(await statusOf(orderId), { status: 'open', reason: null }, 'the socket on gateway-2 keeps the switch from firing');
    assert.equal(onNode2.ofType('order.cancelled').length, 0);

    const closedAtMs = Date.now();
    onNode2.close();
    await waitFor('cancelled by the switch', async () => (await statusOf(orderId)).status === 'cancelled', 15_000, 100);
    const elapsedMs = Date.now() - closedAtMs;
    assert.deepEqual(await statusOf(orderId), { status: 'cancelled', reason: 'DEADMAN_SWITCH' });
    assert.ok(elapsedMs >= SECONDS * 1000 - 250, `cancelled after ${elapsedMs} ms, not before ${SECONDS} s`);
    assert.ok(elapsedMs <= SECONDS * 1000 + 3000, `cancelled after ${elapsedMs} ms`);
    t.diagnostic(`cancelled ${elapsedMs} ms after the last socket closed (switch: ${SECONDS} s)`);
  });

  it('disarming (0) stops the switch', async () => {
    const alice = await connect(0, tokens[0] ?? '');
    const kept = await armAndRest(alice, 'alice-keep');
    alice.send({ op: 'order.deadman', id: 'disarm', seconds: 0 });
    await alice.waitFor('disarmed', (m) => m.type === 'order.deadman' && m.requestId === 'disarm' && m.seconds === 0);
    alice.close();
    await sleep(SECONDS * 1000 + 2000);
    assert.equal((await statusOf(kept)).status, 'open', 'a disarmed switch cancels nothing');
  });

  it('a gateway killed without a goodbye counts as gone once its heartbeats stop', async (t) => {
    const carol = await connect(1, tokens[2] ?? '');
    const orderId = await armAndRest(carol, 'carol-1');
    const killedAtMs = Date.now();
    await gateway2?.kill();
    await waitFor('cancelled by the switch', async () => (await statusOf(orderId)).status === 'cancelled', 20_000, 100);
    const elapsedMs = Date.now() - killedAtMs;
    assert.equal((await statusOf(orderId)).reason, 'DEADMAN_SWITCH');
    // Not before the node timeout (3.5 s) after its last heartbeat, which was at most 1 s before the kill.
    assert.ok(elapsedMs >= 2400, `cancelled after ${elapsedMs} ms`);
    t.diagnostic(`cancelled ${elapsedMs} ms after the gateway was killed (switch: ${SECONDS} s, node timeout 3.5 s)`);
  });
});
