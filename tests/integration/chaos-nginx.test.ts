// Chaos: nginx itself, the one door every client comes through, is reloaded and then stopped and
// started again under live clients. WebSocket book watchers reconnect, resume and check every delta's
// checksum; EventSource-like SSE clients reconnect with Last-Event-ID and must end up with exactly the
// index stream's ids (as Redis holds them), in order, none twice and none missing. Reconnection times
// are reported as diagnostics.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { compareStreamIds } from '../../lib/broker/broker.ts';
import { RedisBroker } from '../../lib/broker/redis-broker.ts';
import { INDEX_STREAM } from '../../lib/protocol/channels.ts';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { deleteRedisKeys } from '../helpers/redis-keys.ts';
import { watchBookResiliently, type Outage, type ResilientWatcher } from '../helpers/resilient-book-watcher.ts';
import { openResumingSse, type ReceivedEvent, type ResumingSseClient } from '../helpers/resuming-sse-client.ts';
import { createTestDatabase, TEST_REDIS_URL, uniquePrefix } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const WATCHERS = 6;
const SSE_CLIENTS = 4;
const SSE_RETRY_MS = 250;
/** How long nginx stays down in the restart scenario: clients meet a refused port meanwhile. */
const DOWNTIME_MS = 1500;
/** Beyond nginx's own bounds, what a client may take to be streaming again (a loaded 2-core machine). */
const RECOVERY_SLACK_MS = 5000;
/** Streaming on after a recovery, so a client that reconnected but then stalled is caught. */
const STREAMING_ON_MS = 1500;

/** Where each client stood before a scenario: its outages (WebSocket) or connections (SSE) so far. */
interface Marks {
  outages: number[];
  connections: number[];
}

describe('chaos: nginx reloaded and restarted under live clients', () => {
  const prefix = uniquePrefix('twchaosnginx');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: Cluster;
  let broker: RedisBroker;
  const watchers: ResilientWatcher[] = [];
  const sseClients: ResumingSseClient[] = [];

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({ redisUrl: TEST_REDIS_URL, databaseUrl: database.url, redisPrefix: prefix, feeds: 1, engines: 1, gateways: 2, webs: 2, env: { FEED_RATE: '200' } });
    broker = new RedisBroker({ url: TEST_REDIS_URL, prefix });
    const wsUrl = `ws://127.0.0.1:${cluster.nginx.port}/ws`;
    for (let i = 0; i < WATCHERS; i++) watchers.push(await watchBookResiliently(wsUrl, i % 2 === 0 ? 'BTC-USD' : 'ETH-USD'));
    for (let i = 0; i < SSE_CLIENTS; i++) sseClients.push(openResumingSse(`${cluster.url}/api/stream/index`, { retryMs: SSE_RETRY_MS }));
    await waitFor('every SSE client to receive index events', () => sseClients.every((c) => c.indexIds().length >= 2), 15_000);
  });
  after(async () => {
    for (const client of [...watchers, ...sseClients]) client.close();
    await broker?.close();
    await cluster?.stop();
    await deleteRedisKeys(prefix);
    await database?.drop();
  });

  it('nginx -s reload: clients the old worker lets go reconnect to the new one and lose nothing', async (t) => {
    assert.deepEqual(new Set(watchers.map((w) => w.node())), new Set(['gateway-1', 'gateway-2']), 'watchers on both gateways');
    const marks = markClients();
    const reloadedAt = Date.now();
    await cluster.nginx.reload();
    // The old worker closes what it still holds by worker_shutdown_timeout; every client then comes back.
    const bound = workerShutdownTimeoutMs(cluster.nginx.configPath) + RECOVERY_SLACK_MS;
    await waitForEveryClientBack(marks, bound);
    await assertStreamingOn();

    const outages = watchers.map((w, i) => w.outages[marks.outages[i] ?? 0]).filter((o): o is Outage => o !== undefined);
    t.diagnostic(`reload: WebSocket closed by the old worker after (ms): ${outages.map((o) => o.closedAt - reloadedAt).join(', ')}`);
    t.diagnostic(`reload: WebSocket exact again after its close (ms): ${summarizeMs(outages.map((o) => (o.exactAgainAt ?? Number.NaN) - o.closedAt))}`);
    t.diagnostic(`reload: SSE gap between the last event before and the first after (ms): ${summarizeMs(sseClients.map((c, i) => resumeGapMs(c, marks.connections[i] ?? 1)))}`);
    await assertNothingLost();
  });

  it('stop, then start on the same port: clients reconnect once it is back and resume where they were', async (t) => {
    const marks = markClients();
    const epochs = watchers.map((w) => w.replica()?.epoch);
    const stoppedAt = Date.now();
    await cluster.nginx.restart(DOWNTIME_MS);
    const backAt = Date.now();
    await waitForEveryClientBack(marks, RECOVERY_SLACK_MS);
    await assertStreamingOn();

    const outages = watchers.map((w, i) => w.outages[marks.outages[i] ?? 0]).filter((o): o is Outage => o !== undefined);
    assert.equal(outages.length, WATCHERS, 'a full stop closes every WebSocket');
    assert.ok(sseClients.every((c, i) => c.connections() > (marks.connections[i] ?? 0)), 'a full stop closes every event stream');
    assert.deepEqual(watchers.map((w) => w.replica()?.epoch), epochs, 'the same feed epoch: the books continued, not replaced');
    t.diagnostic(`restart: nginx down for ${backAt - stoppedAt} ms (stop, ${DOWNTIME_MS} ms, start)`);
    t.diagnostic(`restart: WebSocket exact again after nginx was back (ms): ${summarizeMs(outages.map((o) => (o.exactAgainAt ?? Number.NaN) - backAt))}`);
    t.diagnostic(`restart: WebSocket outage from close to exact (ms): ${summarizeMs(outages.map((o) => (o.exactAgainAt ?? Number.NaN) - o.closedAt))}`);
    t.diagnostic(`restart: SSE first event after nginx was back (ms): ${summarizeMs(sseClients.map((c, i) => firstEventOn(c, marks.connections[i] ?? 1) - backAt))}`);
    await assertNothingLost();
  });

  function markClients(): Marks {
    return { outages: watchers.map((w) => w.outages.length), connections: sseClients.map((c) => c.connections()) };
  }

  // Every watcher exact again after a new outage, every SSE client with an index event on a new connection.
  async function waitForEveryClientBack(marks: Marks, timeoutMs: number): Promise<void> {
    const watcherBack = (w: ResilientWatcher, i: number): boolean => w.outages[marks.outages[i] ?? 0]?.exactAgainAt !== undefined;
    const sseBack = (c: ResumingSseClient, i: number): boolean => c.events.some((e) => e.event === 'index' && e.connection >= (marks.connections[i] ?? 0));
    await waitFor('every client to reconnect and stream again', () => watchers.every(watcherBack) && sseClients.every(sseBack), timeoutMs, 50);
  }

  async function assertStreamingOn(): Promise<void> {
    const deltas = watchers.map((w) => w.deltas());
    const events = sseClients.map((c) => c.indexIds().length);
    await sleep(STREAMING_ON_MS);
    watchers.forEach((w, i) => assert.ok(w.deltas() > (deltas[i] ?? 0), `watcher ${i} still receives deltas`));
    sseClients.forEach((c, i) => assert.ok(c.indexIds().length > (events[i] ?? 0), `SSE client ${i} still receives index events`));
  }

  async function assertNothingLost(): Promise<void> {
    for (const watcher of watchers) assert.deepEqual(watcher.problems, [], 'no gap and no checksum mismatch, ever');
    for (const client of sseClients) {
      assert.deepEqual(client.events.filter((e) => e.event === 'expired'), [], 'no resume from an id the stream no longer holds');
      const ids = client.indexIds();
      ids.slice(1).forEach((id, i) => assert.ok(compareStreamIds(ids[i] ?? '0-0', id) < 0, `ids strictly increasing: ${ids[i]} then ${id}`));
      assert.deepEqual(ids, await streamIdsBetween(ids[0] ?? '0-0', ids.at(-1) ?? '0-0'), 'every id of the stream from the first to the last, none missing');
    }
  }

  // The index stream's ids from `first` to `last`, both included, as Redis holds them.
  async function streamIdsBetween(first: string, last: string): Promise<string[]> {
    const later = (await broker.readAfter(INDEX_STREAM, first, 100_000)).map((e) => e.id);
    return [first, ...later.filter((id) => compareStreamIds(id, last) <= 0)];
  }
});

// deploy/nginx.conf's bound on how long an old worker keeps a connection after a reload.
function workerShutdownTimeoutMs(configPath: string): number {
  const match = /^\s*worker_shutdown_timeout\s+(\d+)s;/m.exec(readFileSync(configPath, 'utf8'));
  assert.ok(match, 'nginx.conf sets worker_shutdown_timeout in seconds');
  return Number(match[1]) * 1000;
}

function indexEvents(client: ResumingSseClient): ReceivedEvent[] {
  return client.events.filter((e) => e.event === 'index');
}

// receivedAt of the first index event on a connection from `connection` on.
function firstEventOn(client: ResumingSseClient, connection: number): number {
  return indexEvents(client).find((e) => e.connection >= connection)?.receivedAt ?? Number.NaN;
}

// From the last index event before `connection` to the first on it or later.
function resumeGapMs(client: ResumingSseClient, connection: number): number {
  const lastBefore = indexEvents(client).filter((e) => e.connection < connection).at(-1)?.receivedAt ?? Number.NaN;
  return firstEventOn(client, connection) - lastBefore;
}

// "min …, median …, max … (n=…): every sample", for a diagnostic.
function summarizeMs(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return `min ${at(0)}, median ${at(0.5)}, max ${sorted.at(-1)} (n=${sorted.length}): ${samples.join(', ')}`;
}
