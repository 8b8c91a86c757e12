// The SSE index stream with Redis behind several web processes: one broker subscription per process,
// identical streams from every node, and resume without loss across a node's restart or loss.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { compareStreamIds } from '../../lib/broker/broker.ts';
import { fetchMetrics, metricValue } from '../helpers/metrics-text.ts';
import { openRawSse, type RawSse } from '../helpers/raw-sse.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { openResumingSse, type ResumingSseClient } from '../helpers/resuming-sse-client.ts';
import { createTestDatabase, freePort, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { startTcpBalancer, type TcpBalancer } from '../helpers/tcp-balancer.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

describe('SSE index stream across web processes on Redis', () => {
  const prefix = uniquePrefix('twsse');
  const redis = new Redis(TEST_REDIS_URL);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let shared: Record<string, string>;
  let feed: TickwireProcess;
  const webs: { port: number; env: Record<string, string>; process: TickwireProcess }[] = [];
  let balancer: TcpBalancer;

  const startWeb = (env: Record<string, string>): Promise<TickwireProcess> => startTickwire('web', env);
  /** The ids the Redis stream holds after `first` up to `last`: exactly what a client should have received. */
  const storedIds = async (first: string, last: string): Promise<string[]> =>
    ((await redis.xrange(`${prefix}stream:md:index`, `(${first}`, last)) as [string, string[]][]).map(([id]) => id);
  const received = (client: ResumingSseClient): string[] => client.indexIds();

  before(async () => {
    database = await createTestDatabase();
    shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url };
    feed = await startTickwire('feed', { ...shared, NODE_ID: 'feed-1', FEED_RATE: '40' });
    for (const name of ['web-1', 'web-2']) {
      const port = await freePort();
      webs.push({ port, env: { ...shared, NODE_ID: name, PORT: String(port) }, process: undefined as unknown as TickwireProcess });
    }
    await Promise.all(webs.map(async (web) => (web.process = await startWeb(web.env))));
    balancer = await startTcpBalancer(webs.map((w) => w.port));
  });
  after(async () => {
    await balancer?.close();
    await Promise.all([feed, ...webs.map((w) => w.process)].map((p) => p?.kill()));
    await redis.quit();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('holds one broker subscription per web process, however many streams it serves', async () => {
    const streams: RawSse[] = [];
    try {
      for (const web of webs) for (let i = 0; i < 25; i++) streams.push(await openRawSse(`${web.process.baseUrl}/api/stream/index?symbols=BTC-USD`));
      await waitFor('every stream live', () => streams.every((s) => s.events.some((e) => e.event === 'index')), 10_000);
      const [, subscribers] = (await redis.pubsub('NUMSUB', `${prefix}tail:md:index`)) as [string, number];
      assert.equal(subscribers, 2, 'one Redis subscription per web process');
      for (const web of webs) {
        const text = await fetchMetrics(web.process.baseUrl);
        assert.equal(metricValue(text, 'tickwire_index_hub_clients'), 25);
        assert.equal(metricValue(text, 'tickwire_index_hub_broker_subscriptions'), 1);
      }
    } finally {
      for (const s of streams) s.close();
    }
    await waitFor('the subscriptions released', async () => ((await redis.pubsub('NUMSUB', `${prefix}tail:md:index`)) as [string, number])[1] === 0, 5000, 50);
  });

  it('streams the same ids from every web process', async () => {
    const since = ((await redis.xrevrange(`${prefix}stream:md:index`, '+', '-', 'COUNT', 1)) as [string, string[]][])[0]?.[0];
    const streams = await Promise.all(webs.map((w) => openRawSse(`${w.process.baseUrl}/api/stream/index`, { 'Last-Event-ID': since ?? '' })));
    try {
      await waitFor('5 events from each', () => streams.every((s) => s.events.filter((e) => e.event === 'index').length >= 5), 10_000);
      const [a, b] = streams.map((s) => s.events.filter((e) => e.event === 'index').slice(0, 5).map((e) => e.id ?? ''));
      assert.deepEqual(a, b);
      assert.deepEqual(a, (await storedIds(since ?? '', a?.at(-1) ?? '')));
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('resumes without loss when the web process under a client is killed and restarted', async () => {
    const web = webs[0];
    assert.ok(web);
    const client = openResumingSse(`${web.process.baseUrl}/api/stream/index`, { retryMs: 250 });
    try {
      await waitFor('4 events', () => received(client).length >= 4, 10_000);
      await web.process.kill();
      await sleep(1000); // the stream moves on in Redis while the node is gone
      web.process = await startWeb(web.env);
      await waitFor('4 events after the restart', () => client.events.filter((e) => e.connection > 0 && e.event === 'index').length >= 4, 20_000);
      const ids = received(client);
      assert.deepEqual(ids.slice(1), await storedIds(ids[0] ?? '', ids.at(-1) ?? ''), 'every id exactly once');
      assert.ok(client.connections() >= 2);
    } finally {
      client.close();
    }
  });

  it('behind a load balancer, moves a client to another web process and resumes without loss', async () => {
    const client = openResumingSse(`${balancer.url}/api/stream/index`, { retryMs: 250 });
    try {
      await waitFor('4 events', () => received(client).length >= 4, 10_000);
      const servingPort = balancer.routed.at(-1);
      const serving = webs.find((w) => w.port === servingPort);
      assert.ok(serving);
      assert.equal(await serving.process.stop(), 0, 'graceful stop');
      await waitFor('4 events from the other node', () => client.events.filter((e) => e.connection > 0 && e.event === 'index').length >= 4, 10_000);
      assert.notEqual(balancer.routed.at(-1), servingPort, 'reconnected to the other node');
      const ids = received(client);
      assert.deepEqual(ids.slice(1), await storedIds(ids[0] ?? '', ids.at(-1) ?? ''), 'every id exactly once');
      serving.process = await startWeb(serving.env);
    } finally {
      client.close();
    }
    assert.ok(received(client).every((id, i, all) => i === 0 || compareStreamIds(id, all[i - 1] ?? '') > 0));
  });
});
