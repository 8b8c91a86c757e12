// The SSE hub over a real Redis whose connections drop: whichever of the web broker's connections
// (commands or subscriber) comes back first, and even when its first read of the stream fails, the
// hub's clients get every entry the stream holds, once, in order. A gate in front of Redis holds back
// the connections of one name, so each order of recovery is played on purpose rather than by chance.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { redisNames } from '../../lib/broker/redis-names.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import { IndexHub, type HubClient } from '../../server/web/sse/index-hub.ts';
import { appendTicks } from '../helpers/index-ticks.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { startRedisGate, type RedisGate } from '../helpers/redis-gate.ts';
import { uniquePrefix } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const quiet = { warn: () => undefined, info: () => undefined };
// Long enough for a live message to reach the hub and be passed on, were it not held back.
const DELIVERY_MS = 150;

describe('SSE hub: Redis connections lost and back in any order', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  let gate: RedisGate;
  let prefix: string;
  let reader: RedisBroker;
  let writer: RedisBroker;
  let hub: IndexHub;
  const received: string[] = [];
  const client: HubClient = {
    transport: 'sse',
    symbols: [],
    onEntry: (entry) => void received.push(entry.entry.id),
    onHeartbeat: () => undefined,
    close: () => undefined,
  };

  before(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url, { connectionName: 'twtest-admin' });
  });
  after(async () => {
    await admin.quit();
    await redis.destroy();
  });
  beforeEach(async () => {
    prefix = uniquePrefix();
    received.length = 0;
    gate = await startRedisGate(redis.port);
    reader = new RedisBroker({ url: gate.url, prefix, logger: quiet });
    writer = new RedisBroker({ url: redis.url, prefix, logger: quiet });
    hub = new IndexHub(reader);
    await waitFor('the web broker ready', () => reader.state === 'ready');
    await hub.add(client);
    const live = await appendTicks(writer, 2);
    await waitFor('live entries before the outage', () => received.length === 2);
    assert.deepEqual(received, live);
  });
  afterEach(async () => {
    await admin.call('ACL', 'SETUSER', 'default', '+xrange');
    hub.remove(client);
    await reader.close();
    await writer.close();
    await gate.close();
  });

  const role = (name: 'command' | 'subscriber'): string => `${prefix}${name}`;

  /** Drops the web broker's own connections (only those through the gate), as a Redis restart would. */
  async function killWebConnections(): Promise<void> {
    const addresses = gate.upstreamAddresses(prefix);
    assert.equal(addresses.length, 2, 'the command and subscriber connections');
    for (const address of addresses) await admin.client('KILL', 'ADDR', address);
    await waitFor('the web broker to notice', () => reader.state === 'reconnecting');
  }

  async function isSubscriberBack(): Promise<boolean> {
    const reply = await admin.pubsub('NUMSUB', redisNames(prefix).tail(INDEX_STREAM));
    return reply[1] === 1;
  }

  /** After recovery: one more live entry, then the client must hold the whole stream, in order, once each. */
  async function assertEveryEntryOnce(): Promise<void> {
    await waitFor('the web broker ready again', () => reader.state === 'ready');
    const [last] = await appendTicks(writer, 1, { from: 100 });
    await waitFor('the last entry live', () => received.includes(last ?? ''));
    const stream = (await writer.readAfter(INDEX_STREAM, '0-0', 1000)).map((entry) => entry.id);
    assert.deepEqual(received, stream);
  }

  it('refills what pub/sub lost when the subscriber resubscribes before the command connection is back', async () => {
    gate.hold(role('command'));
    gate.hold(role('subscriber'));
    await killWebConnections();
    await appendTicks(writer, 3, { from: 10 });
    gate.release(role('subscriber'));
    await waitFor('the subscriber back', isSubscriberBack);
    // Live again before the broker can read the stream: these must wait behind the gap, not jump it.
    await appendTicks(writer, 2, { from: 20 });
    await sleep(DELIVERY_MS);
    assert.equal(received.length, 2, 'nothing passed on ahead of the missed entries');
    gate.release(role('command'));
    await assertEveryEntryOnce();
  });

  it('refills what pub/sub lost when the command connection is back before the subscriber', async () => {
    gate.hold(role('subscriber'));
    await killWebConnections();
    await appendTicks(writer, 3, { from: 10 });
    await waitFor('the command connection back', () => gate.upstreamAddresses(role('command')).length === 1);
    await appendTicks(writer, 2, { from: 20 });
    gate.release(role('subscriber'));
    await assertEveryEntryOnce();
  });

  it('retries a refill the broker refuses, holding live entries until it succeeds', async () => {
    gate.hold(role('subscriber'));
    await killWebConnections();
    await appendTicks(writer, 3, { from: 10 });
    // The refill's read is refused (as while Redis answers LOADING); the tail must not give up on the gap.
    await admin.call('ACL', 'LOG', 'RESET');
    await admin.call('ACL', 'SETUSER', 'default', '-xrange');
    gate.release(role('subscriber'));
    await waitFor('a refill refused', async () => JSON.stringify(await admin.call('ACL', 'LOG')).includes('xrange'));
    await appendTicks(writer, 2, { from: 20 });
    await sleep(DELIVERY_MS);
    assert.equal(received.length, 2, 'nothing passed on ahead of the missed entries');
    await admin.call('ACL', 'SETUSER', 'default', '+xrange');
    await assertEveryEntryOnce();
  });

  it('refills after an outage that comes before its first live entry', async () => {
    // A second hub opens on a stream that already holds entries and loses its connection before any new one.
    const late: string[] = [];
    const lateHub = new IndexHub(reader);
    const lateClient: HubClient = { ...client, onEntry: (entry) => void late.push(entry.entry.id) };
    await lateHub.add(lateClient);
    try {
      gate.hold(role('subscriber'));
      await killWebConnections();
      const missed = await appendTicks(writer, 3, { from: 10 });
      gate.release(role('subscriber'));
      await assertEveryEntryOnce();
      assert.deepEqual(late, [...missed, received.at(-1)]);
    } finally {
      lateHub.remove(lateClient);
    }
  });
});
