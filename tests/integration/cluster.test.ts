// `npm run cluster`'s deployment: nginx in front of two web and two gateway nodes, each message
// reaching the node that holds the client through Redis; two feeds and two engines, one of each leading.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { openSse } from '../helpers/sse-client.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { watchBook } from '../helpers/ws-book-client.ts';
import type { SystemView } from '../../lib/protocol/system-view.ts';

describe('cluster behind nginx', () => {
  const prefix = uniquePrefix('twcluster');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: Cluster;

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, databaseUrl: database.url, redisPrefix: prefix, env: { FEED_RATE: '100' } });
  });
  after(async () => {
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('spreads plain requests over both web nodes without sticky sessions', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20 && seen.size < 2; i++) {
      const health = (await (await fetch(`${cluster.url}/healthz`)).json()) as { node: string };
      seen.add(health.node);
    }
    assert.deepEqual([...seen].sort(), ['web-1', 'web-2']);
  });

  it('streams the index through nginx without buffering', async () => {
    const sse = await openSse(`${cluster.url}/api/stream/index`);
    try {
      assert.equal(sse.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      await waitFor('index events through nginx', () => sse.events.filter((e) => e.event === 'index').length >= 3, 10_000);
    } finally {
      sse.close();
    }
  });

  it('upgrades /ws through nginx to a gateway node and keeps the book exact', async () => {
    const books = await Promise.all([1, 2, 3, 4].map(() => watchBook(`ws://127.0.0.1:${cluster.nginx.port}/ws`, 'BTC-USD')));
    try {
      await waitFor('every client to have a book and 20 deltas', () => books.every((b) => b.replica() && b.messages.filter((m) => m.type === 'book.delta').length >= 20), 15_000);
      for (const book of books) assert.deepEqual(book.problems, []);
      const nodes = new Set(books.map((b) => b.messages.find((m) => m.type === 'hello')).map((h) => (h && h.type === 'hello' ? h.node : '')));
      assert.deepEqual([...nodes].sort(), ['gateway-1', 'gateway-2'], 'least-connection balancing uses both gateways');
    } finally {
      for (const book of books) book.close();
    }
  });

  it('runs one leader and one standby of the feed and the engine, and names the leaders in /api/system', async () => {
    const [feed, engine] = [await cluster.leaderOf('feed'), await cluster.leaderOf('engine')];
    // An operators' endpoint: nginx refuses it, a web node answers it on its own address (from loopback).
    assert.equal((await fetch(`${cluster.url}/api/system`)).status, 404, 'not through nginx');
    const web = cluster.nodes.find((n) => n.role === 'web');
    assert.ok(web !== undefined);
    const view = await waitFor(
      'both leaders in /api/system',
      async () => {
        const system = (await (await fetch(`${web.process.baseUrl}/api/system`)).json()) as SystemView;
        return system.leaders.feed?.token && system.leaders.engine?.token ? system : undefined;
      },
      10_000,
    );
    assert.equal(view.leaders.feed?.node, feed.name);
    assert.equal(view.leaders.engine?.node, engine.name);
    assert.ok(Number(view.leaders.feed?.token) > 1_700_000_000_000, 'fence tokens order after the start-time epochs of old');
    const standbys = cluster.nodes.filter((n) => (n.role === 'feed' || n.role === 'engine') && n !== feed && n !== engine);
    assert.deepEqual(standbys.map((n) => n.role).sort(), ['engine', 'feed']);
  });
});
