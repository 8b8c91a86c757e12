// Chaos: a gateway node is killed (SIGKILL) under a fast feed. Its clients reconnect through nginx to
// the other node and are exact again within 2 s; clients on the other node notice nothing. On Redis
// and on NATS JetStream alike.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../../scripts/cluster/start-cluster.ts';
import { CLUSTER_BROKERS, sharedClusterBroker } from '../helpers/cluster-broker.ts';
import { watchBookResiliently, type ResilientWatcher } from '../helpers/resilient-book-watcher.ts';
import { createTestDatabase } from '../helpers/services.ts';
import { sleep, waitFor } from '../helpers/wait-for.ts';

const RUN_MS = Number(process.env.CHAOS_SECONDS ?? 20) * 1000;
const WATCHERS = 8;

for (const kind of CLUSTER_BROKERS) describe(`chaos: a gateway node dies (${kind})`, () => {
  const broker = sharedClusterBroker(kind, 'twchaos');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cluster: Cluster;
  const watchers: ResilientWatcher[] = [];

  before(async () => {
    database = await createTestDatabase();
    cluster = await startCluster({ ...broker.options, databaseUrl: database.url, webs: 1, feeds: 1, engines: 1, env: { FEED_RATE: '1000' } });
  });
  after(async () => {
    for (const watcher of watchers) watcher.close();
    await cluster?.stop();
    await broker.cleanup();
    await database?.drop();
  });

  it('moves the dead node\'s clients to the live one with exact books, and leaves the others alone', async (t) => {
    const url = `ws://127.0.0.1:${cluster.nginx.port}/ws`;
    for (let i = 0; i < WATCHERS; i++) watchers.push(await watchBookResiliently(url, i % 2 === 0 ? 'BTC-USD' : 'ETH-USD'));
    const onVictim = watchers.filter((w) => w.node() === 'gateway-1');
    const onSurvivor = watchers.filter((w) => w.node() === 'gateway-2');
    assert.ok(onVictim.length > 0 && onSurvivor.length > 0, `clients on both gateways (${watchers.map((w) => w.node()).join(', ')})`);

    const started = Date.now();
    await sleep(RUN_MS / 3);
    const killedAt = Date.now();
    await cluster.node('gateway-1').process.kill();
    await waitFor('every client of the dead node to be exact again', () => onVictim.every((w) => w.outages[0]?.exactAgainAt !== undefined), 10_000);
    const deltasAfterKill = watchers.map((w) => w.deltas());
    await sleep(Math.max(0, started + RUN_MS - Date.now()));

    for (const watcher of onVictim) {
      const outage = watcher.outages[0];
      assert.ok(outage?.exactAgainAt !== undefined);
      assert.ok(outage.exactAgainAt - killedAt <= 2000, `exact again ${outage.exactAgainAt - killedAt} ms after the kill`);
      assert.equal(watcher.node(), 'gateway-2', 'reconnected through nginx to the live node');
    }
    t.diagnostic(`exact again after the kill (ms): ${onVictim.map((w) => (w.outages[0]?.exactAgainAt ?? 0) - killedAt).join(', ')}; deltas verified: ${watchers.map((w) => w.deltas()).join(', ')}`);
    for (const watcher of onSurvivor) assert.deepEqual(watcher.outages, [], 'a client of the live node never dropped');
    for (const [i, watcher] of watchers.entries()) {
      assert.deepEqual(watcher.problems, [], 'no gap and no checksum mismatch, ever');
      assert.ok(watcher.deltas() > (deltasAfterKill[i] ?? 0) + 50, 'still streaming after the kill');
    }
  });
});
