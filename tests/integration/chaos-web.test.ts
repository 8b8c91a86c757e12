// Chaos: a web node is killed (SIGKILL) under SSE clients. EventSource-like clients reconnect through
// nginx to the other web node with Last-Event-ID and miss nothing: their ids equal the Redis stream's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareStreamIds } from '../../lib/broker/broker.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { openResumingSse, type ResumingSseClient } from '../helpers/resuming-sse-client.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 20) * 1000;
const CLIENTS = 10;

describe('chaos: a web node dies under SSE clients', () => {
  const prefix = uniquePrefix('twchaosweb');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: Cluster;
  let broker: RedisBroker;
  const clients: ResumingSseClient[] = [];

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, databaseUrl: database.url, redisPrefix: prefix, gateways: 1, webs: 2, feeds: 1, engines: 1, env: { FEED_RATE: '400' } });
    broker = new RedisBroker({ url: TEST_REDIS_URL, prefix });
  });
  after(async () => {
    for (const client of clients) client.close();
    await broker?.close();
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('resumes every client on the surviving node with every index id exactly once', async (t) => {
    for (let i = 0; i < CLIENTS; i++) clients.push(openResumingSse(`${cluster.url}/api/stream/index`, { retryMs: 250 }));
    await waitFor('every client to receive index events', () => clients.every((c) => c.indexIds().length >= 2), 15_000);
    const started = Date.now();
    await sleep(RUN_MS / 3);
    await cluster.node('web-1').process.kill();
    await sleep(Math.max(0, started + RUN_MS - Date.now()));

    const reconnected = clients.filter((c) => c.connections() > 1).length;
    t.diagnostic(`${reconnected} of ${CLIENTS} clients were on the killed node and reconnected`);
    assert.ok(reconnected > 0, 'some clients were on the killed node');
    for (const client of clients) {
      const ids = client.indexIds();
      const first = ids[0] ?? '0-0';
      const last = ids.at(-1) ?? '0-0';
      const after = (await broker.readAfter(INDEX_STREAM, first, 100_000)).map((e) => e.id);
      const expected = [first, ...after.filter((id) => compareStreamIds(id, last) <= 0)];
      assert.equal(new Set(ids).size, ids.length, 'no id twice');
      assert.deepEqual(ids, expected, 'every id of the stream, in order, none missing');
    }
  });
});
