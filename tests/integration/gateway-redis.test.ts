// The gateway over real Redis, as in the distributed mode: the feed and the gateway each have their
// own broker connection. Books stay exact, and a Redis crash and restart ends in a fresh exact book.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Broker } from '../../lib/broker/broker.ts';
import { createBroker } from '../../lib/broker/create-broker.ts';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.ts';
import { GatewayTestClient, topOf } from '../helpers/gateway-test-client.ts';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis.ts';
import { uniquePrefix } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const SYMBOL = 'BTC-USD';
const quiet = { warn: () => undefined, info: () => undefined };

describe('gateway over Redis', () => {
  let redis: PrivateRedis;
  let h: GatewayHarness;
  let gatewayBroker: Broker;
  let client: GatewayTestClient;
  before(async () => {
    redis = await startPrivateRedis();
    const prefix = uniquePrefix();
    const feedBroker = createBroker({ redisUrl: redis.url, prefix, logger: quiet });
    gatewayBroker = createBroker({ redisUrl: redis.url, prefix, logger: quiet });
    await waitFor('brokers ready', () => feedBroker.state === 'ready' && gatewayBroker.state === 'ready', 10_000);
    h = await startGatewayHarness({ broker: feedBroker, gatewayBroker: () => gatewayBroker });
    client = await GatewayTestClient.connect(h.url);
    await client.subscribeBook(SYMBOL, 50);
    await waitFor('snapshot', () => client.book(SYMBOL).replica, 10_000);
  });
  after(async () => {
    client.close();
    await h.close();
    await gatewayBroker.close();
    await redis.stop();
  });

  async function assertExact(): Promise<void> {
    await h.feed.stop();
    await h.feed.start();
    await waitFor('caught up', () => client.book(SYMBOL).replica?.seq === h.feed.seq(SYMBOL), 10_000);
    assert.deepEqual(client.problems, []);
    assert.deepEqual(client.levels(SYMBOL), topOf(h.feed.snapshot(SYMBOL), 50));
  }

  test('streams every seq of a fast book exactly', async () => {
    h.feed.run(10, 5);
    await sleep(2000);
    await assertExact();
    const seqs = client.book(SYMBOL).seqs;
    assert.ok(seqs.length > 1000, `${seqs.length} deltas`);
    assert.ok(seqs.every((seq, i) => i === 0 || seq === (seqs[i - 1] ?? 0) + 1));
    assert.equal(client.book(SYMBOL).stales, 0);
  });

  test('a Redis crash makes the book stale; after the restart it resyncs exactly', async () => {
    const snapshots = client.book(SYMBOL).snapshots;
    h.feed.run(5, 5);
    await redis.stop();
    await waitFor('stale', () => client.book(SYMBOL).stales === 1, 10_000);
    await sleep(300);
    await redis.start();
    await waitFor('fresh snapshot', () => client.book(SYMBOL).snapshots === snapshots + 1, 20_000);
    await sleep(500);
    await assertExact();
  });
});
