// The same code distributed: web, gateway, feed and engine as four processes on Redis + PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { createTestDatabase, freePorts, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { openSse } from '../helpers/sse-client.ts';
import { startTickwire, type TickwireProcess } from '../helpers/tickwire-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { watchBook } from '../helpers/ws-book-client.ts';

describe('distributed mode: four processes on Redis and PostgreSQL', () => {
  const prefix = uniquePrefix('twdist');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const processes: Record<string, TickwireProcess> = {};

  before(async () => {
    database = await createTestDatabase();
    const [webPort = 0, gatewayPort = 0] = await freePorts(2);
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATABASE_URL: database.url, FEED_RATE: '100' };
    // The feed migrates the database first; the others find it migrated (and take the same lock if not).
    processes.feed = await startTickwire('feed', { ...shared, NODE_ID: 'feed-1' });
    const [engine, gateway, web] = await Promise.all([
      startTickwire('engine', { ...shared, NODE_ID: 'engine-1' }),
      startTickwire('gateway', { ...shared, NODE_ID: 'gateway-1', PORT: String(gatewayPort), ALLOWED_ORIGINS: `http://127.0.0.1:${webPort}` }),
      startTickwire('web', { ...shared, NODE_ID: 'web-1', PORT: String(webPort), PUBLIC_GATEWAY_URL: `ws://127.0.0.1:${gatewayPort}/ws` }),
    ]);
    Object.assign(processes, { engine, gateway, web });
  });

  after(async () => {
    await Promise.all(Object.values(processes).map((p) => p.kill()));
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('runs each role as its own process, naming role, broker and database first', () => {
    for (const [role, proc] of Object.entries(processes)) {
      assert.match(String(proc.logs[0]?.msg), new RegExp(`^tickwire ${role} starting: broker=redis \\(redis://127\\.0\\.0\\.1:6379\\) database=postgresql \\(`));
    }
  });

  it('every process is live and ready, and says which node it is', async () => {
    for (const [role, proc] of Object.entries(processes)) {
      const health = (await (await fetch(`${proc.baseUrl}/healthz`)).json()) as Record<string, unknown>;
      assert.equal(health.role, role);
      assert.equal(health.node, `${role}-1`);
      assert.equal(health.broker, 'redis');
      assert.equal(health.database, 'postgresql');
      assert.equal((await fetch(`${proc.baseUrl}/readyz`)).status, 200, `${role} ready`);
    }
  });

  it('the page points browsers at the gateway', async () => {
    const html = await (await fetch(processes.web?.baseUrl ?? '')).text();
    assert.match(html, /Tickwire/);
    assert.ok(html.includes(`ws://127.0.0.1:${processes.gateway?.port}/ws`));
  });

  it('the web process streams the index the feed process publishes', async () => {
    const sse = await openSse(`${processes.web?.baseUrl}/api/stream/index`);
    try {
      await waitFor('three index events', () => sse.events.filter((e) => e.event === 'index').length >= 3, 10_000);
      const ids = sse.events.map((e) => e.id ?? '');
      assert.equal(new Set(ids).size, ids.length);
    } finally {
      sse.close();
    }
  });

  it('the gateway process streams an exact book to a page of the web origin', async () => {
    const book = await watchBook(`ws://127.0.0.1:${processes.gateway?.port}/ws`, 'ETH-USD', { origin: processes.web?.baseUrl });
    try {
      await waitFor('snapshot and 20 deltas', () => book.replica() && book.messages.filter((m) => m.type === 'book.delta').length >= 20, 15_000);
      assert.deepEqual(book.problems, []);
    } finally {
      book.close();
    }
  });
});
